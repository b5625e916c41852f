import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.extraction import extract
from meetings.extraction.gazetteer import load_default
from meetings.readers import ReadFailure, read_paths


class Command(BaseCommand):
    help = "Extract meetings from articles and print them as JSON Lines (one article per line). Needs no database."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders (read recursively) or glob patterns.")
        parser.add_argument("--format", choices=["json"], default="json", help="Output format (JSON Lines).")
        parser.add_argument("--max-bytes", type=int, default=settings.INGEST_MAX_FILE_BYTES)

    def handle(self, *args, paths, max_bytes, **options):
        gazetteer = load_default()
        failures = 0
        for item in read_paths(paths, max_bytes=max_bytes):
            if isinstance(item, ReadFailure):
                failures += 1
                self.stderr.write(f"failed: {item.origin}: {item.reason}")
                continue
            extraction = extract(item, gazetteer)
            record = extraction.to_json(document=item, file=item.origin)
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        if failures:
            raise CommandError(f"{failures} input(s) could not be read.", returncode=1)
