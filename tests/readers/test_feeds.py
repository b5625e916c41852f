"""RSS and Atom feeds: one Document per entry, safe against entity tricks."""

import datetime as dt

from meetings.extraction.schema import Document
from meetings.readers import ReadFailure, read_bytes, read_file

ENTRY_TEXT = "The foreign minister of Finland met the Chilean foreign minister in Helsinki."


def rss(items: str, title: str = "Northern Wire") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://north.example/</link>{items}</channel></rss>"
    )


def test_read_file_rss_fixture(data_dir):
    path = data_dir / "feed.rss"

    items = list(read_file(path))

    assert items == [
        Document(
            text="The foreign minister of Finland held talks with the visiting Chilean foreign minister on Monday."
            "\n\nThey discussed Arctic research and lithium supply.",
            origin=f"{path}#entry 1",
            title="Finnish and Chilean ministers hold talks",
            source="AFP",
            published=dt.date(2024, 1, 16),
            url="https://wire.example/finland-chile",
            language="en",
            dateline_place="Helsinki",
        ),
        Document(
            text="The prime minister announced changes to the cabinet on Wednesday.",
            origin=f"{path}#entry 2",
            title="Cabinet reshuffle announced",
            source="Example Diplomatic Wire",
            published=dt.date(2024, 1, 17),
            url="https://wire.example/reshuffle",
            language="en",
        ),
        ReadFailure(f"{path}#entry 3", "no article text found"),
    ]


def test_read_file_atom_fixture(data_dir):
    path = data_dir / "feed.atom"

    assert list(read_file(path)) == [
        Document(
            text="The minister received the newly appointed ambassador of Ghana at the ministry on Tuesday.",
            origin=f"{path}#entry 1",
            title="Minister receives ambassador of Ghana",
            source="Example Ministry Newsroom",
            published=dt.date(2024, 4, 2),
            url="https://ministry.example/news/ghana-ambassador",
            language="en",
        )
    ]


def test_feed_entry_source_element_wins_over_feed_title(write):
    item = (
        "<item><title>Talks</title><link>https://north.example/1</link>"
        '<source url="https://other.example/rss">Baltic Courier</source>'
        f"<description>{ENTRY_TEXT}</description></item>"
    )
    path = write("feed.xml", rss(item))

    assert [d.source for d in read_file(path)] == ["Baltic Courier"]


def test_feed_date_is_the_date_the_feed_wrote_not_utc(write):
    item = f"<item><title>T</title><pubDate>Tue, 16 Jan 2024 00:30:00 +0200</pubDate><description>{ENTRY_TEXT}</description></item>"
    path = write("feed.rss", rss(item))

    assert [d.published for d in read_file(path)] == [dt.date(2024, 1, 16)]


def test_feed_content_encoded_is_preferred_over_a_short_summary(write):
    item = (
        "<item><title>T</title><description>Short teaser.</description>"
        f"<content:encoded><![CDATA[<p>{ENTRY_TEXT}</p><p>They spoke for an hour.</p>]]></content:encoded></item>"
    )
    feed = rss(item).replace("<rss ", '<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" ')
    path = write("feed.rss", feed)

    assert [d.text for d in read_file(path)] == [f"{ENTRY_TEXT}\n\nThey spoke for an hour."]


def test_broken_feed_is_a_failure(data_dir):
    path = data_dir / "broken-feed.xml"

    [failure] = read_file(path)

    assert (failure.origin, failure.reason.startswith("feed could not be parsed: ")) == (str(path), True)


def test_billion_laughs_feed_is_refused_before_parsing(data_dir):
    path = data_dir / "billion-laughs.xml"

    assert list(read_file(path)) == [
        ReadFailure(
            str(path),
            "feed declares XML entities in its DOCTYPE; refused as unsafe (entity expansion or XXE)",
        )
    ]


def test_external_entity_feed_is_refused(write):
    feed = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
        + rss(f"<item><title>&secret;</title><description>{ENTRY_TEXT}</description></item>").split("?>", 1)[
            1
        ]
    )
    path = write("xxe.rss", feed)

    [failure] = read_file(path)

    assert failure.reason.startswith("feed declares XML entities")


def test_feed_without_entries_is_a_failure(write):
    path = write("feed.xml", rss(""))

    assert list(read_file(path)) == [ReadFailure(str(path), "feed has no entries")]


def test_xml_file_holding_a_web_page_is_read_as_html(write):
    page = f"<!DOCTYPE html><html><body><article><p>{ENTRY_TEXT}</p></article></body></html>"
    path = write("page.xml", page)

    assert [d.text for d in read_file(path)] == [ENTRY_TEXT]


def test_read_bytes_feed_upload_names_entries():
    data = rss(f"<item><title>T</title><description>{ENTRY_TEXT}</description></item>").encode()

    assert [d.origin for d in read_bytes(data, origin="upload.rss", kind="feed")] == ["upload.rss#entry 1"]
