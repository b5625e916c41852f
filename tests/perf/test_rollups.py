"""The rollup path gives the same numbers as counting the meetings, and stays right after changes."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.http import QueryDict

from meetings import queries, rollups
from meetings.models import MeetingMonthCount, MeetingStatus, MeetingTotalCount, Person
from meetings.store import refresh_meeting_counts
from tests.factories import make_meeting, make_person

LIST_URL = "/meetings/"
FILTERS = [
    {},
    {"kind": "phone_call"},
    {"status": "verified"},
    {"year": "2023"},
    {"date_after": "2023-01-01", "date_before": "2023-06-30"},
    {"country": "az"},
    {"country": "az", "year": "2023"},
    {"organization": "icesco"},
    {"topic": "energy", "kind": "in_person"},
    {"country": ["az", "ma"]},  # two entities: not a rollup filter (cached instead)
    {"date_after": "2023-06-02"},  # cuts a month: not a rollup filter
    {"q": "al malik"},
]


@pytest.fixture(autouse=True)
def empty_cache():
    """Aggregates are cached per data version, which a rolled-back test never bumps."""
    caches["default"].clear()
    yield
    caches["default"].clear()


def list_numbers(client, params) -> dict:
    context = client.get(LIST_URL, params).context_data
    return {
        "total": context["total"],
        "estimated": context["total_is_estimate"],
        "facets": [
            (group["param"], [(item["label"], item["count"]) for item in group["items"]])
            for group in context["facet_groups"]
        ],
        "timeline": [(bar.month, bar.count) for bar in context["timeline"]],
    }


def snapshot():
    def rows(model, *fields):
        return sorted(model.objects.values_list(*fields, "kind", "status", "meetings"), key=repr)

    return (
        rows(MeetingMonthCount, "dimension", "country_id", "organization_id", "topic_id", "month"),
        rows(MeetingTotalCount, "dimension", "country_id", "organization_id", "topic_id"),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("params", FILTERS, ids=[str(p) for p in FILTERS])
def test_list_counts_from_rollups_equal_exact_counts(client, archive, params):
    exact = list_numbers(client, params)
    call_command("refresh_rollups")

    assert list_numbers(client, params) == exact


@pytest.mark.django_db
def test_rollup_selection_only_for_filters_rollups_answer(archive):
    from meetings.filters import MeetingFilter
    from meetings.models import Meeting

    def selection(params):
        filterset = MeetingFilter(QueryDict(urlencode(params, doseq=True)), queryset=Meeting.objects.public())
        assert filterset.is_valid()
        return queries.rollup_selection(filterset.form.cleaned_data)

    assert selection({"year": "2023", "date_before": "2023-06-30"}).last_month == dt.date(2023, 6, 1)
    assert selection({"country": "az", "kind": "phone_call"}).entity == {"country_id": "AZ"}
    assert selection({"country": ["az", "ma"]}) is None
    assert selection({"date_before": "2023-06-29"}) is None
    assert selection({"person": archive.bayramov.slug}) is None


@pytest.mark.django_db
def test_home_and_entity_pages_from_rollups_equal_exact(client, archive):
    refresh_meeting_counts(Person.objects.values_list("pk", flat=True))
    pages = ["/", "/countries/az/", "/organizations/icesco/", "/topics/energy/", "/countries/az/ma/"]
    keys = [
        "summary",
        "top_countries",
        "top_organizations",
        "meeting_total",
        "per_year",
        "partner_countries",
        "people",
    ]

    def numbers(url):
        context = client.get(url).context_data
        return {key: context[key] for key in keys if key in context}

    exact = {url: numbers(url) for url in pages}
    call_command("refresh_rollups")
    from_rollups = {url: numbers(url) for url in pages}

    assert from_rollups["/"]["summary"].pop("people_estimated") is False
    assert from_rollups == exact


@pytest.mark.django_db
def test_refresh_months_matches_a_full_rebuild_after_changes(archive):
    rollups.refresh_all()
    person = make_person(name="New Person")
    added = make_meeting(date=dt.date(2023, 6, 20), participants=[(person, "AZ", None)], topics=("Energy",))
    undated = make_meeting(date=None, participants=[(person, "FR", None)], kind="phone_call")
    archive.antalya.status, archive.antalya.rejection_reason = MeetingStatus.REJECTED, "duplicate"
    archive.antalya.save()
    moved_from = rollups.month_of(archive.ankara_call.date_start)
    archive.ankara_call.date_start = archive.ankara_call.date_end = dt.date(2021, 2, 3)
    archive.ankara_call.save()

    rollups.refresh_meetings(
        [added.pk, undated.pk, archive.antalya.pk, archive.ankara_call.pk], previous_months=[moved_from]
    )
    incremental = snapshot()
    rollups.refresh_all()

    assert incremental == snapshot()
    assert MeetingTotalCount.objects.filter(country_id="FR").exists()


@pytest.mark.django_db
def test_refresh_months_does_nothing_before_the_first_build(archive):
    rollups.refresh_months([dt.date(2023, 6, 1)])

    assert not MeetingMonthCount.objects.exists()


@pytest.mark.django_db
def test_count_past_threshold_is_an_estimate(archive, monkeypatch):
    from meetings.models import Meeting

    monkeypatch.setattr(queries, "COUNT_EXACT_UP_TO", 2)

    count = queries.count_up_to_threshold(Meeting.objects.public())

    assert count.estimated
    assert count.value >= 3


def test_round_estimate():
    assert [queries.round_estimate(n) for n in (7, 42, 123, 12_345, 987_654)] == [7, 42, 120, 12_000, 990_000]
