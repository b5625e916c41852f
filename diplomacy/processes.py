"""Helpers for the archive's own processes: a free port, the database URL a child process should use,
gunicorn serving the archive until a `with` block ends, and stopping a child process. Used by the
benchmark command and by the tests that need a real web server or real ingest processes."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import quote

from django.conf import settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(connection) -> str:
    """A DATABASE_URL for child processes pointing at the database `connection` uses (embedded or not)."""
    connection.ensure_connection()
    params = connection.get_connection_params()
    host = quote(str(params.get("host") or "127.0.0.1"), safe="")
    user = params.get("user") or "postgres"
    password = f":{quote(str(params['password']), safe='')}" if params.get("password") else ""
    return f"postgres://{user}{password}@{host}:{params.get('port') or 5432}/{params['dbname']}"


def stop(process: subprocess.Popen, *, signal_number: int = signal.SIGTERM, timeout: float = 30) -> None:
    """Ask a child process to stop with `signal_number`; kill it if it has not exited within `timeout`."""
    if process.poll() is not None:
        return
    process.send_signal(signal_number)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int, timeout: int = 300) -> Iterator[str]:
    """Serve the archive with gunicorn on a free local port; yields its base URL once /healthz answers."""
    port = free_port()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], check=True, env=env,
                   cwd=settings.BASE_DIR)  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "diplomacy.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         # A 100,000-row export streams for longer than gunicorn's default 30 s worker timeout.
         "--timeout", str(timeout), "--log-level", "warning"],
        env=env, cwd=settings.BASE_DIR,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        stop(process)


def production_like_env(database: str, **overrides: str) -> dict[str, str]:
    """Environment for a child process running production settings over plain HTTP on 127.0.0.1."""
    env = dict(os.environ)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.setdefault("SECRET_KEY", "local-process-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "diplomacy.settings",
            "DATABASE_URL": database,
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            **overrides,
        }
    )
    return env
