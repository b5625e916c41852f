"""The meetings list: filters (alone and combined), errors, facets, keyset pagination, query budget."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.queries import search_meetings
from tests.factories import make_meeting, make_person
from tests.views.conftest import page_text

LIST_URL = "/meetings/"
# Filter-validation queries (one per slug/country parameter) come on top of this.
# 13: one more than before the rollups, to ask whether they are built (see queries.meeting_list_counts).
MEETING_LIST_QUERIES = 11


def listed_ids(response) -> list[int]:
    """Meeting ids in the result rows, in page order."""
    html = page_text(response)
    results = html.split('aria-label="Results"', 1)[1]
    return [int(pk) for pk in re.findall(r'class="meeting-row__title"><a href="/meetings/(\d+)/"', results)]


def ids(*meetings) -> list[int]:
    return [meeting.pk for meeting in meetings]


@pytest.mark.django_db
def test_meeting_list_shows_public_meetings_newest_first(client, archive):
    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert listed_ids(response) == ids(
        archive.baku_icesco, archive.rabat_call, archive.antalya, archive.rabat_icesco, archive.ankara_call
    )


@pytest.mark.django_db
def test_meeting_list_sorted_oldest_first(client, archive):
    response = client.get(LIST_URL, {"sort": "date"})

    assert listed_ids(response) == ids(
        archive.ankara_call, archive.rabat_icesco, archive.antalya, archive.rabat_call, archive.baku_icesco
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": ["az", "ma"]}, ["rabat_call", "antalya"]),
        ({"country": ["AZ", "Ma"]}, ["rabat_call", "antalya"]),
        ({"country": ["az", "ma", "tr"]}, ["antalya"]),
        ({"country": ["tr"], "kind": "video_call"}, ["ankara_call"]),
        ({"kind": "phone_call"}, ["rabat_call"]),
        ({"year": "2022"}, ["rabat_icesco", "ankara_call"]),
        ({"organization": "icesco"}, ["baku_icesco", "rabat_icesco"]),
        ({"topic": "culture"}, ["baku_icesco", "rabat_icesco"]),
        ({"status": "verified"}, ["baku_icesco", "ankara_call"]),
        ({"status": "unreviewed", "country": "ma"}, ["rabat_call", "antalya", "rabat_icesco"]),
        (
            {"country": "az", "date_after": "2023-01-01", "date_before": "2023-06-30", "topic": "energy"},
            ["rabat_call", "antalya"],
        ),
        ({"date_after": "2023-06-02", "date_before": "2023-06-02"}, ["rabat_call"]),
        ({"q": "Antalya Diplomacy"}, ["antalya"]),
        ({"q": "Rabat"}, ["rabat_icesco"]),
        ({"q": "al malik"}, ["baku_icesco", "rabat_icesco"]),
        ({"q": "cavusoglu"}, ["antalya", "ankara_call"]),
        ({"country": ["az", "fr"]}, []),
    ],
)
def test_meeting_list_filters(client, archive, params, expected):
    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert listed_ids(response) == [getattr(archive, name).pk for name in expected]


@pytest.mark.django_db
def test_meeting_list_person_filter(client, archive):
    response = client.get(LIST_URL, {"person": archive.cavusoglu.slug})

    assert listed_ids(response) == ids(archive.antalya, archive.ankara_call)


@pytest.mark.django_db
def test_meeting_list_empty_archive_says_so(client, db):
    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert "No meetings match these filters" in page_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_after": "notadate"}, "Enter the “from” date as YYYY-MM-DD."),
        ({"date_before": "2023-13-45"}, "Enter the “to” date as YYYY-MM-DD."),
        ({"country": "ZZZ"}, "Unknown country code “ZZZ”"),
        ({"country": ["az", "qq"]}, "Unknown country code “QQ”"),
        ({"kind": "foo"}, "Select a valid choice. foo is not one of the available choices."),
        ({"status": "rejected"}, "Select a valid choice. rejected is not one of the available choices."),
        ({"year": "twenty"}, "Enter a whole number."),
        ({"sort": "random"}, "Select a valid choice."),
        ({"organization": "no-such-org"}, "No organization has this identifier."),
        ({"person": "nobody"}, "No person has this identifier."),
        ({"date_after": "2024-01-01", "date_before": "2023-01-01"}, "must not be later than"),
    ],
)
def test_meeting_list_bad_filter_shows_form_error(client, archive, params, message):
    response = client.get(LIST_URL, params)

    html = page_text(response)
    assert response.status_code == 200
    assert 'class="form-errors" role="alert"' in html
    assert message.replace("“", "&ldquo;") in html or message in html
    assert listed_ids(response) == []


@pytest.mark.django_db
def test_meeting_list_marks_unreviewed_and_verified(client, archive):
    html = page_text(client.get(LIST_URL, {"country": "ma", "organization": "icesco"}))

    assert html.count('class="badge badge--unreviewed"') == 2  # the row and the footer legend
    assert 'class="badge badge--verified"' not in html


@pytest.mark.django_db
def test_meeting_list_facets_count_current_filter_and_toggle(client, archive):
    response = client.get(LIST_URL, {"country": "az"})
    facets = {group["param"]: group["items"] for group in response.context_data["facet_groups"]}

    assert [(item["label"], item["count"], item["active"]) for item in facets["country"]] == [
        ("Azerbaijan", 4, True),
        ("Morocco", 2, False),
        ("Türkiye", 2, False),
    ]
    assert [(item["label"], item["count"]) for item in facets["organization"]] == [("ICESCO", 1)]
    assert [(item["label"], item["count"]) for item in facets["topic"]] == [("Energy", 3), ("Culture", 1)]
    assert [(item["label"], item["count"]) for item in facets["kind"]] == [
        ("In person", 2),
        ("Phone call", 1),
        ("Video call", 1),
    ]
    assert [(item["label"], item["count"]) for item in facets["year"]] == [("2023", 3), ("2022", 1)]
    # Each value links to the filter with that value added, or removed when it is on.
    assert [item["query"] for item in facets["country"]] == [
        "",
        "?country=az&country=ma",
        "?country=az&country=tr",
    ]
    assert facets["year"][0]["query"] == "?country=az&year=2023"


@pytest.mark.django_db
def test_meeting_list_facet_links_reach_two_country_filter(client, archive):
    first = client.get(LIST_URL, {"country": "az"})
    morocco = next(
        item for item in first.context_data["facet_groups"][0]["items"] if item["label"] == "Morocco"
    )

    second = client.get(LIST_URL + morocco["query"])

    assert listed_ids(second) == ids(archive.rabat_call, archive.antalya)
    assert f'href="/meetings/{morocco["query"]}"'.replace("&", "&amp;") in page_text(first)


@pytest.mark.django_db
def test_meeting_list_active_filters_are_removable_one_by_one(client, archive):
    response = client.get(LIST_URL, {"country": ["az", "ma"], "kind": "phone_call"})

    chips = [(chip.label, chip.value, chip.remove_query) for chip in response.context_data["active_filters"]]
    assert chips == [
        ("Country", "Azerbaijan", "?country=ma&kind=phone_call"),
        ("Country", "Morocco", "?country=az&kind=phone_call"),
        ("Kind", "Phone call", "?country=az&country=ma"),
    ]
    assert 'aria-label="Remove filter Country: Morocco"' in page_text(response)


@pytest.mark.django_db
def test_meeting_list_timeline_has_a_bar_per_month(client, archive):
    response = client.get(LIST_URL, {"country": "az"})

    bars = response.context_data["timeline"]
    assert (bars[0].month, bars[-1].month) == (dt.date(2022, 3, 1), dt.date(2023, 11, 1))
    assert len(bars) == 21
    assert sum(bar.count for bar in bars) == 4
    assert "<title>November 2023: 1</title>" in page_text(response)


@pytest.mark.django_db
def test_meeting_list_rejected_meeting_never_counted(client, archive):
    response = client.get(LIST_URL, {"country": ["az", "ma"]})

    assert response.context_data["total"] == 2
    assert sum(bar.count for bar in response.context_data["timeline"]) == 2
    assert archive.rejected.pk not in listed_ids(response)


@pytest.mark.django_db
def test_search_meetings_is_shared_and_excludes_rejected(archive):
    filterset, meetings = search_meetings({"country": ["az"]})

    assert filterset.is_valid()
    assert [meeting.pk for meeting in meetings] == ids(
        archive.baku_icesco, archive.rabat_call, archive.antalya, archive.ankara_call
    )


@pytest.mark.django_db
def test_meeting_list_keyset_pagination_without_offset(client, settings, monkeypatch):
    monkeypatch.setattr("meetings.views.MEETINGS_PER_PAGE", 3)
    person = make_person(name="Page Turner")
    # Two meetings share a day, and one is undated: the cursor must handle both.
    dates = [dt.date(2023, 1, day) for day in (1, 2, 3, 3, 4, 5, 6)] + [None]
    created = [make_meeting(date=date, participants=[(person, "AZ", None)]) for date in dates]
    newest_first = sorted(
        (m for m in created if m.date_start), key=lambda m: (m.date_start, m.pk), reverse=True
    ) + [created[-1]]

    pages, url = [], LIST_URL
    with CaptureQueriesContext(connection) as captured:
        while url:
            response = client.get(url)
            pages.append(listed_ids(response))
            next_query = response.context_data["next_query"]
            url = LIST_URL + next_query if next_query else None

    assert pages == [[m.pk for m in newest_first[i : i + 3]] for i in (0, 3, 6)]
    assert not any(re.search(r"\bOFFSET\s+[1-9]", query["sql"]) for query in captured.captured_queries)


@pytest.mark.django_db
def test_meeting_list_bad_cursor_starts_at_first_page(client, archive):
    response = client.get(LIST_URL, {"after": "garbage"})

    assert listed_ids(response)[0] == archive.baku_icesco.pk


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
def test_meeting_list_query_budget(client, django_assert_num_queries, item_count):
    """Rows, participants and topics cost the same for 1 or 3 meetings (no per-row queries)."""
    for index in range(item_count):
        person = make_person(name=f"Budget Person {index}")
        make_meeting(
            participants=[(person, "AZ", None), (f"Unresolved {index}", "MA", None)], topics=("Energy",)
        )

    with django_assert_num_queries(MEETING_LIST_QUERIES + 2):  # + validating country=az, + its size
        response = client.get(LIST_URL, {"country": "az"})

    assert len(listed_ids(response)) == item_count
