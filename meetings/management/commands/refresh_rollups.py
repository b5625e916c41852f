"""Rebuild the meeting count rollups from the meetings (run after bulk loads such as generate_archive)."""

import time

from django.core.management.base import BaseCommand

from meetings import rollups
from meetings.models import MeetingMonthCount, MeetingTotalCount


class Command(BaseCommand):
    help = "Rebuild the rollup tables of public meeting counts (per month, country, organization, topic)."

    def handle(self, *args, **options):
        started = time.monotonic()
        rollups.refresh_all()
        self.stdout.write(
            f"rollups rebuilt in {time.monotonic() - started:.1f}s: "
            f"{MeetingMonthCount.objects.count():,} month rows, {MeetingTotalCount.objects.count():,} total rows"
        )
