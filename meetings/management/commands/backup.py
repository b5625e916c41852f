import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.backup import backup_database


class Command(BaseCommand):
    help = "Write a backup of the archive's database (pg_dump custom format)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Where to write the backup, e.g. archive.dump")

    def handle(self, *args, path, **options):
        try:
            backup_database(path)
        except subprocess.CalledProcessError as error:
            raise CommandError(f"pg_dump failed: {error.stderr.strip()}") from None
        self.stdout.write(f"backup written to {path} ({path.stat().st_size:,} bytes)")
