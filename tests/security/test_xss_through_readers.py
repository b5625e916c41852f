"""XSS payloads pushed through every reader, stored by ingest, then rendered on every public page,
the admin and the exports: no executable markup anywhere, and the text is still shown."""

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from meetings.ingest import ingest_paths
from meetings.models import Article, Meeting, Organization, Person, Topic

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "<svg onload=alert(3)>",
    "javascript:alert(4)",
    "<a href='javascript:alert(5)'>click</a>",
    "<iframe src=//evil.example></iframe>",
    "</textarea><b onmouseover=alert(6)>x",
]
HOSTILE = " ".join(PAYLOADS)

STORY = (
    "Azerbaijan's Minister of Foreign Affairs Jeyhun Bayramov met with Morocco's Minister of Foreign Affairs "
    "Nasser Bourita in Rabat on Monday. {payload} The ministers discussed trade and {payload} culture."
)


def write_inputs(folder):
    (folder / "scrape.txt").write_text(f"date 2024-03-04\n\n{STORY.format(payload=HOSTILE)}\n")
    escaped = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    (folder / "page.html").write_text(
        f"<html><head><title>Talks {escaped}</title><meta property='article:published_time' content='2024-03-05'>"
        f"</head><body><nav>Menu {HOSTILE}</nav><article><h1>Talks {escaped}</h1><p>"
        f"{STORY.format(payload=escaped).replace('Rabat on Monday', 'Baku on Tuesday')}</p>"
        f"<p>More words so the extractor keeps the page as an article, written for this test.</p></article></body></html>"
    )
    record = {"title": f"Call {HOSTILE}", "text": STORY.format(payload=HOSTILE).replace("met with", "held talks with")
              .replace("Rabat on Monday", "Ankara on 6 March 2024"), "url": "https://x.example/a?q=<script>",
              "published": "2024-03-06", "source": f"Agency {HOSTILE}"}  # fmt: skip
    (folder / "lines.jsonl").write_text(json.dumps(record) + "\n")
    (folder / "feed.xml").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Feed</title><item>"
        f"<title>Item {escaped}</title><link>https://feed.example/1</link>"
        "<pubDate>Thu, 07 Mar 2024 10:00:00 GMT</pubDate>"
        f"<description>{STORY.format(payload=escaped).replace('Rabat on Monday', 'Tashkent on Thursday')}</description>"
        "</item></channel></rss>"
    )


class ExecutableMarkup(HTMLParser):
    """Collects what a browser would run: inline scripts, frames, event handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # Our own scripts are files from this origin (/static/, the admin's /admin/jsi18n/).
        if tag == "script" and not (attributes.get("src") or "").startswith(("/static/", "/admin/jsi18n/")):
            self.found.append(f"<script> {attributes}")
        if tag in {"iframe", "object", "embed"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value}")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def assert_inert(body: str, where: str) -> None:
    parser = ExecutableMarkup()
    parser.feed(body)
    assert parser.found == [], where


def test_payloads_through_every_reader_render_inert_everywhere(tmp_path, client, editor_client):
    write_inputs(tmp_path)
    report = ingest_paths([tmp_path], max_bytes=1_000_000)
    assert report.articles_failed == 0, report.failures
    assert Article.objects.count() == 4
    assert Meeting.objects.count() >= 1

    urls = [
        "/",
        "/meetings/",
        "/about/",
        "/search/?q=bayramov",
        "/search/autocomplete/?q=bayramov",
        "/meetings/feed/",
    ]
    urls += [f"/articles/{pk}/" for pk in Article.objects.values_list("pk", flat=True)]
    urls += [m.get_absolute_url() for m in Meeting.objects.public()]
    urls += [p.get_absolute_url() for p in Person.objects.all()]
    urls += [o.get_absolute_url() for o in Organization.objects.all()]
    urls += [t.get_absolute_url() for t in Topic.objects.all()]
    urls += ["/countries/az/", "/countries/az/ma/"]
    shown = ""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = (
            b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
        )
        assert_inert(body, url)
        shown += body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown  # escaped, not dropped

    csv_rows = list(
        csv.reader(io.StringIO(b"".join(client.get("/meetings/export.csv").streaming_content).decode()))
    )
    assert len(csv_rows) == 1 + Meeting.objects.public().count()
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in csv_rows[1:] for cell in row)
    exported = json.loads(b"".join(client.get("/meetings/export.json").streaming_content))
    assert len(exported["meetings"]) == Meeting.objects.public().count()

    admin_pages = [
        reverse("admin:meetings_article_change", args=[pk])
        for pk in Article.objects.values_list("pk", flat=True)
    ]
    admin_pages += [reverse("admin:meetings_meeting_change", args=[m.pk]) for m in Meeting.objects.all()]
    admin_pages += [reverse("admin:meetings_meeting_changelist"), reverse("admin:meetings_review_queue")]
    for url in admin_pages:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)
