"""CSV and JSON exports and the Atom feed: same filters as the list, streamed, safe."""

import csv
import datetime as dt
import io
import json

import feedparser
import pytest

from meetings.exports import spreadsheet_safe
from tests.factories import make_meeting, make_person
from tests.views.conftest import page_text

# The ids (server-side cursor), then per batch the stored lines and, since none is stored here, one statement
# computing them (and, the first time, organizations' and topics' slugs).
CSV_EXPORT_QUERIES = 5
JSON_EXPORT_QUERIES = (
    7  # the ids, then per batch: meetings, countries, organizations, topics, participants, sources
)
FEED_QUERIES = 3


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(page_text(response))))


@pytest.mark.django_db
def test_export_csv_headers_and_filtered_rows(client, archive):
    response = client.get("/meetings/export.csv", {"country": ["AZ", "ma"]})

    rows = csv_rows(response)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="meetings.csv"'
    assert [int(row["meeting_id"]) for row in rows] == [archive.rabat_call.pk, archive.antalya.pk]
    call = rows[0]
    assert (call["date_start"], call["kind"], call["cameo_code"], call["status"]) == (
        "2023-06-02",
        "phone_call",
        "041",
        "unreviewed",
    )
    assert call["countries"] == "AZ | MA"
    assert call["participants"] == "Jeyhun Bayramov (AZ) | Nasser Bourita (MA)"
    assert call["participant_ids"] == f"{archive.bayramov.pk} | {archive.bourita.pk}"
    assert call["url"] == f"http://testserver/meetings/{archive.rabat_call.pk}/"
    assert call["evidence_quotes"].startswith("Test article number")


@pytest.mark.django_db
def test_export_csv_carries_source_urls_and_evidence(client, archive):
    rows = csv_rows(client.get("/meetings/export.csv", {"organization": "icesco", "year": "2023"}))

    [row] = rows
    assert row["source_urls"] == "https://news.example/az/1"
    assert row["evidence_quotes"].startswith("BAKU, 13 November")
    assert row["organizations"] == "icesco"
    assert (
        row["participants"]
        == "Jeyhun Bayramov (Foreign Minister, AZ) | Salim AlMalik (Director-General, icesco)"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_spreadsheet_safe_prefixes_formula_triggers(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.django_db
def test_export_csv_escapes_formula_injection(client, db):
    person = make_person(name="=cmd|'/C calc'!A0")
    make_meeting(participants=[(person, "AZ", None)], place="@SUM(1+1)")

    [row] = csv_rows(client.get("/meetings/export.csv"))

    assert row["place"] == "'@SUM(1+1)"
    assert row["participants"] == "'=cmd|'/C calc'!A0 (AZ)"


@pytest.mark.django_db
def test_export_json_records(client, archive):
    response = client.get("/meetings/export.json", {"person": archive.cavusoglu.slug})

    data = json.loads(page_text(response))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert [record["id"] for record in data["meetings"]] == [archive.antalya.pk, archive.ankara_call.pk]
    antalya = data["meetings"][0]
    assert antalya["context_event"] == "Antalya Diplomacy Forum"
    assert antalya["countries"] == ["AZ", "MA", "TR"]
    assert antalya["cameo_code"] == "040"
    assert [p["name"] for p in antalya["participants"]] == [
        "Jeyhun Bayramov",
        "Nasser Bourita",
        "Mevlüt Çavuşoğlu",
    ]
    assert antalya["participants"][2]["person_slug"] == "mevlut-cavusoglu"
    assert set(antalya["sources"][0]) == {
        "article_id",
        "article_url",
        "original_url",
        "published",
        "evidence",
    }
    assert data["meetings"][1]["cameo_code"] == "041"


@pytest.mark.django_db
def test_export_json_empty(client, archive):
    data = json.loads(page_text(client.get("/meetings/export.json", {"country": ["tr", "fr"]})))

    assert data == {"meetings": []}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/meetings/export.csv", "/meetings/export.json", "/meetings/feed/"])
@pytest.mark.parametrize("params", [{"date_after": "notadate"}, {"country": "ZZZ"}, {"kind": "foo"}])
def test_exports_and_feed_answer_400_on_bad_filters(client, db, url, params):
    response = client.get(url, params)

    assert response.status_code == 400


@pytest.mark.django_db
def test_export_json_400_lists_errors(client, db):
    response = client.get("/meetings/export.json", {"date_after": "notadate"})

    assert response.json() == {"errors": {"date_after": ["Enter the “from” date as YYYY-MM-DD."]}}


@pytest.mark.django_db
def test_feed_is_valid_atom_for_a_filter(client, archive):
    response = client.get("/meetings/feed/", {"country": "tr"})

    feed = feedparser.parse(response.content)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Diplomatic Meetings Archive: Country Türkiye"
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/meetings/{archive.antalya.pk}/",
        f"http://testserver/meetings/{archive.ankara_call.pk}/",
    ]
    assert (
        feed.entries[0].title
        == "Jeyhun Bayramov (Azerbaijan), Nasser Bourita (Morocco) and Mevlüt Çavuşoğlu (Türkiye)"
    )
    assert "on the sidelines of Antalya Diplomacy Forum" in feed.entries[0].summary


@pytest.mark.django_db
def test_feed_without_filters_lists_latest(client, archive):
    feed = feedparser.parse(client.get("/meetings/feed/").content)

    assert len(feed.entries) == 5
    assert feed.feed.title == "Diplomatic Meetings Archive: latest meetings"


def make_meetings(item_count: int) -> None:
    for index in range(item_count):
        person = make_person(name=f"Export Person {index}")
        make_meeting(
            participants=[(person, "AZ", None), (f"Unresolved {index}", "MA", None)], topics=("Energy",)
        )


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize(
    ("url", "queries"),
    [("/meetings/export.csv", CSV_EXPORT_QUERIES), ("/meetings/export.json", JSON_EXPORT_QUERIES)],
)
def test_export_query_budget(client, django_assert_num_queries, item_count, url, queries):
    """One chunk: the meetings plus participants, topics, countries, organizations and reports."""
    make_meetings(item_count)

    with django_assert_num_queries(queries):
        content = page_text(client.get(url))

    assert content.count("http://testserver/meetings/") == item_count


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
def test_feed_query_budget(client, django_assert_num_queries, item_count):
    make_meetings(item_count)

    with django_assert_num_queries(FEED_QUERIES):
        response = client.get("/meetings/feed/")

    assert len(feedparser.parse(response.content).entries) == item_count


def test_export_reads_in_batches_and_keeps_the_list_order(client, archive, monkeypatch):
    import csv
    import io

    from meetings import exports

    everything = list(csv.DictReader(io.StringIO(page_text(client.get("/meetings/export.csv")))))
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 2)

    in_batches = list(csv.DictReader(io.StringIO(page_text(client.get("/meetings/export.csv")))))

    assert len(everything) > 2
    assert in_batches == everything


def flattened(record: dict) -> dict:
    """A JSON export record as its CSV row should read: lists joined, participants labelled."""

    def label(participant: dict) -> str:
        affiliation = participant["country"] or participant["organization"] or ""
        details = ", ".join(part for part in (participant["title"], affiliation) if part)
        return f"{participant['name']} ({details})" if details else participant["name"]

    def joined(values) -> str:
        return " | ".join(values)

    participants, sources = record["participants"], record["sources"]
    return {
        "meeting_id": str(record["id"]),
        "url": record["url"],
        "date_start": record["date_start"] or "",
        "date_end": record["date_end"] or "",
        "date_precision": record["date_precision"],
        "kind": record["kind"],
        "cameo_code": record["cameo_code"],
        "status": record["status"],
        "place": spreadsheet_safe(record["place"]),
        "location_country": record["location_country"] or "",
        "context_event": record["context_event"],
        "countries": joined(record["countries"]),
        "organizations": joined(organization["slug"] for organization in record["organizations"]),
        "participants": spreadsheet_safe(joined(label(participant) for participant in participants)),
        "participant_ids": joined(str(participant["person_id"] or "") for participant in participants),
        "topics": joined(record["topics"]),
        "source_urls": joined(source["original_url"] or source["article_url"] for source in sources),
        "evidence_quotes": joined(source["evidence"] for source in sources),
    }


@pytest.mark.django_db
def test_csv_rows_say_what_the_json_records_say(client, archive):
    """The CSV rows are assembled in SQL and the JSON records in Python: both must tell the same."""
    with_unresolved_name = make_meeting(
        participants=[("Unresolved Name", None, None), (make_person(name="Jane Roe"), "MA", None)],
        place="Rabat",
        topics=("Energy", "Trade"),
    )
    records = json.loads(page_text(client.get("/meetings/export.json")))["meetings"]
    rows = csv_rows(client.get("/meetings/export.csv"))

    assert len(rows) == len(records) > 3
    assert any(int(row["meeting_id"]) == with_unresolved_name.pk for row in rows)
    assert any(" | " in row["participants"] and "(" in row["participants"] for row in rows)
    assert any(row["organizations"] and row["topics"] and row["source_urls"] for row in rows)
    assert rows == [flattened(record) for record in records]


@pytest.mark.django_db
def test_csv_export_names_an_organization_and_topic_added_while_it_streams(client, monkeypatch):
    from meetings import exports
    from tests.factories import make_organization, make_topic

    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 1)
    monkeypatch.setattr(exports, "CSV_CHUNK_CHARS", 1)
    newer = make_meeting(date=dt.date(2024, 5, 2), participants=[("Jane Roe", "AZ", None)])
    older = make_meeting(date=dt.date(2024, 5, 1), participants=[("John Doe", "MA", None)])
    chunks = iter(client.get("/meetings/export.csv").streaming_content)
    first = next(chunks).decode()  # the header and the newer meeting: names read, first batch done

    older.organizations.add(make_organization(name="Late Council", acronym="LC"))
    older.topics.add(make_topic(name="Late Topic"))
    rest = b"".join(chunks).decode()

    [row] = list(csv.DictReader(io.StringIO(first.splitlines()[0] + "\n" + rest)))
    assert str(newer.pk) in first
    assert (row["meeting_id"], row["organizations"], row["topics"]) == (str(older.pk), "lc", "late-topic")
