"""Ingest processes killed mid-batch or running side by side: every article stored exactly once,
no duplicate people or meetings. Real processes against the real test database."""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from diplomacy.processes import database_url
from meetings.models import Article, Meeting, MeetingReport, Person

PROJECT_DIR = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

MINISTERS = [
    ("Jeyhun Bayramov", "Azerbaijani"),
    ("Nasser Bourita", "Moroccan"),
    ("Hakan Fidan", "Turkish"),
    ("Ishaq Dar", "Pakistani"),
    ("Wang Yi", "Chinese"),
    ("Sergei Lavrov", "Russian"),
    ("Annalena Baerbock", "German"),
    ("Penny Wong", "Australian"),
]


def story(index: int, *, variant: str) -> dict:
    """One encounter, told in one of two wordings (as two agencies would)."""
    host, host_nationality = MINISTERS[index % len(MINISTERS)]
    guest, guest_nationality = MINISTERS[(index + 3) % len(MINISTERS)]
    day = dt.date(2024, 1, 1) + dt.timedelta(days=index * 3)
    when = f"{day.day} {day:%B %Y}"
    if variant == "a":
        text = (f"{host_nationality} Foreign Minister {host} met with {guest_nationality} Foreign Minister {guest} "
                f"on {when}. The two ministers discussed trade and energy. Story number {index}.")  # fmt: skip
    else:
        text = (f"{guest_nationality} Foreign Minister {guest} was received by {host_nationality} Foreign Minister "
                f"{host} on {when}, officials said. They talked about regional security. Item {index}.")  # fmt: skip
    return {"text": text, "url": f"https://agency-{variant}.example/{index}", "published": day.isoformat(),
            "source": f"Agency {variant.upper()}"}  # fmt: skip


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def subprocess_env() -> dict[str, str]:
    return dict(
        os.environ, DATABASE_URL=database_url(connection), DJANGO_SETTINGS_MODULE="diplomacy.test_settings"
    )


def ingest(*paths: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", *map(str, paths), "--no-progress"],
        cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def assert_no_duplicate_people():
    duplicated = Person.objects.values("name").annotate(n=Count("id")).filter(n__gt=1)
    assert list(duplicated) == []


def test_killed_ingest_rerun_stores_every_article_exactly_once(tmp_path):
    records = [story(i, variant="a") for i in range(120)]
    batch = write_jsonl(tmp_path / "batch.jsonl", records)
    env = subprocess_env()

    first = ingest(batch, env=env)
    deadline = time.monotonic() + 60
    while Article.objects.count() < 10 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    stored_before_rerun = Article.objects.count()
    second = ingest(batch, env=env)
    out, err = second.communicate(timeout=300)

    assert 0 < stored_before_rerun < 120, "the first process should have been killed mid-batch"
    assert second.returncode == 0, err
    assert Article.objects.count() == 120
    assert Meeting.objects.count() == 120
    assert MeetingReport.objects.count() == 120
    assert_no_duplicate_people()


def test_two_ingest_processes_on_overlapping_inputs_create_no_duplicates(tmp_path):
    # Both files share articles 20..59, and each encounter is also told by the other agency.
    first_file = write_jsonl(tmp_path / "a.jsonl", [story(i, variant="a") for i in range(0, 60)]
                             + [story(i, variant="b") for i in range(0, 30)])  # fmt: skip
    second_file = write_jsonl(tmp_path / "b.jsonl", [story(i, variant="a") for i in range(20, 60)]
                              + [story(i, variant="b") for i in range(30, 60)])  # fmt: skip
    env = subprocess_env()

    processes = [ingest(first_file, env=env), ingest(second_file, env=env)]
    results = [process.communicate(timeout=300) for process in processes]

    assert [p.returncode for p in processes] == [0, 0], results
    assert Article.objects.count() == 120
    assert Meeting.objects.count() == 60
    assert sorted(set(Meeting.objects.annotate(n=Count("reports")).values_list("n", flat=True))) == [2]
    assert_no_duplicate_people()
    assert Person.objects.count() == len(MINISTERS)
