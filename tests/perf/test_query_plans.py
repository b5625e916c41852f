"""EXPLAIN guards: the statements behind search, autocomplete and the filtered list can all be
answered from indexes. With sequential scans priced out (enable_seqscan off), PostgreSQL still
scans a table sequentially when no index serves the query, so a "Seq Scan" in the plan means a
missing or unusable index: at two million meetings, a scan of seconds."""

import io
import re
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import queries
from meetings.models import Country, Person, Topic

pytestmark = pytest.mark.django_db

BIG_TABLES = {"meetings_meeting", "meetings_participation", "meetings_person", "meetings_personalias",
              "meetings_meeting_countries", "meetings_meeting_topics", "meetings_meeting_organizations",
              "meetings_article", "meetings_meetingreport", "meetings_nameterm"}  # fmt: skip


@pytest.fixture
def generated(db):
    call_command("generate_archive", "--meetings", "3000", "--seed", "11", stdout=io.StringIO())


def sequential_scans(path: str, client) -> list[str]:
    """The big tables some statement of the page can only read by scanning them whole."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    scanned = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in captured.captured_queries:
            sql = query["sql"].strip()
            while sql.upper().startswith("SET LOCAL") and ";" in sql:
                # Settings for the statement sent with them (participant search): set, then explain.
                setting, sql = sql.split(";", 1)
                cursor.execute(setting)
                sql = sql.strip()
            # Anything but a read or a write would be a statement this guard cannot see into.
            assert sql.upper().startswith(
                ("SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE")
            ), sql
            if not sql.upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            scanned += [f"{table}: {sql[:150]}" for table in re.findall(r"Seq Scan on (\w+)", plan)
                        if table in BIG_TABLES]  # fmt: skip
    return scanned


def test_participant_search_and_autocomplete_never_scan_the_people(generated, client):
    busiest = Person.objects.order_by("-meeting_count").first()
    surname = busiest.name.split()[-1]
    for path in (
        f"{reverse('meetings:search')}?{urlencode({'q': surname[:-1] + 'x'})}",
        f"{reverse('meetings:search')}?{urlencode({'q': busiest.name.lower()})}",
        f"{reverse('meetings:search')}?{urlencode({'q': busiest.name.split()[0]})}",  # a first name
        f"{reverse('meetings:autocomplete')}?{urlencode({'q': surname[:4]})}",
        f"{reverse('meetings:autocomplete')}?{urlencode({'q': surname[:2]})}",
    ):
        assert sequential_scans(path, client) == [], path


def test_meeting_lists_filtered_and_deep_never_scan_the_meetings(generated, client):
    country = Country.objects.filter(meetings__isnull=False).order_by("iso2").first()
    topic = Topic.objects.filter(meetings__isnull=False).order_by("pk").first()
    meetings = reverse("meetings:meeting-list")
    for path in (
        meetings,
        f"{meetings}?{urlencode({'country': country.iso2.lower()})}",
        f"{meetings}?{urlencode({'country': country.iso2.lower(), 'date_after': '2015-01-01', 'topic': topic.slug})}",
        f"{meetings}?{urlencode({'after': '2012-06-30.1500'})}",
        f"{meetings}?{urlencode({'kind': 'phone_call', 'year': '2020'})}",
    ):
        assert sequential_scans(path, client) == [], path


def test_the_guard_sees_a_scan_when_no_index_serves_the_query(generated):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT count(*) FROM meetings_meeting WHERE place = 'the embassy'")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on meetings_meeting" in plan


def test_the_date_walk_reads_the_link_date_indexes(generated, client, monkeypatch):
    """The walk (queries.walk_dated_keys, forced on here) reads an entity's link rows in date order
    from the (entity, date, meeting) index of its link table, and scans nothing."""
    monkeypatch.setattr(queries, "DATE_WALK_ABOVE", 0)
    # The busiest: PostgreSQL rightly reads the few dozen rows of a small entity through its plain
    # index and sorts them, which is why organizations (a few dozen meetings each here) are left out.
    country = Country.objects.annotate(n=Count("meetings")).order_by("-n", "iso2").first()
    topic = Topic.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first()
    meetings = reverse("meetings:meeting-list")
    pages = [
        ("meeting_country_date_idx", f"{meetings}?{urlencode({'country': country.iso2.lower(), 'date_after': '2015-01-01'})}"),
        ("meeting_country_date_idx", country.get_absolute_url()),
        ("meeting_topic_date_idx", f"{meetings}?{urlencode({'topic': topic.slug, 'sort': 'date'})}"),
        ("meeting_topic_date_idx", topic.get_absolute_url()),
        ("participation_person_date_idx", Person.objects.order_by("-meeting_count").first().get_absolute_url()),
    ]  # fmt: skip
    for index, path in pages:
        assert sequential_scans(path, client) == [], path
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        [walk] = [q["sql"] for q in captured.captured_queries if "walked.meeting_id" in q["sql"]]
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {walk}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert index in plan, plan
