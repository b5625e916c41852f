import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from meetings.backup import restore_database


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into the archive's database (or --database NAME on the same server)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--database", help="Target database on the same server (default: the archive's own)."
        )

    def handle(self, *args, path, database, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such backup file")
        target = database or connection.settings_dict["NAME"]
        try:
            restore_database(path, database=target)
        except subprocess.CalledProcessError as error:
            raise CommandError(f"pg_restore failed: {error.stderr.strip()}") from None
        self.stdout.write(f"restored {path} into {target}")
