"""Link rows (meeting-country, meeting-organization, meeting-topic) and participations carry their
meeting's date, kept by PostgreSQL triggers (migrations 0011 and 0013) for the date walk of entity
lists (queries.walk_dated_keys)."""

import datetime as dt

import pytest
from django.db import connection

from meetings.models import Meeting, Participation
from tests.factories import make_meeting, make_organization

pytestmark = pytest.mark.django_db

LINK_TABLES = {
    "meetings_meeting_countries": "country_id",
    "meetings_meeting_organizations": "organization_id",
    "meetings_meeting_topics": "topic_id",
    "meetings_participation": "person_id",
}


def link_dates(meeting: Meeting) -> dict[str, set]:
    found = {}
    with connection.cursor() as cursor:
        for table in LINK_TABLES:
            cursor.execute(f"SELECT date_start FROM {table} WHERE meeting_id = %s", [meeting.pk])
            found[table] = {row[0] for row in cursor.fetchall()}
    return found


def linked_meeting(date) -> Meeting:
    meeting = make_meeting(date=date, participants=[("A Person", "AZ", None), ("B Person", "MA", None)],
                           topics=("Energy", "Trade"))  # fmt: skip
    meeting.organizations.add(make_organization(name="Caspian Water Council"))
    return meeting


def test_new_links_take_their_meetings_date():
    meeting = linked_meeting(dt.date(2024, 3, 5))

    assert link_dates(meeting) == {table: {dt.date(2024, 3, 5)} for table in LINK_TABLES}


def test_a_changed_meeting_date_reaches_every_link_row():
    meeting = linked_meeting(dt.date(2024, 3, 5))

    meeting.date_start = dt.date(2019, 12, 31)
    meeting.save()

    assert link_dates(meeting) == {table: {dt.date(2019, 12, 31)} for table in LINK_TABLES}


def test_an_undated_meeting_has_undated_links_until_it_is_dated():
    meeting = linked_meeting(None)
    assert link_dates(meeting) == {table: {None} for table in LINK_TABLES}

    Meeting.objects.filter(pk=meeting.pk).update(date_start=dt.date(2022, 1, 2))

    assert link_dates(meeting) == {table: {dt.date(2022, 1, 2)} for table in LINK_TABLES}


def test_a_link_moved_to_another_meeting_takes_that_meetings_date():
    older, newer = linked_meeting(dt.date(2001, 1, 1)), make_meeting(date=dt.date(2025, 6, 1))
    link = Meeting.topics.through.objects.filter(meeting=older).first()

    Meeting.topics.through.objects.filter(pk=link.pk).update(meeting=newer)

    assert link_dates(newer)["meetings_meeting_topics"] == {dt.date(2025, 6, 1)}


def test_a_participation_moved_to_another_meeting_takes_that_meetings_date():
    older, newer = linked_meeting(dt.date(2001, 1, 1)), make_meeting(date=dt.date(2025, 6, 1))

    Participation.objects.filter(meeting=older).update(meeting=newer)

    assert link_dates(newer)["meetings_participation"] == {dt.date(2025, 6, 1)}
