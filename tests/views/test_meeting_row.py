"""The meeting row of every list (meetings_tags.meeting_row), built in Python instead of a template."""

import datetime as dt

import pytest
from django.utils.dateformat import format as format_date

from meetings.models import Meeting, MeetingStatus
from meetings.queries import list_rows
from meetings.templatetags.meetings_tags import meeting_headline, meeting_row, meeting_rows, month_names, when
from tests.factories import make_archive, make_meeting, make_organization, make_person

pytestmark = pytest.mark.django_db


def row_of(meeting: Meeting) -> str:
    [row] = list_rows([meeting.pk])
    return meeting_row(row)


def test_list_rows_say_what_the_meeting_models_say():
    """The rows are read in one statement; the meeting page reads models: both must agree."""
    archive = make_archive()
    unnamed_org = make_organization(name="Council Without Acronym")
    extra = make_meeting(
        participants=[("Unresolved Envoy", None, unnamed_org), (make_person(name="Ana Li"), "CN", None),
                      ("Nobody Represented", None, None)],
        topics=("Water", "Energy", "Culture"), place="Geneva", location_country="CH",
    )  # fmt: skip
    meetings = [*archive.public_meetings, extra]

    rows = list_rows([meeting.pk for meeting in reversed(meetings)])

    assert [row.pk for row in rows] == [meeting.pk for meeting in reversed(meetings)]
    for row in rows:
        meeting = Meeting.objects.for_list().get(pk=row.pk)
        assert row.headline == meeting_headline(meeting)
        assert row.topics == [(topic.slug, topic.name) for topic in meeting.topics.all()]
        assert row.location_country_name == (
            meeting.location_country.name if meeting.location_country else None
        )
        assert (row.date_start, row.kind, row.status, row.place) == (
            meeting.date_start, meeting.kind, meeting.status, meeting.place
        )  # fmt: skip
    assert list_rows([archive.rejected.pk]) == []


def test_a_row_shows_date_kind_status_headline_place_event_and_topics():
    meeting = make_meeting(
        date=dt.date(2024, 2, 9), kind="phone_call", status=MeetingStatus.VERIFIED, place="Baku",
        location_country="AZ", topics=("Energy", "Trade"),
        participants=[(make_person(name="Jeyhun Bayramov"), "AZ", None), ("Ahmed Attaf", "DZ", None)],
    )  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(context_event="the OIC summit")

    html = row_of(meeting)

    assert f'<h3 class="meeting-row__title"><a href="/meetings/{meeting.pk}/">' in html
    assert "Jeyhun Bayramov (Azerbaijan) and Ahmed Attaf (Algeria)</a></h3>" in html
    assert '<time datetime="2024-02-09">9 February 2024</time>' in html
    assert (
        '<span class="kind kind--phone_call"><span class="kind__icon" aria-hidden="true">☎</span> Phone call</span>'
        in html
    )
    assert 'class="badge badge--verified" title="Checked by an editor">Verified</span>' in html
    assert "Baku, Azerbaijan" in html
    assert '<span class="meeting-row__event">on the sidelines of the OIC summit</span>' in html
    assert (
        '<li><a class="tag" href="/topics/energy/">Energy</a></li><li><a class="tag" href="/topics/trade/">Trade</a></li>'
        in html
    )
    assert html.startswith('<li class="meeting-row">') and html.rstrip().endswith("</li>")


def test_a_place_that_names_its_country_is_not_followed_by_it_and_an_empty_one_is_left_out():
    named = make_meeting(place="Baku, Azerbaijan", location_country="AZ")
    unknown = make_meeting(date=None)

    assert "Baku, Azerbaijan, Azerbaijan" not in row_of(named)
    unknown_row = row_of(unknown)
    assert "meeting-row__where" not in unknown_row
    assert 'class="tags"' not in unknown_row
    assert '<time datetime="">Date unknown</time>' in unknown_row
    assert f">Meeting {unknown.pk}</a>" in unknown_row


def test_every_value_of_a_row_is_escaped():
    hostile = '<script>alert(1)</script>"'
    meeting = make_meeting(
        place=hostile, topics=(f"Topic {hostile}",), participants=[(f"Eve {hostile}", None, None)]
    )
    Meeting.objects.filter(pk=meeting.pk).update(context_event=hostile)

    html = row_of(meeting)

    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;&quot;") == 4  # place, event, topic, name


def test_row_dates_read_as_djangos_date_formats_would_write_them():
    """`when` writes "j F Y" and "F Y" itself; Django's formatter is the reference."""
    months = month_names()
    for day in (dt.date(2024, 1, 1), dt.date(2023, 11, 13), dt.date(999, 9, 5), dt.date(2024, 12, 31)):
        assert when(day, None, "day", months) == format_date(day, "j F Y")
        assert when(day, day, "day", months) == format_date(day, "j F Y")
        assert when(day, None, "month", months) == format_date(day, "F Y")
        assert when(day, None, "year", months) == str(day.year)
    same_month = when(dt.date(2024, 9, 19), dt.date(2024, 9, 20), "day", months)
    assert same_month == "19–20 September 2024"
    across = when(dt.date(2024, 9, 30), dt.date(2024, 10, 1), "day", months)
    assert across == "30 September 2024 – 1 October 2024"
    assert when(None, None, "day", months) == "Date unknown"


def test_a_list_of_rows_is_the_rows_one_after_another():
    first = make_meeting(date=dt.date(2024, 2, 9), topics=("Energy",))
    second = make_meeting(date=dt.date(2024, 3, 1), place="Baku", location_country="AZ")
    rows = list_rows([second.pk, first.pk])

    assert meeting_rows(rows) == row_of(second) + row_of(first)
    assert meeting_rows([]) == ""
