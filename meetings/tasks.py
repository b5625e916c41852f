"""Tasks for Celery workers (diplomacy/celery.py): ingestion of one input file per task.

`manage.py ingest PATH... --queue` sends one task per file, so any number of workers on any
number of machines share a large batch. A file may be delivered twice (a worker killed mid-file
gives it back to the queue); storing is idempotent, so the second run only counts duplicates.
"""

from __future__ import annotations

from django.conf import settings

from diplomacy.celery import app
from meetings.ingest import IngestReport, ingest_paths

# The IngestReport tallies a task returns and `ingest --queue --wait` adds up.
COUNTERS = (
    "articles_new",
    "articles_duplicate",
    "articles_failed",
    "meetings_created",
    "meetings_merged",
    "people_created",
    "people_matched",
    "names_unresolved",
)


@app.task(name="meetings.ingest_file")
def ingest_file(path: str, max_bytes: int | None = None) -> dict:
    """Ingest one file (the path must be readable on the worker); returns the tally as plain JSON."""
    report = ingest_paths([path], max_bytes=max_bytes or settings.INGEST_MAX_FILE_BYTES)
    return {
        "path": path,
        **{name: getattr(report, name) for name in COUNTERS},
        "failures": [str(failure) for failure in report.failures],
    }


def combined_report(results: list[dict]) -> IngestReport:
    """One IngestReport adding up the tallies of several ingest_file results (failures left as strings)."""
    report = IngestReport()
    for result in results:
        for name in COUNTERS:
            setattr(report, name, getattr(report, name) + result.get(name, 0))
    return report
