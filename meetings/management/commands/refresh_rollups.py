"""Rebuild the count rollups from the meetings (run after bulk loads such as generate_archive)."""

import time

from django.core.management.base import BaseCommand

from meetings import rollups
from meetings.models import MeetingMonthCount, MeetingTotalCount, PersonRollupDimension, PersonTotalCount


class Command(BaseCommand):
    help = (
        "Rebuild the rollup tables of public meeting counts (per month, country, organization, topic)"
        " and of busy people's meetings, titles, affiliations and counterparts."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        rollups.refresh_all()
        people = PersonTotalCount.objects.filter(dimension=PersonRollupDimension.MEETINGS).count()
        self.stdout.write(
            f"rollups rebuilt in {time.monotonic() - started:.1f}s: "
            f"{MeetingMonthCount.objects.count():,} month rows, {MeetingTotalCount.objects.count():,} total rows; "
            f"{people:,} people with at least {rollups.person_rollup_min_meetings():,} meetings rolled up"
        )
