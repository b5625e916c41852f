"""Hostile text renders escaped everywhere, and a rejected meeting leaks nowhere."""

import json

import pytest
from django.template import engines
from django.utils.safestring import mark_safe

from meetings.models import Person
from tests.factories import (
    REJECTED_MARKERS,
    add_participation,
    make_article,
    make_meeting,
    make_organization,
    make_person,
    make_topic,
)
from tests.views.conftest import page_text

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = f"{SCRIPT} {IMG}"


@pytest.fixture
def hostile(db):
    return make_hostile_meeting()


def make_hostile_meeting():
    """A meeting where every free-text field a page shows is hostile."""
    person = make_person(name=f"Mallory {HOSTILE}")
    Person.objects.filter(pk=person.pk).update(slug="mallory")
    person.refresh_from_db()
    organization = make_organization(name=f"Org {HOSTILE}", acronym=f"O{SCRIPT}")
    make_topic(name=f"Topic {HOSTILE}")
    text = f"Mallory {HOSTILE} met the minister. {SCRIPT} More text {IMG} here."
    article = make_article(text=text, title=f"Title {HOSTILE}", url="https://news.example/x?a=1&b=%22")
    meeting = make_meeting(
        participants=[(person, "AZ", None), (f"Eve {HOSTILE}", None, organization)],
        place=f"Place {HOSTILE}",
        topics=(f"Topic {HOSTILE}",),
        article=article,
    )
    meeting.context_event = f"Event {HOSTILE}"
    meeting.save()
    meeting.participations.filter(person=person).update(
        title=f"Minister {HOSTILE}", article=article, span_start=0, span_end=len(text) // 2
    )
    meeting.reports.update(evidence_start=0, evidence_end=len(text) - 5, quote=text)
    add_participation(
        meeting=make_meeting(participants=[(person, "MA", None)]),
        person=make_person(name="Bob Plain"),
        country_iso2="MA",
    )
    return meeting


def hostile_urls(meeting) -> list[str]:
    article_id = meeting.reports.get().article_id
    return [
        "/",
        "/meetings/",
        f"/meetings/?q={SCRIPT}",
        "/meetings/?country=az",
        f"/meetings/?date_after={IMG}",
        f"/meetings/{meeting.pk}/",
        "/people/mallory/",
        f"/organizations/{meeting.organizations.get().slug}/",
        "/countries/az/",
        "/countries/az/ma/",
        f"/topics/{meeting.topics.get().slug}/",
        f"/articles/{article_id}/",
        "/about/",
        "/search/?q=mallory",
        f"/search/?q={IMG}",
    ]


@pytest.mark.django_db
def test_hostile_text_is_escaped_on_every_page(client, hostile):
    for url in hostile_urls(hostile):
        response = client.get(url)
        html = page_text(response)

        assert response.status_code == 200, url
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert "onerror=alert(1)>" not in html, url


@pytest.mark.django_db
def test_hostile_text_is_shown_escaped_not_dropped(client, hostile):
    html = page_text(client.get(f"/meetings/{hostile.pk}/"))

    assert (
        "Mallory &lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    )


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(client, hostile):
    for url in hostile_urls(hostile):
        html = page_text(client.get(url))

        assert "<script>" not in html and "<script " not in html.replace(
            '<script src="/static/js/search.js" defer>', ""
        ), url
        assert "style=" not in html, url
        assert " onclick=" not in html and " onload=" not in html, url


@pytest.mark.django_db
def test_hostile_text_in_autocomplete_and_feed_is_data(client, hostile):
    data = json.loads(page_text(client.get("/search/autocomplete/", {"q": "mallory"})))
    feed = page_text(client.get("/meetings/feed/"))

    assert data["results"][0]["name"] == f"Mallory {HOSTILE}"
    assert "<script>" not in feed and "&lt;script&gt;" in feed


@pytest.mark.django_db
def test_rejected_meeting_leaks_nowhere(client, archive):
    article_id = archive.rejected.reports.get().article_id
    urls = [
        "/",
        "/meetings/",
        "/meetings/?country=az&country=ma",
        "/meetings/?q=Leak",
        "/meetings/?sort=date",
        f"/meetings/{archive.baku_icesco.pk}/",
        f"/meetings/{archive.rabat_call.pk}/",
        "/people/jeyhun-bayramov/",
        "/people/nasser-bourita/",
        "/organizations/icesco/",
        "/countries/az/",
        "/countries/ma/",
        "/countries/az/ma/",
        "/topics/culture/",
        "/topics/energy/",
        "/about/",
        "/search/?q=bayramov",
        "/meetings/export.csv",
        "/meetings/export.json",
        "/meetings/export.csv?country=ma",
        "/meetings/feed/",
        "/meetings/feed/?country=ma",
    ]
    rejected_url = f"/meetings/{archive.rejected.pk}/"
    for url in urls:
        response = client.get(url)
        content = page_text(response)

        assert response.status_code == 200, url
        assert rejected_url not in content, url
        for marker in REJECTED_MARKERS:
            assert marker not in content, (url, marker)
    # The article page may show its text, but never as evidence of the rejected meeting.
    assert rejected_url not in page_text(client.get(f"/articles/{article_id}/"))


@pytest.mark.django_db
def test_rejected_only_person_page_shows_no_meetings(client, archive):
    response = client.get(f"/people/{archive.leakman.slug}/")

    html = page_text(response)
    assert response.context_data["meeting_total"] == 0
    assert response.context_data["titles"] == []
    assert response.context_data["counterparts"] == []
    assert "Leakville" not in html and "Leak Summit host" not in html


def test_the_public_pages_template_engine_escapes_what_it_is_given():
    """Jinja2 renders the public pages: like Django's engine it escapes every value unless it is
    marked safe (the rows and timeline the filters build are escaped value by value)."""
    template = engines["jinja2"].from_string("<p title='{{ value }}'>{{ value }}</p>{{ safe }}")
    html = template.render({"value": "<script>alert('x')</script>&", "safe": mark_safe("<b>kept</b>")})

    assert html == (
        "<p title='&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;'>"
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p><b>kept</b>"
    )
