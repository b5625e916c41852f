"""HTML pages: main text without navigation, metadata from trafilatura plus JSON-LD and <meta>."""

import datetime as dt

from meetings.extraction.schema import Document
from meetings.readers import ReadFailure, html_to_text, read_bytes, read_file

PARAGRAPH = "The foreign minister of Kenya held talks with the Chilean foreign minister in Nairobi on Monday."


def page(head: str = "", body: str = f"<article><p>{PARAGRAPH}</p></article>", lang: str = "en") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


def test_read_file_html_fixture(data_dir):
    path = data_dir / "news-page.html"

    documents = list(read_file(path))

    assert documents == [
        Document(
            text=(
                "The foreign minister of Kenya held talks with her Chilean counterpart in Nairobi on Monday, "
                "covering fisheries, copper processing and climate finance.\n\n"
                "Both ministers said they would prepare a visit by the Chilean president later in the year, "
                "according to a joint statement published by the two ministries.\n\n"
                "The Chilean delegation also met officials of the United Nations Environment Programme, which "
                "has its headquarters in the Kenyan capital."
            ),
            origin=str(path),
            title="Foreign ministers of Chile and Kenya meet in Nairobi",
            source="Harbour Gazette",
            published=dt.date(2024, 2, 19),
            url="https://gazette.example/world/chile-kenya-ministers",
            language="en",
            dateline_place="Nairobi",
        )
    ]


def test_read_file_html_navigation_and_footer_are_left_out(data_dir):
    [document] = read_file(data_dir / "news-page.html")

    assert [word for word in ("Home", "Sport", "Privacy", "Copyright") if word in document.text] == []


def test_html_json_ld_publisher_and_date_in_a_graph(write):
    json_ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "name": "Site"},'
        '{"@type": ["NewsArticle"], "headline": "Kenya and Chile talk", "datePublished": "2024-02-20T01:00:00+03:00",'
        ' "publisher": {"@type": "Organization", "name": "Rift Valley Post"}, "inLanguage": "en-KE"}]}</script>'
    )
    path = write("graph.html", page(head=json_ld))

    [document] = read_file(path)

    assert (document.title, document.source, document.published, document.language) == (
        "Kenya and Chile talk",
        "Rift Valley Post",
        dt.date(2024, 2, 20),
        "en",
    )


def test_html_meta_fallbacks_og_site_name_og_url_and_published_time(write):
    head = (
        '<meta property="og:site_name" content="Lakeside Herald">'
        '<meta property="og:url" content="https://herald.example/a/42">'
        '<meta property="article:published_time" content="2024-02-21T09:00:00Z">'
        "<title>Talks in Nairobi</title>"
    )
    path = write("meta.html", page(head=head))

    [document] = read_file(path)

    assert (document.title, document.source, document.url, document.published) == (
        "Talks in Nairobi",
        "Lakeside Herald",
        "https://herald.example/a/42",
        dt.date(2024, 2, 21),
    )


def test_html_broken_json_ld_is_ignored(write):
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script><title>Kept</title>'
    )
    path = write("broken-ld.html", page(head=head))

    assert [(d.title, d.text) for d in read_file(path)] == [("Kept", PARAGRAPH)]


def test_html_dateline_and_signature_are_cleaned_from_page_text(write):
    body = f"<article><p>NAIROBI, Feb 19 (Xinhua) -- {PARAGRAPH}</p><p>The talks lasted two hours.</p><p>(ends)</p></article>"
    path = write("dateline.html", page(body=body))

    [document] = read_file(path)

    assert (document.text, document.source, document.dateline_place) == (
        f"{PARAGRAPH}\n\nThe talks lasted two hours.",
        "Xinhua",
        "Nairobi",
    )


def test_html_publisher_metadata_wins_over_dateline_agency(write):
    body = f"<article><p>NAIROBI, Feb 19 (Xinhua) -- {PARAGRAPH}</p></article>"
    path = write(
        "both.html", page(head='<meta property="og:site_name" content="Lakeside Herald">', body=body)
    )

    assert [d.source for d in read_file(path)] == ["Lakeside Herald"]


def test_html_in_legacy_encoding_declared_by_meta(write):
    html = page(head="", body="<p>The minister of Czechia met the minister of Türkiye in Brno.</p>")
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1250">')
    path = write("legacy.html", html.replace("ü", "u").encode("windows-1250"))

    assert [d.text for d in read_file(path)] == [
        "The minister of Czechia met the minister of Turkiye in Brno."
    ]


def test_html_without_any_text_is_a_failure(write):
    path = write("empty-page.html", page(body="<nav><a href='/'>Home</a></nav><script>var x = 1;</script>"))

    assert list(read_file(path)) == [ReadFailure(str(path), "no article text found")]


def test_read_bytes_html_upload_is_sniffed():
    [document] = read_bytes(page().encode(), origin="upload", kind="auto")

    assert (document.origin, document.text) == ("upload", PARAGRAPH)


def test_html_to_text_blocks_become_paragraphs_and_br_a_line_break():
    markup = (
        "<div><p>First  paragraph\n continues.</p><p>Second<br>line two</p><script>x()</script>tail</div>"
    )

    assert html_to_text(markup) == "First paragraph continues.\n\nSecond\nline two\n\ntail"
