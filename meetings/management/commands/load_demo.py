from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.ingest import ingest_paths

DEMO_CORPUS = Path(__file__).resolve().parents[2] / "data" / "demo"


class Command(BaseCommand):
    help = "Ingest the demo corpus (meetings/data/demo); running it again changes nothing."

    def handle(self, *args, **options):
        report = ingest_paths([DEMO_CORPUS], max_bytes=settings.INGEST_MAX_FILE_BYTES)
        self.stdout.write(f"demo corpus: {report.summary()}")
        # Gold annotations beside the inputs are JSON, which no reader takes; anything else failing is a bug.
        if report.failures:
            for failure in report.failures:
                self.stderr.write(f"failed: {failure}")
            raise CommandError("the demo corpus did not load cleanly")
