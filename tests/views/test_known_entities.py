"""At scale the list validates countries, organizations and topics from a map read once per data
change; anything the map does not hold is still looked up in the database."""

import pytest
from django.http import QueryDict

from meetings import queries
from meetings.filters import MeetingFilter
from meetings.models import Meeting
from tests.factories import make_meeting, make_organization, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_map(monkeypatch):
    monkeypatch.setattr(queries, "_known_entities", None)


def selected(params: str):
    selection = queries.select_meetings(QueryDict(params), use_rollups=True)
    assert selection.filterset.is_valid(), selection.filterset.errors
    return selection.filterset.form.cleaned_data, list(selection.meetings.values_list("pk", flat=True))


def test_known_countries_organizations_and_topics_cost_no_query(django_assert_num_queries):
    un = make_organization(name="United Nations", acronym="UN")
    meeting = make_meeting(
        participants=[("A", "AZ", None), ("B", "MA", None), ("C", None, un)], topics=("Trade",)
    )
    known = queries.known_entities()  # read once
    params = QueryDict("country=az&country=MA&organization=un&topic=trade")

    with django_assert_num_queries(0):
        assert MeetingFilter(params, queryset=Meeting.objects.public(), known=known).is_valid()
    with django_assert_num_queries(3):  # one per kind of entity
        assert MeetingFilter(params, queryset=Meeting.objects.public()).is_valid()
    cleaned, pks = selected("country=az&country=MA&organization=un&topic=trade")
    assert [c.iso2 for c in cleaned["country"]] == ["AZ", "MA"]
    assert (cleaned["organization"], cleaned["topic"].slug) == (un, "trade")
    assert pks == [meeting.pk]


def test_an_entity_the_map_does_not_hold_is_looked_up_in_the_database():
    queries.known_entities()
    meeting = make_meeting(participants=[("A", "AZ", None), ("B", "MA", None)], topics=("Water",))

    cleaned, pks = selected("topic=water")

    assert cleaned["topic"].slug == "water"
    assert pks == [meeting.pk]


def test_unknown_values_are_still_errors():
    make_meeting(participants=[("A", "AZ", None), ("B", "MA", None)])
    queries.known_entities()

    for params, field in [
        ("country=zz", "country"),
        ("topic=nothing", "topic"),
        ("organization=x", "organization"),
    ]:
        filterset = queries.select_meetings(QueryDict(params), use_rollups=True).filterset
        assert not filterset.is_valid()
        assert field in filterset.errors


def test_the_map_is_read_again_after_a_data_change(django_capture_on_commit_callbacks):
    first = queries.known_entities()
    assert queries.known_entities() is first
    with django_capture_on_commit_callbacks(execute=True):
        make_topic(name="Energy")
    assert "energy" in queries.known_entities().topics
