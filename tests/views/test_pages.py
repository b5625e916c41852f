"""Home, meeting, person, organization, country, bilateral, topic, article and about pages."""

import pytest

from meetings.models import Organization, Person
from tests.factories import (
    add_participation,
    make_article,
    make_meeting,
    make_organization,
    make_person,
    make_topic,
)
from tests.views.conftest import page_text

# Query budgets: the same for 1 or 3 rows on the page.
# Pages that can count from the rollups ask once whether they are built: one query more than
# before the rollups existed (these tests run without them; tests/perf covers the rollup path).
HOME_QUERIES = 10
MEETING_DETAIL_QUERIES = 6
PERSON_DETAIL_QUERIES = 10
ORGANIZATION_DETAIL_QUERIES = 8
COUNTRY_DETAIL_QUERIES = 8
BILATERAL_QUERIES = 8
TOPIC_DETAIL_QUERIES = 7
ARTICLE_DETAIL_QUERIES = 3
ABOUT_QUERIES = 3


@pytest.mark.django_db
def test_home_summarises_the_archive(client, archive):
    response = client.get("/")

    html = page_text(response)
    assert response.status_code == 200
    assert response.context_data["summary"] | {"latest_ingest": None} == {
        "meetings": 5,
        "people": 4,  # Zed Leakman only took part in the rejected meeting
        "countries": 3,
        "organizations": 1,
        "latest_ingest": None,
    }
    assert [m.pk for m in response.context_data["latest_meetings"]][:2] == [
        archive.baku_icesco.pk,
        archive.rabat_call.pk,
    ]
    assert [c["iso2"] for c in response.context_data["top_countries"]] == ["az", "ma", "tr"]
    assert [c["n"] for c in response.context_data["top_countries"]] == [4, 3, 2]
    assert [o["slug"] for o in response.context_data["top_organizations"]] == ["icesco"]
    assert 'action="/search/"' in html
    assert "<title>Who met whom in diplomacy · Diplomatic Meetings Archive</title>" in html
    assert '<link rel="canonical" href="http://testserver/">' in html


@pytest.mark.django_db
def test_meeting_detail_shows_people_sources_and_evidence(client, archive):
    response = client.get(f"/meetings/{archive.baku_icesco.pk}/")

    html = page_text(response)
    assert response.status_code == 200
    assert '<a href="/people/jeyhun-bayramov/">Jeyhun Bayramov</a>' in html
    assert '<span class="participant__title">Director-General</span>' in html
    assert 'href="/organizations/icesco/">Islamic World Educational' in html
    assert 'href="/countries/az/">Azerbaijan</a>' in html
    assert "13 November 2023" in html
    assert (
        "<mark>Azerbaijani Foreign Minister Jeyhun Bayramov met ICESCO Director-General Salim AlMalik in Baku on Monday.</mark>"
        in html
    )
    assert 'href="https://news.example/az/1"' in html
    assert 'class="badge badge--verified"' in html
    # Other meetings of the same people, rejected one excluded.
    assert [m.pk for m in response.context_data["other_meetings"]] == [
        archive.rabat_call.pk,
        archive.antalya.pk,
        archive.rabat_icesco.pk,
        archive.ankara_call.pk,
    ]


@pytest.mark.django_db
def test_meeting_detail_marks_unreviewed_and_lists_attendees(client, archive):
    add_participation(
        meeting=archive.rabat_call, mention="Elnur Mammadov", title="Deputy Minister", country_iso2="AZ"
    )

    html = page_text(client.get(f"/meetings/{archive.rabat_call.pk}/"))

    assert "has not yet been checked by an editor" in html
    assert "Also attending" in html
    assert "Elnur Mammadov" in html and "Unresolved name" in html
    assert "☎" in html and "Phone call" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/meetings/999999/",
        "/people/nobody/",
        "/organizations/nothing/",
        "/countries/zz/",
        "/countries/xyz/",
        "/countries/az/zz/",
        "/countries/az/az/",
        "/topics/nothing/",
        "/articles/999999/",
    ],
)
def test_unknown_ids_and_slugs_are_404(client, archive, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "Page not found" in page_text(response)


@pytest.mark.django_db
def test_rejected_meeting_page_is_404(client, archive):
    assert client.get(f"/meetings/{archive.rejected.pk}/").status_code == 404


@pytest.mark.django_db
def test_person_page_timeline_titles_represented_counterparts_aliases(client, archive):
    response = client.get("/people/jeyhun-bayramov/")

    context = response.context_data
    assert response.status_code == 200
    assert [m.pk for m in context["meetings"]] == [
        archive.baku_icesco.pk,
        archive.rabat_call.pk,
        archive.antalya.pk,
        archive.ankara_call.pk,
    ]
    assert context["meeting_total"] == 4
    assert [(row["year"], row["count"]) for row in context["per_year"]] == [(2022, 1), (2023, 3)]
    assert [(t["title"], str(t["first"]), str(t["last"])) for t in context["titles"]] == [
        ("Foreign Minister", "2023-11-13", "2023-11-13")
    ]
    assert [(r["name"], r["n"]) for r in context["represented"]] == [("Azerbaijan", 4)]
    assert [(c["person__name"], c["n"]) for c in context["counterparts"]] == [
        ("Mevlüt Çavuşoğlu", 2),
        ("Nasser Bourita", 2),
        ("Salim AlMalik", 1),
    ]
    assert context["aliases"] == ["Ceyhun Bayramov", "Jeyhun Bayramov"]
    assert "Zed Leakman" not in page_text(response)


@pytest.mark.django_db
def test_merged_person_redirects_to_survivor(client, archive):
    duplicate = make_person(name="J. Bayramov")
    Person.objects.filter(pk=duplicate.pk).update(merged_into=archive.bayramov)

    response = client.get(f"/people/{duplicate.slug}/")

    assert response.status_code == 301
    assert response["Location"] == "/people/jeyhun-bayramov/"


@pytest.mark.django_db
def test_merged_organization_redirects_to_survivor(client, archive):
    duplicate = make_organization(name="ISESCO", acronym="ISESCO")
    Organization.objects.filter(pk=duplicate.pk).update(merged_into=archive.icesco)

    response = client.get("/organizations/isesco/")

    assert response.status_code == 301
    assert response["Location"] == "/organizations/icesco/"


@pytest.mark.django_db
def test_organization_page(client, archive):
    response = client.get("/organizations/icesco/")

    assert response.status_code == 200
    assert [m.pk for m in response.context_data["meetings"]] == [
        archive.baku_icesco.pk,
        archive.rabat_icesco.pk,
    ]
    assert [(c["name"], c["n"]) for c in response.context_data["partner_countries"]] == [
        ("Azerbaijan", 1),
        ("Morocco", 1),
    ]
    assert [(p["person__name"], p["n"]) for p in response.context_data["people"]] == [("Salim AlMalik", 2)]


@pytest.mark.django_db
def test_country_page_ranks_partners_and_counts_years(client, archive):
    response = client.get("/countries/ma/")

    context = response.context_data
    assert response.status_code == 200
    assert context["meeting_total"] == 3
    assert [(p["iso2"], p["n"], p["pair"]) for p in context["partner_countries"]] == [
        ("az", 2, ["az", "ma"]),
        ("tr", 1, ["ma", "tr"]),
    ]
    assert [(row["year"], row["count"]) for row in context["per_year"]] == [(2022, 1), (2023, 2)]
    assert 'href="/countries/az/ma/"' in page_text(response)


@pytest.mark.django_db
def test_country_codes_are_case_insensitive_with_lower_case_canonical(client, archive):
    response = client.get("/countries/MA/")

    assert response.status_code == 301
    assert response["Location"] == "/countries/ma/"


@pytest.mark.django_db
def test_bilateral_page_counts_meetings_of_both(client, archive):
    response = client.get("/countries/az/ma/")

    assert response.status_code == 200
    assert [m.pk for m in response.context_data["meetings"]] == [archive.rabat_call.pk, archive.antalya.pk]
    assert [(row["year"], row["count"]) for row in response.context_data["per_year"]] == [(2023, 2)]
    assert [p["person__name"] for p in response.context_data["first_people"]] == ["Jeyhun Bayramov"]
    assert [p["person__name"] for p in response.context_data["second_people"]] == ["Nasser Bourita"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/countries/ma/az/", "/countries/AZ/MA/", "/countries/Ma/az/"])
def test_bilateral_page_redirects_to_canonical_pair(client, archive, url):
    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == "/countries/az/ma/"


@pytest.mark.django_db
def test_topic_page(client, archive):
    response = client.get("/topics/energy/")

    assert response.status_code == 200
    assert [m.pk for m in response.context_data["meetings"]] == [
        archive.rabat_call.pk,
        archive.antalya.pk,
        archive.ankara_call.pk,
    ]
    assert [(c["iso2"], c["n"]) for c in response.context_data["top_countries"]] == [
        ("az", 3),
        ("ma", 2),
        ("tr", 2),
    ]


@pytest.mark.django_db
def test_article_page_marks_people_and_evidence(client, archive):
    article = archive.baku_icesco.reports.get().article

    response = client.get(f"/articles/{article.pk}/")

    html = page_text(response)
    assert response.status_code == 200
    assert (
        '<a class="mention" href="/people/jeyhun-bayramov/" title="Jeyhun Bayramov, Foreign Minister (Azerbaijan)">Jeyhun Bayramov</a>'
        in html
    )
    assert (
        '<mark class="evidence"><a class="entity" href="/countries/az/" title="Azerbaijan">Azerbaijani</a></mark>'
        '<mark class="evidence"> Foreign Minister </mark>'
    ) in html
    assert [m.person.name for m in response.context_data["people"]] == ["Jeyhun Bayramov", "Salim AlMalik"]
    assert [m.country.name for m in response.context_data["countries"]] == ["Azerbaijan"]
    assert [m.organization.acronym for m in response.context_data["organizations"]] == ["ICESCO"]


@pytest.mark.django_db
def test_article_page_of_rejected_meeting_shows_no_evidence_or_mentions(client, archive):
    article = archive.rejected.reports.get().article

    html = page_text(client.get(f"/articles/{article.pk}/"))

    article_text = html.split('class="article-text">')[1].split("</div>")[0]
    assert article_text == "LEAKED EVIDENCE: Jeyhun Bayramov met Zed Leakman in Leakville at the Leak Summit."
    assert f"/meetings/{archive.rejected.pk}/" not in html


@pytest.mark.django_db
def test_about_page_counts_per_source(client, archive):
    add_participation(
        meeting=archive.rabat_call, mention="Someone Unknown", country_iso2="AZ", article=make_article()
    )

    response = client.get("/about/")

    [stats] = response.context_data["sources"]
    assert response.status_code == 200
    assert (stats.name, stats.articles, stats.meetings, stats.verified, stats.unreviewed, stats.rejected) == (
        "Test Agency",
        7,
        5,
        2,
        3,
        1,
    )
    assert stats.unresolved_names == 1
    assert str(stats.first_published) == str(stats.last_published) == "2023-11-13"


# Query budgets ----------------------------------------------------------------------------------


def make_rows(item_count: int):
    """item_count meetings of one person, country pair, organization and topic, each with a title."""
    icesco = make_organization(name="ICESCO", acronym="ICESCO")
    person = make_person(name="Budget Bayramov")
    make_topic(name="Energy")
    meetings = []
    for index in range(item_count):
        other = make_person(name=f"Counterpart {index}")
        meeting = make_meeting(
            participants=[(person, "AZ", None), (other, "MA", None), (f"Unresolved {index}", None, icesco)],
            topics=("Energy",),
        )
        meeting.participations.filter(person=person).update(title=f"Title {index}")
        meetings.append(meeting)
    return person, icesco, meetings


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize(
    ("url_for", "budget"),
    [
        (lambda person, org, meetings: "/", HOME_QUERIES),
        (lambda person, org, meetings: f"/people/{person.slug}/", PERSON_DETAIL_QUERIES),
        (lambda person, org, meetings: f"/organizations/{org.slug}/", ORGANIZATION_DETAIL_QUERIES),
        (lambda person, org, meetings: "/countries/az/", COUNTRY_DETAIL_QUERIES),
        (lambda person, org, meetings: "/countries/az/ma/", BILATERAL_QUERIES),
        (lambda person, org, meetings: "/topics/energy/", TOPIC_DETAIL_QUERIES),
        (
            lambda person, org, meetings: f"/articles/{meetings[0].reports.get().article_id}/",
            ARTICLE_DETAIL_QUERIES,
        ),
        (lambda person, org, meetings: "/about/", ABOUT_QUERIES),
    ],
    ids=["home", "person", "organization", "country", "bilateral", "topic", "article", "about"],
)
def test_page_query_budget(client, django_assert_num_queries, item_count, url_for, budget):
    person, organization, meetings = make_rows(item_count)
    url = url_for(person, organization, meetings)

    with django_assert_num_queries(budget):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
def test_meeting_detail_query_budget(client, django_assert_num_queries, item_count):
    """item_count attendees, topics, reports and other meetings of the same people."""
    person = make_person(name="Budget Bayramov")
    meeting = make_meeting(participants=[(person, "AZ", None)])
    for index in range(item_count):
        add_participation(meeting=meeting, person=make_person(name=f"Attendee {index}"), country_iso2="AZ")
        meeting.topics.add(make_topic(name=f"Topic {index}"))
        meeting.reports.create(
            article=make_article(), evidence_start=0, evidence_end=10, quote="Test", extractor_version="t"
        )
        make_meeting(participants=[(person, "AZ", None)], topics=("Energy",))

    with django_assert_num_queries(MEETING_DETAIL_QUERIES):
        response = client.get(f"/meetings/{meeting.pk}/")

    assert len(response.context_data["other_meetings"]) == item_count
    assert len(response.context_data["reports"]) == item_count + 1


def test_article_page_marks_countries_and_organizations_named_in_the_text(client, db):
    from meetings.models import Participation

    text = "Azerbaijani Foreign Minister Jeyhun Bayramov met ICESCO Director-General Salim AlMalik in Rabat."
    article = make_article(text=text)
    icesco = make_organization(
        name="Islamic World Educational, Scientific and Cultural Organization", acronym="ICESCO"
    )
    meeting = make_meeting(
        participants=[
            (make_person(name="Jeyhun Bayramov"), "AZ", None),
            (make_person(name="Salim AlMalik"), None, icesco),
        ],
        article=article,
    )
    Participation.objects.filter(meeting=meeting, mention="Jeyhun Bayramov").update(
        article=article, span_start=text.index("Jeyhun"), span_end=text.index(" met")
    )
    Participation.objects.filter(meeting=meeting, mention="Salim AlMalik").update(
        article=article, span_start=text.index("Salim"), span_end=text.index(" in Rabat")
    )

    html = page_text(client.get(f"/articles/{article.pk}/"))

    assert '<a class="entity" href="/countries/az/" title="Azerbaijan">Azerbaijani</a>' in html
    assert f'<a class="entity" href="/organizations/{icesco.slug}/" title="{icesco}">ICESCO</a>' in html
