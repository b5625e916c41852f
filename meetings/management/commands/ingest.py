import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.ingest import ingest_paths


class Command(BaseCommand):
    help = "Read articles (text, HTML, JSON Lines, RSS/Atom; files, folders, globs), extract meetings and store them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders (read recursively) or glob patterns.")
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=settings.INGEST_MAX_FILE_BYTES,
            help="Largest file to read, in bytes.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar, even on a terminal.")

    def handle(self, *args, paths, max_bytes, no_progress, **options):
        progress = None
        if not no_progress and sys.stderr.isatty():
            from tqdm import tqdm

            progress = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True)

        def advance(origin: str) -> None:
            if progress is not None:
                progress.update(1)

        try:
            report = ingest_paths(paths, max_bytes=max_bytes, on_item=advance)
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
