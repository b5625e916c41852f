"""Orchestration: read files, extract meetings, store them; one bad file never stops the batch.

read_paths(paths) -> Document | ReadFailure -> extract() -> store_article() -> IngestReport
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, connection

from meetings import rollups
from meetings.extraction import extract
from meetings.extraction.gazetteer import Gazetteer, load_default
from meetings.extraction.schema import Document
from meetings.readers import ReadFailure, read_paths
from meetings.resolve import Resolver, gazetteer_from_db
from meetings.store import find_stored_article, store_article

logger = logging.getLogger(__name__)
# Rollups recompute whole months: refresh them after this many changed meetings, not after every article.
ROLLUP_EVERY = 500


@dataclass(frozen=True)
class Failure:
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class IngestReport:
    articles_new: int = 0
    articles_duplicate: int = 0
    articles_failed: int = 0
    meetings_created: int = 0
    meetings_merged: int = 0
    people_created: int = 0
    people_matched: int = 0
    names_unresolved: int = 0
    failures: list[Failure] = field(default_factory=list)
    # Pending for the count rollups, applied every ROLLUP_EVERY changed meetings and at the end.
    changed_meetings: set[int] = field(default_factory=set)
    previous_months: set = field(default_factory=set)

    @property
    def articles_seen(self) -> int:
        return self.articles_new + self.articles_duplicate + self.articles_failed

    def summary(self) -> str:
        return (
            f"articles: {self.articles_new} new, {self.articles_duplicate} duplicate, {self.articles_failed} failed; "
            f"meetings: {self.meetings_created} created, {self.meetings_merged} merged into known meetings; "
            f"people: {self.people_created} created, {self.people_matched} matched, "
            f"{self.names_unresolved} names left for review"
        )


def curated_gazetteer() -> Gazetteer:
    """The default gazetteer plus the organizations and people editors have curated."""
    organizations, people = gazetteer_from_db()
    return load_default().with_extra(organizations=organizations, people=people)


def ingest_paths(
    paths: Iterable[str | Path],
    *,
    max_bytes: int,
    on_item: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest every article under the given files, folders and globs; see IngestReport for the tally."""
    report = IngestReport()
    gazetteer = curated_gazetteer()
    resolver = Resolver()
    _commit_without_waiting_for_disk()
    for item in read_paths(paths, max_bytes=max_bytes):
        if isinstance(item, ReadFailure):
            _fail(report, item.origin, item.reason)
        else:
            ingest_document(item, gazetteer=gazetteer, resolver=resolver, report=report)
        if on_item is not None:
            on_item(item.origin)
        if len(report.changed_meetings) >= ROLLUP_EVERY:
            apply_rollup_changes(report)
    apply_rollup_changes(report)
    return report


def apply_rollup_changes(report: IngestReport) -> None:
    """Refresh the count rollups for what was stored since the last call (whole months at a time, so batched)."""
    if report.changed_meetings or report.previous_months:
        rollups.refresh_meetings(report.changed_meetings, previous_months=report.previous_months)
    report.changed_meetings.clear()
    report.previous_months.clear()


def ingest_document(
    document: Document, *, gazetteer: Gazetteer, resolver: Resolver, report: IngestReport
) -> None:
    # Skip extraction for articles we already hold: re-ingesting a folder should be cheap.
    if find_stored_article(document) is not None:
        report.articles_duplicate += 1
        return
    try:
        extraction = extract(document, gazetteer)
    except Exception as error:  # a bug in one rule must not stop the batch; the article is reported
        logger.exception("extraction failed for %s", document.origin)
        _fail(report, document.origin, f"extraction failed: {error.__class__.__name__}: {error}")
        return
    try:
        outcome = store_article(document=document, extraction=extraction, resolver=resolver)
    except (DatabaseError, ValueError) as error:
        # store_article runs in one transaction, so nothing of this article was kept.
        _fail(report, document.origin, f"could not be stored: {error}".strip())
        # The resolver's cache may hold rows that were rolled back.
        resolver.clear()
        return
    if outcome.duplicate:
        report.articles_duplicate += 1
        return
    report.articles_new += 1
    report.meetings_created += outcome.meetings_created
    report.meetings_merged += outcome.meetings_merged
    report.people_created += outcome.people_created
    report.people_matched += outcome.people_matched
    report.names_unresolved += outcome.names_unresolved
    report.changed_meetings |= outcome.changed_meetings
    report.previous_months |= outcome.previous_months


def _commit_without_waiting_for_disk() -> None:
    """Each article is its own transaction; not waiting for the WAL flush makes commits several times cheaper.

    Only a crash of the PostgreSQL server itself can lose the last fraction of a second of
    commits, and re-running the ingest restores them (it is idempotent). Consistency is unaffected.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")


def _fail(report: IngestReport, origin: str, reason: str) -> None:
    report.articles_failed += 1
    report.failures.append(Failure(origin, reason))
