import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.ingest import ingest_paths
from meetings.readers import ReadFailure, iter_input_files


class Command(BaseCommand):
    help = "Read articles (text, HTML, JSON Lines, RSS/Atom; files, folders, globs), extract meetings and store them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders (read recursively) or glob patterns.")
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=None,
            help="Largest file to read, in bytes (default: INGEST_MAX_FILE_BYTES, on the workers with --queue).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar, even on a terminal.")
        parser.add_argument(
            "--no-extraction-worker",
            action="store_true",
            help="Extract in this process. By default, with more than one core, a second process extracts "
            "the next chunk of articles while this one stores the last.",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Send one task per file to the Celery workers (CELERY_BROKER_URL) instead of ingesting here. "
            "The workers must be able to read the files at the same paths.",
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="With --queue: wait for the workers and print the combined summary.",
        )
        parser.add_argument(
            "--timeout", type=float, default=None, help="With --wait: give up after this many seconds."
        )

    def handle(
        self, *args, paths, max_bytes, no_progress, no_extraction_worker, queue, wait, timeout, **options
    ):
        if (wait or timeout is not None) and not queue:
            raise CommandError("--wait and --timeout only apply with --queue.")
        if queue:
            return self.enqueue(paths, max_bytes=max_bytes, wait=wait, timeout=timeout)
        progress = None
        if not no_progress and sys.stderr.isatty():
            from tqdm import tqdm

            progress = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True)

        def advance(origin: str) -> None:
            if progress is not None:
                progress.update(1)

        try:
            report = ingest_paths(
                paths,
                max_bytes=max_bytes or settings.INGEST_MAX_FILE_BYTES,
                on_item=advance,
                extraction_worker=not no_extraction_worker and (os.cpu_count() or 1) > 1,
            )
        finally:
            if progress is not None:
                progress.close()
        for failure in report.failures:
            self.stderr.write(f"failed: {failure}")
        self.stdout.write(report.summary())
        if report.articles_failed:
            raise CommandError(
                f"{report.articles_failed} input(s) failed; everything else was stored.", returncode=1
            )

    def enqueue(self, paths: list[str], *, max_bytes: int | None, wait: bool, timeout: float | None) -> None:
        """One ingest_file task per input file, for the Celery workers."""
        if not settings.CELERY_BROKER_URL:
            raise CommandError(
                "--queue needs a task broker: set CELERY_BROKER_URL (or REDIS_URL), e.g. redis://127.0.0.1:6379/0."
            )
        from celery.exceptions import TimeoutError as WaitTimeout
        from kombu.exceptions import OperationalError

        from diplomacy.celery import app
        from meetings.tasks import combined_report, ingest_file

        # Fail at once with a clear message, rather than after Celery's own retries, when the broker is away.
        try:
            with app.connection_for_write() as broker:
                broker.ensure_connection(max_retries=1)
        except OperationalError as error:
            raise CommandError(f"cannot reach the task broker (CELERY_BROKER_URL): {error}") from None

        unreadable = []  # paths that name no input file: reported here, never queued
        queued = []
        for item in iter_input_files(paths):
            if isinstance(item, ReadFailure):
                unreadable.append(str(item))
            else:
                queued.append(ingest_file.delay(str(item.resolve()), max_bytes=max_bytes))
        self.stdout.write(f"queued {len(queued)} file(s) for ingestion")
        if not wait:
            for failure in unreadable:
                self.stderr.write(f"failed: {failure}")
            if unreadable:
                raise CommandError(
                    f"{len(unreadable)} input(s) failed; everything else was queued.", returncode=1
                )
            return

        tallies = []
        # Unreadable paths and tasks that raised count as failed inputs, as in a local ingest.
        problems = list(unreadable)
        for result in queued:
            try:
                tally = result.get(timeout=timeout, propagate=False)
            except WaitTimeout:
                raise CommandError(
                    f"gave up waiting after {timeout:g} s with {len(tallies)} of {len(queued)} file(s) done; "
                    "the workers carry on with the rest."
                ) from None
            if isinstance(tally, dict):
                tallies.append(tally)
            else:
                # The task raised (the database was away, say); the worker's log has the traceback.
                problems.append(f"{result.id}: the ingest task failed ({tally!r})")
        report = combined_report(tallies)
        report.articles_failed += len(problems)
        for failure in problems + [failure for tally in tallies for failure in tally["failures"]]:
            self.stderr.write(f"failed: {failure}")
        self.stdout.write(report.summary())
        if report.articles_failed:
            raise CommandError(
                f"{report.articles_failed} input(s) failed; everything else was stored.", returncode=1
            )
