"""Orchestration: read files, extract meetings, store them; one bad file never stops the batch.

read_paths(paths) -> Document | ReadFailure -> chunks of BATCH_SIZE -> extract (here, or in a worker process
while the previous chunk is stored) -> store_article() in one transaction per chunk -> IngestReport
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, connection, transaction

from diplomacy.pagecache import bump_data_version
from meetings import rollups
from meetings.exports import fill_export_lines
from meetings.extraction.gazetteer import Gazetteer, load_default
from meetings.extraction.parallel import extract_each, extract_in_worker, start_worker
from meetings.extraction.schema import ArticleExtraction, Document
from meetings.readers import ReadFailure, read_paths
from meetings.resolve import Resolver, gazetteer_from_db
from meetings.store import StoreOutcome, already_stored, lock_for_matching, store_article

logger = logging.getLogger(__name__)
# Re-extraction recomputes the rollups of whole months: after this many changed meetings, not each article.
ROLLUP_EVERY = 500
# Articles stored per transaction: one commit and one matching lock for the lot. Small enough that
# a concurrent ingest process waits a fraction of a second for the lock, and memory stays flat.
BATCH_SIZE = 50
# Stale CSV export lines stored after each chunk: the chunk's own and, a few at a time, those left
# stale by editors' changes (a renamed person can leave hundreds of thousands).
EXPORT_LINES_PER_CHUNK = 1_000


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
    extraction_worker_peak_kib: int = 0
    # Re-extraction's pending rollup work (see apply_rollup_changes); ingest adds its counts as it commits.
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
            + (
                f"; extraction worker peak memory {self.extraction_worker_peak_kib / 1024:,.0f} MB"
                if self.extraction_worker_peak_kib
                else ""
            )
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
    extraction_worker: bool = False,
) -> IngestReport:
    """Ingest every article under the given files, folders and globs; see IngestReport for the tally.

    With `extraction_worker`, a second process extracts the next chunk while this one stores the
    last: on two cores, ingestion then runs at the pace of the slower of the two, not their sum.
    """
    report = IngestReport()
    gazetteer = curated_gazetteer()
    resolver = Resolver()
    _commit_without_waiting_for_disk()
    extractor = _Extractor(gazetteer, use_worker=extraction_worker)
    try:
        waiting: _PreparedChunk | None = None
        for chunk in _chunks(read_paths(paths, max_bytes=max_bytes), BATCH_SIZE):
            prepared = _prepare_chunk(chunk, extractor=extractor, report=report)
            if waiting is not None:
                _store_chunk(waiting, resolver=resolver, report=report, on_item=on_item)
            waiting = prepared
        if waiting is not None:
            _store_chunk(waiting, resolver=resolver, report=report, on_item=on_item)
    finally:
        extractor.close()
    report.extraction_worker_peak_kib = extractor.worker_peak_kib
    return report


def apply_rollup_changes(report: IngestReport) -> None:
    """Refresh the count rollups for what was stored since the last call (whole months at a time, so batched)."""
    if report.changed_meetings or report.previous_months:
        rollups.refresh_meetings(report.changed_meetings, previous_months=report.previous_months)
    report.changed_meetings.clear()
    report.previous_months.clear()


@dataclass
class _PreparedChunk:
    items: list[Document | ReadFailure]
    documents: list[Document]  # not stored yet, being extracted
    extractions: Callable[[], list[ArticleExtraction | str]]  # waits for them: one per document


def _prepare_chunk(items: list[Document | ReadFailure], *, extractor: _Extractor, report: IngestReport):
    """Report what could not be read, skip what is stored already, and start extracting the rest."""
    documents = []
    for item in items:
        if isinstance(item, ReadFailure):
            _fail(report, item.origin, item.reason)
        else:
            documents.append(item)
    # Skip extraction for articles we already hold: re-ingesting a folder should be cheap.
    new = []
    for document, stored in zip(documents, already_stored(documents), strict=True):
        if stored:
            report.articles_duplicate += 1
        else:
            new.append(document)
    return _PreparedChunk(items, new, extractor.submit(new))


def _store_chunk(
    chunk: _PreparedChunk,
    *,
    resolver: Resolver,
    report: IngestReport,
    on_item: Callable[[str], None] | None,
) -> None:
    """Store a chunk's articles in one transaction.

    One commit and one matching lock per chunk instead of per article. Should any article fail
    to store, the chunk's transaction is rolled back whole and its articles are stored again one
    transaction each, so the failing one is reported and the others are kept. Failures are rare,
    so this is cheaper than a savepoint per article.
    """
    extracted = []
    for document, extraction in zip(chunk.documents, chunk.extractions(), strict=True):
        if isinstance(extraction, str):
            _fail(report, document.origin, extraction)
        else:
            extracted.append((document, extraction))
    if extracted:
        _store_extracted(extracted, resolver=resolver, report=report)
        fill_export_lines(limit=EXPORT_LINES_PER_CHUNK)
    if on_item is not None:
        for item in chunk.items:
            on_item(item.origin)


def _store_extracted(
    extracted: list[tuple[Document, ArticleExtraction]], *, resolver: Resolver, report: IngestReport
) -> None:
    try:
        with transaction.atomic():
            lock_for_matching(resolver)
            outcomes = [
                store_article(
                    document=document, extraction=extraction, resolver=resolver, chunk_transaction=True
                )
                for document, extraction in extracted
            ]
            rollups.add_counts(sum((outcome.rollup_counts for outcome in outcomes), Counter()))
            rollups.add_people_reports(
                set().union(*(outcome.changed_meetings for outcome in outcomes)),
                [outcome.article_id for outcome in outcomes if not outcome.duplicate],
            )
            # Raw SQL sends no save signals: cached pages learn of the change here.
            bump_data_version()
    except (DatabaseError, ValueError):
        # The resolver's cache may hold rows that were rolled back.
        resolver.clear()
        for document, extraction in extracted:
            _store_alone(document, extraction, resolver=resolver, report=report)
        return
    for outcome in outcomes:
        _tally(report, outcome)


class _Extractor:
    """Extracts chunks of documents here, or in one worker process (see ingest_paths)."""

    def __init__(self, gazetteer: Gazetteer, *, use_worker: bool) -> None:
        self.gazetteer = gazetteer
        self.use_worker = use_worker
        self.pool: ProcessPoolExecutor | None = None
        self.worker_peak_kib = 0
        self.chunks = 0

    def submit(self, documents: list[Document]) -> Callable[[], list[ArticleExtraction | str]]:
        self.chunks += 1
        # The first chunk is extracted here (nothing is being stored yet to overlap with), and a
        # batch of one chunk never pays for starting a process.
        if not documents or not self.use_worker or self.chunks == 1:
            results = extract_each(documents, self.gazetteer)
            return lambda: results
        if self.pool is None:
            # Spawned, not forked: the worker must not inherit this process's database connection.
            self.pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(self.gazetteer,),
            )
        future = self.pool.submit(extract_in_worker, documents)

        def wait() -> list[ArticleExtraction | str]:
            try:
                results, peak_kib = future.result()
            except Exception:  # the worker died (killed, out of memory): carry on without it
                logger.exception("the extraction worker failed; extracting in the ingest process from now on")
                self.close()
                self.use_worker = False
                return extract_each(documents, self.gazetteer)
            self.worker_peak_kib = max(self.worker_peak_kib, peak_kib)
            return results

        return wait

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def _store_alone(
    document: Document, extraction: ArticleExtraction, *, resolver: Resolver, report: IngestReport
):
    """Store one article in its own transaction; a failure is reported, and nothing of the article is kept."""
    try:
        outcome = store_article(document=document, extraction=extraction, resolver=resolver)
    except (DatabaseError, ValueError) as error:
        _fail(report, document.origin, f"could not be stored: {error}".strip())
        # The resolver's cache may hold rows that were rolled back.
        resolver.clear()
        return
    _tally(report, outcome)


def _tally(report: IngestReport, outcome: StoreOutcome) -> None:
    if outcome.duplicate:
        report.articles_duplicate += 1
        return
    report.articles_new += 1
    report.meetings_created += outcome.meetings_created
    report.meetings_merged += outcome.meetings_merged
    report.people_created += outcome.people_created
    report.people_matched += outcome.people_matched
    report.names_unresolved += outcome.names_unresolved


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _commit_without_waiting_for_disk() -> None:
    """Not waiting for the WAL flush at each chunk's commit makes commits several times cheaper.

    Only a crash of the PostgreSQL server itself can lose the last fraction of a second of
    commits, and re-running the ingest restores them (it is idempotent). Consistency is unaffected.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")


def _fail(report: IngestReport, origin: str, reason: str) -> None:
    report.articles_failed += 1
    report.failures.append(Failure(origin, reason))
