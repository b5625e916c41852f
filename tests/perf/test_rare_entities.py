"""Lists and entity pages of a rare country, organization, topic or person start from that
entity's few meetings (queries.rarest_entity, queries.start_from) instead of walking
the whole date index. The meetings shown must be exactly those the plain filter selects."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import queries
from meetings.models import Country, Organization, Person, Topic
from tests.views.conftest import page_text

pytestmark = pytest.mark.django_db

# The meetings' id column, named by table or, inside a subquery, by Django's alias (U0, V0).
STARTS_FROM_ENTITY = re.compile(r'(?:"meetings_meeting"|[A-Z]\d+)\."id" = ANY\(ARRAY\(SELECT')


@pytest.fixture
def generated(db):
    call_command("generate_archive", "--meetings", "2000", "--seed", "5", stdout=io.StringIO())


def rarest(model, relation: str):
    public = Q(**{f"{relation}__status__in": ["unreviewed", "verified"]})
    return (
        model.objects.annotate(n=Count(relation, filter=public)).filter(n__gt=0).order_by("n", "pk").first()
    )


def listed_ids(client, params: dict) -> tuple[list[int], bool]:
    """Meeting ids on the list page, and whether the keyset query started from an entity."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("meetings:meeting-list"), params)
    assert response.status_code == 200
    ids = [int(match) for match in re.findall(r'href="/meetings/(\d+)/"', page_text(response))]
    narrowed = any(STARTS_FROM_ENTITY.search(query["sql"]) for query in captured.captured_queries)
    return list(dict.fromkeys(ids)), narrowed


@pytest.mark.parametrize("which", ["country", "organization", "topic", "person", "country+topic"])
def test_a_rare_entity_filter_lists_the_same_meetings(generated, client, monkeypatch, which):
    country, topic = rarest(Country, "meetings"), rarest(Topic, "meetings")
    organization = rarest(Organization, "meetings")
    topic_of_country = Topic.objects.filter(meetings__countries=country).order_by("pk").first()
    person = Person.objects.filter(meeting_count__gt=0).order_by("meeting_count", "pk").first()
    params = {
        "country": {"country": country.iso2.lower()},
        "organization": {"organization": organization.slug},
        "topic": {"topic": topic.slug},
        "person": {"person": person.slug},
        "country+topic": {
            "country": country.iso2.lower(),
            "topic": topic_of_country.slug,
            "date_after": "2001-01-01",
        },
    }[which]

    narrowed_ids, narrowed = listed_ids(client, params)
    monkeypatch.setattr(queries, "NARROW_UP_TO", -1)
    plain_ids, plain_narrowed = listed_ids(client, params)

    assert narrowed and not plain_narrowed
    assert narrowed_ids == plain_ids
    assert narrowed_ids  # the rarest entities still have meetings


def test_an_entity_above_the_threshold_is_not_narrowed(generated, client, monkeypatch):
    country = rarest(Country, "meetings")
    monkeypatch.setattr(queries, "NARROW_UP_TO", 0)

    ids, narrowed = listed_ids(client, {"country": country.iso2.lower()})

    assert ids and not narrowed


def test_an_entity_without_public_meetings_lists_nothing(generated, client):
    unused = Country.objects.filter(meetings__isnull=True).order_by("iso2").first()

    ids, narrowed = listed_ids(client, {"country": unused.iso2.lower()})

    assert ids == [] and narrowed


@pytest.mark.parametrize("page", ["country", "organization", "topic", "person"])
def test_entity_pages_of_rare_entities_show_the_same_latest_meetings(generated, client, monkeypatch, page):
    entity = {
        "country": lambda: rarest(Country, "meetings"),
        "organization": lambda: rarest(Organization, "meetings"),
        "topic": lambda: rarest(Topic, "meetings"),
        "person": lambda: Person.objects.filter(meeting_count__gt=0).order_by("meeting_count", "pk").first(),
    }[page]()
    url = entity.get_absolute_url()

    def shown() -> tuple[list[str], bool]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        narrowed = any(STARTS_FROM_ENTITY.search(query["sql"]) for query in captured.captured_queries)
        return re.findall(r'href="/meetings/(\d+)/"', page_text(response)), narrowed

    narrowed_links, narrowed = shown()
    monkeypatch.setattr(queries, "NARROW_UP_TO", -1)
    plain_links, plain_narrowed = shown()

    assert narrowed and not plain_narrowed
    assert narrowed_links == plain_links and narrowed_links


@pytest.mark.parametrize("which", ["country+topic", "country", "person"])
def test_facets_and_counts_from_the_few_matching_ids_are_the_same(generated, monkeypatch, which):
    from django.conf import settings
    from django.core.cache import caches
    from django.http import QueryDict

    country = rarest(Country, "meetings")
    topic = Topic.objects.filter(meetings__countries=country).order_by("pk").first()
    person = Person.objects.filter(meeting_count__gt=0).order_by("meeting_count", "pk").first()
    params = {
        "country+topic": f"country={country.iso2.lower()}&topic={topic.slug}",
        "country": f"country={country.iso2.lower()}",
        "person": f"person={person.slug}",
    }[which]

    def counts():
        caches[settings.PAGE_CACHE_ALIAS].clear()
        filterset, meetings = queries.search_meetings(QueryDict(params))
        return queries.meeting_list_counts(filterset, meetings)

    found_few = []
    few_meetings = queries.few_meetings
    monkeypatch.setattr(
        queries, "few_meetings", lambda meetings: found_few.append(few_meetings(meetings)) or found_few[-1]
    )
    from_ids = counts()
    assert found_few and found_few[0] is not None
    monkeypatch.setattr(queries, "few_meetings", lambda meetings: None)
    from_filter = counts()

    assert from_ids == from_filter
    facets, count = from_ids
    assert count.value > 0 and not count.estimated
    assert facets.countries and facets.kinds and facets.years


# The date walk (queries.walk_dated_keys): an entity's meetings newest or oldest first from its
# dated link rows. Forced on (DATE_WALK_ABOVE = 0) it must list exactly what the general query lists.
WALKED = re.compile(r"SELECT walked\.meeting_id")


def pages_of_ids(client, params: dict, pages: int = 3) -> tuple[list[list[int]], bool]:
    """The meeting ids of the first few list pages (following the next-page cursor), and whether a walk ran."""
    found, walked, query = [], False, dict(params)
    for _ in range(pages):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("meetings:meeting-list"), query)
        assert response.status_code == 200
        text = page_text(response)
        found.append(list(dict.fromkeys(int(m) for m in re.findall(r'href="/meetings/(\d+)/"', text))))
        walked = walked or any(WALKED.search(q["sql"]) for q in captured.captured_queries)
        after = re.search(r"(?:\?|&amp;)after=([\w.-]+)", text)
        if not after:
            break
        query = {**params, "after": after.group(1)}
    return found, walked


@pytest.mark.parametrize(
    "which",
    [
        "country",
        "organization",
        "topic",
        "country+topic",
        "country+topic, dates",
        "topic, year, oldest first",
        "country, text, kind",
        "person",
        "person+topic, oldest first",
    ],
)
def test_a_walked_list_is_the_list_the_general_query_gives(generated, client, monkeypatch, which):
    country = Country.objects.annotate(n=Count("meetings")).order_by("-n", "iso2").first()
    topic = Topic.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first()
    organization = Organization.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first()
    person = Person.objects.order_by("-meeting_count", "pk").first()
    params = {
        "country": {"country": country.iso2.lower()},
        "organization": {"organization": organization.slug},
        "topic": {"topic": topic.slug},
        "country+topic": {"country": country.iso2.lower(), "topic": topic.slug},
        "country+topic, dates": {
            "country": country.iso2.lower(), "topic": topic.slug, "date_after": "2010-03-01", "date_before": "2021-06-30",
        },
        "topic, year, oldest first": {"topic": topic.slug, "year": "2019", "sort": "date"},
        "country, text, kind": {"country": country.iso2.lower(), "q": "embassy", "kind": "in_person"},
        "person": {"person": person.slug},
        "person+topic, oldest first": {"person": person.slug, "topic": topic.slug, "sort": "date"},
    }[which]  # fmt: skip

    monkeypatch.setattr(queries, "DATE_WALK_ABOVE", 0)
    walked_pages, walked = pages_of_ids(client, params)
    monkeypatch.setattr(queries, "DATE_WALK_ABOVE", 10**9)
    general_pages, general_walked = pages_of_ids(client, params)

    assert walked and not general_walked
    assert walked_pages == general_pages
    assert len(walked_pages) >= 2 and all(walked_pages)


def test_a_walk_that_does_not_fill_the_page_gives_way_to_the_general_query(generated, client, monkeypatch):
    country = Country.objects.annotate(n=Count("meetings")).order_by("-n", "iso2").first()
    topic = Topic.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first()
    params = {"country": country.iso2.lower(), "topic": topic.slug}
    monkeypatch.setattr(queries, "DATE_WALK_ABOVE", 10**9)
    general_pages, _ = pages_of_ids(client, params)

    monkeypatch.setattr(queries, "DATE_WALK_ABOVE", 0)
    monkeypatch.setattr(queries, "DATE_WALK_ROWS", 5)  # five link rows cannot hold a page of 26 keys
    pages, walked = pages_of_ids(client, params)

    assert walked
    assert pages == general_pages


@pytest.mark.parametrize("page", ["country", "organization", "topic", "person"])
def test_entity_pages_show_the_same_latest_meetings_walked(generated, client, monkeypatch, page):
    if page == "person":
        entity = Person.objects.order_by("-meeting_count", "pk").first()
    else:
        model = {"country": Country, "organization": Organization, "topic": Topic}[page]
        entity = model.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first()

    def shown() -> tuple[list[str], bool]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(entity.get_absolute_url())
        assert response.status_code == 200
        walked = any(WALKED.search(query["sql"]) for query in captured.captured_queries)
        return re.findall(r'href="/meetings/(\d+)/"', page_text(response)), walked

    monkeypatch.setattr(queries, "DATE_WALK_ABOVE", 0)
    walked_links, walked = shown()
    monkeypatch.setattr(queries, "DATE_WALK_ABOVE", 10**9)
    general_links, general_walked = shown()

    assert walked and not general_walked
    assert walked_links == general_links and walked_links
