"""Fixtures for the scale-out tests: a stand-in read replica, and a real Redis broker with a real
Celery worker process against the pytest test database."""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from diplomacy.processes import database_url, stop

PROJECT_DIR = Path(__file__).resolve().parents[2]
REPLICA = "replica_1"


@dataclass
class RunningWorker:
    process: subprocess.Popen
    hostname: str  # Celery's node name, for remote-control commands sent to this worker only


@pytest.fixture
def replica(settings):
    """Switch the test settings' stand-in database on as the one read replica, as production settings
    do for DATABASE_REPLICA_URLS."""
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.DATABASE_ROUTERS = ["diplomacy.routers.PrimaryReplicaRouter"]
    settings.REPLICA_STICKY_SECONDS = 5
    return REPLICA


@pytest.fixture
def redis_broker():
    """The test settings' dedicated Redis database, emptied before and after; skips without Redis."""
    import redis

    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(
            f"Redis is not reachable at {django_settings.CELERY_BROKER_URL} ({error}); "
            "start redis-server to run the task-queue tests"
        )
    client.flushdb()
    yield django_settings.CELERY_BROKER_URL
    client.flushdb()
    client.close()


@pytest.fixture
def celery_worker(redis_broker, transactional_db, tmp_path):
    """A real `celery worker` process (two child processes) storing into the pytest test database."""
    from diplomacy.celery import app

    env = dict(
        os.environ,
        DATABASE_URL=database_url(connection),
        DJANGO_SETTINGS_MODULE="diplomacy.test_settings",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    name = f"scale-test-{os.getpid()}@localhost"
    # A file rather than a pipe: nobody reads the log while the worker runs, and a full pipe would block it.
    log = (tmp_path / "celery-worker.log").open("w+")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "diplomacy", "worker", "--concurrency", "2",
         "--hostname", name, "--loglevel", "warning", "--without-gossip", "--without-mingle"],
        cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[name], timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"the celery worker did not answer within 60 s:\n{log.read()}")
        yield RunningWorker(process=worker, hostname=name)
    finally:
        stop(worker)  # SIGTERM is Celery's warm shutdown: finish the current task, then exit
        log.close()
