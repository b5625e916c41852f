"""Ingestion through the task queue: `manage.py ingest --queue --wait` sends one task per file to a
real Redis broker, and a real `celery worker` process stores the articles in the test database."""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from diplomacy.celery import app
from meetings.models import Article, Meeting, Person
from meetings.tasks import ingest_file
from tests.scale.conftest import PROJECT_DIR

# The worker stores through its own connections, so the tests that use one commit for real.
COMMITTING = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = "60"

# A plain-text scrape: headline, then a paragraph on one line (as scrapes come).
BAKU_VISIT = (
    "Bayramov receives Malaysian counterpart in Baku\n\n"
    "Baku, 3 May 2024 - Azerbaijani Foreign Minister Jeyhun Bayramov met Malaysian Foreign Minister "
    "Mohamad Hasan in Baku on 3 May 2024. The two ministers talked about trade, education and direct "
    "flights between the two capitals.\n"
)

WIRE_RECORDS = [
    {
        "text": "Moroccan Foreign Minister Nasser Bourita met with Turkish Foreign Minister Hakan Fidan in "
        "Rabat on 14 June 2024. The ministers discussed energy cooperation and investment.",
        "url": "https://wire-one.example/rabat-talks",
        "published": "2024-06-14",
        "source": "Wire One",
    },
    {
        "text": "Pakistani Foreign Minister Ishaq Dar was received by Chinese Foreign Minister Wang Yi in "
        "Beijing on 20 May 2024, officials said. They talked about regional security and a new railway.",
        "url": "https://wire-one.example/beijing-visit",
        "published": "2024-05-20",
        "source": "Wire One",
    },
]


def write_inputs(folder: Path) -> Path:
    """A folder of two good files (three articles) and one file of binary junk."""
    folder.mkdir()
    (folder / "baku-visit.txt").write_text(BAKU_VISIT, encoding="utf-8")
    (folder / "wire-one.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in WIRE_RECORDS), encoding="utf-8"
    )
    (folder / "broken.txt").write_bytes(bytes(range(32)) * 64)
    return folder


def ingest_through_queue(*paths: Path, capsys) -> tuple[str, str, CommandError | None]:
    error = None
    try:
        call_command("ingest", *map(str, paths), "--queue", "--wait", "--timeout", WAIT_SECONDS)
    except CommandError as raised:
        error = raised
    out, err = capsys.readouterr()
    return out, err, error


@COMMITTING
def test_queued_ingest_stores_every_article_once_and_reports_the_broken_file(
    celery_worker, reference_data, tmp_path, capsys
):
    inputs = write_inputs(tmp_path / "inputs")

    out, err, error = ingest_through_queue(inputs, capsys=capsys)

    assert "queued 3 file(s) for ingestion" in out
    assert "articles: 3 new, 0 duplicate, 1 failed" in out
    assert f"failed: {inputs / 'broken.txt'}: binary data, not text" in err
    assert error is not None and error.returncode == 1
    assert Article.objects.count() == 3
    assert sorted(Article.objects.exclude(url=None).values_list("url", flat=True)) == [
        "https://wire-one.example/beijing-visit", "https://wire-one.example/rabat-talks",
    ]  # fmt: skip
    assert Meeting.objects.count() == 3
    assert sorted(Person.objects.values_list("name", flat=True)) == [
        "Hakan Fidan", "Ishaq Dar", "Jeyhun Bayramov", "Mohamad Hasan", "Nasser Bourita", "Wang Yi",
    ]  # fmt: skip


@COMMITTING
def test_queued_ingest_of_the_same_files_again_stores_nothing_twice(
    celery_worker, reference_data, tmp_path, capsys
):
    inputs = write_inputs(tmp_path / "inputs")
    good_files = [inputs / "baku-visit.txt", inputs / "wire-one.jsonl"]
    ingest_through_queue(*good_files, capsys=capsys)

    out, err, error = ingest_through_queue(*good_files, capsys=capsys)

    assert error is None, err
    assert "articles: 0 new, 3 duplicate, 0 failed; meetings: 0 created" in out
    assert Article.objects.count() == 3
    assert Meeting.objects.count() == 3


def numbered_visits(count: int) -> list[dict]:
    """Many distinct encounters between the same few ministers, one a day."""
    ministers = [("Jeyhun Bayramov", "Azerbaijani"), ("Mohamad Hasan", "Malaysian"), ("Wang Yi", "Chinese")]
    records = []
    for number in range(count):
        (host, host_country), (guest, guest_country) = ministers[number % 3], ministers[(number + 1) % 3]
        day = dt.date(2023, 1, 1) + dt.timedelta(days=number)
        records.append(
            {
                "text": f"{host_country} Foreign Minister {host} met {guest_country} Foreign Minister {guest} "
                f"on {day.day} {day:%B %Y}. They discussed agriculture. Visit number {number}.",
                "url": f"https://wire-two.example/visit/{number}",
                "published": day.isoformat(),
                "source": "Wire Two",
            }
        )
    return records


VISITS = 600


@COMMITTING
def test_a_file_whose_worker_process_is_killed_goes_back_to_the_queue(
    reference_data, celery_worker, tmp_path
):
    batch = tmp_path / "visits.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in numbered_visits(VISITS)), encoding="utf-8")

    result = ingest_file.delay(str(batch))
    # Find the process running the task first: asking the worker takes up to a second or two, in
    # which a fast machine could finish the whole file.
    deadline = time.monotonic() + 60
    busy: list[int] = []
    while not busy and time.monotonic() < deadline:
        active = app.control.inspect(timeout=1).active() or {}
        busy = [task["worker_pid"] for tasks in active.values() for task in tasks]
    while Article.objects.count() < 10 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(busy[0], signal.SIGKILL)
    stored_when_killed = Article.objects.count()
    tally = result.get(timeout=180)

    assert 0 < stored_when_killed < VISITS, "the worker process should have been killed mid-file"
    assert tally["articles_new"] + tally["articles_duplicate"] == VISITS
    assert tally["articles_duplicate"] > 0, "the second delivery should find the first one's articles"
    assert Article.objects.count() == VISITS
    assert Meeting.objects.count() == VISITS
    assert Person.objects.count() == 3


def test_queue_without_a_broker_is_a_clear_error(settings, tmp_path):
    settings.CELERY_BROKER_URL = ""
    (tmp_path / "one.txt").write_text(BAKU_VISIT, encoding="utf-8")

    with pytest.raises(CommandError, match="--queue needs a task broker: set CELERY_BROKER_URL"):
        call_command("ingest", str(tmp_path / "one.txt"), "--queue")


def test_queue_with_an_unreachable_broker_fails_fast_with_a_clear_error(tmp_path):
    (tmp_path / "one.txt").write_text(BAKU_VISIT, encoding="utf-8")
    env = {
        key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    }
    # Port 1 on this machine: nothing listens there.
    env.update(
        DJANGO_SETTINGS_MODULE="diplomacy.settings", DEBUG="1", CELERY_BROKER_URL="redis://127.0.0.1:1/0"
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(tmp_path / "one.txt"), "--queue"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode != 0
    assert "cannot reach the task broker (CELERY_BROKER_URL)" in result.stderr
