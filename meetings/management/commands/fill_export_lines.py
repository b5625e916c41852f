"""Store the CSV export lines of meetings changed since their lines were stored.

Ingest does this after each chunk; run this after editors' bulk changes or from cron, so that
exports read stored lines instead of computing them.
"""

import time

from django.core.management.base import BaseCommand

from meetings.exports import fill_export_lines


class Command(BaseCommand):
    help = "Store the CSV export lines of meetings that changed since their lines were stored."

    def handle(self, *args, **options):
        started = time.monotonic()
        report = fill_export_lines()
        self.stdout.write(
            f"{report.stored:,} export lines stored in {time.monotonic() - started:.1f}s"
            + (f"; {report.skipped:,} changed meanwhile and stay stale" if report.skipped else "")
        )
