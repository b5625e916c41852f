"""Rankings of people written for speed at scale (a person's counterparts, the people who
represented a country or an organization) say what the plain ORM query says."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from meetings import queries
from meetings.models import Country, Organization, Participation, Person

pytestmark = pytest.mark.django_db


def counterparts_by_orm(person: Person, limit: int) -> list[dict]:
    their_meetings = queries.public_participations().filter(person=person).values("meeting_id")
    return list(
        Participation.objects.filter(meeting_id__in=their_meetings, person__isnull=False)
        .exclude(person=person)
        .values("person__slug", "person__name")
        .annotate(n=Count("meeting", distinct=True))
        .order_by("-n", "person__name")[:limit]
    )


def by_count_and_slug(row: dict) -> tuple:
    return -row["n"], row["person__slug"]


def test_counterparts_are_the_orm_grouping_of_the_same_meetings():
    call_command("generate_archive", "--meetings", "3000", "--seed", "17", stdout=io.StringIO())
    busiest = list(Person.objects.order_by("-meeting_count", "pk")[:3])
    quiet = Person.objects.filter(meeting_count=1).first()
    for person in [*busiest, quiet]:
        # Large enough to hold every counterpart, so that ties cut at the limit cannot differ.
        found = queries.counterparts(person, limit=10_000)
        expected = counterparts_by_orm(person, limit=10_000)
        assert found, person
        # Compared as sets of rows: names tie-break in the database's collation, not Python's.
        assert sorted(found, key=by_count_and_slug) == sorted(expected, key=by_count_and_slug)
        assert [row["n"] for row in queries.counterparts(person)] == [row["n"] for row in expected[:10]]


def people_representing_by_orm(participations, limit: int) -> list[dict]:
    return list(
        participations.filter(person__isnull=False)
        .values("person__slug", "person__name")
        .annotate(n=Count("meeting", distinct=True))
        .order_by("-n", "person__name")[:limit]
    )


def test_people_representing_is_the_orm_grouping_of_the_same_participations():
    call_command("generate_archive", "--meetings", "3000", "--seed", "19", stdout=io.StringIO())
    busiest_country = Country.objects.annotate(n=Count("meetings")).order_by("-n", "iso2").first()
    organization = Organization.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first()
    public = queries.public_participations()
    for participations in (
        public.filter(country=busiest_country),
        public.filter(organization=organization),
        public.filter(country=busiest_country, meeting__countries="MA"),  # a bilateral page's side
    ):
        found = queries.people_representing(participations, limit=10_000)
        expected = people_representing_by_orm(participations, limit=10_000)
        assert found
        assert sorted(found, key=by_count_and_slug) == sorted(expected, key=by_count_and_slug)
        assert [row["n"] for row in queries.people_representing(participations)] == [
            row["n"] for row in expected[:10]
        ]
