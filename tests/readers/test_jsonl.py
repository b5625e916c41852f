"""JSON Lines: one article per line, line-numbered failures, streaming with a per-line limit."""

import codecs
import datetime as dt
import json
import tracemalloc

from meetings.extraction.schema import Document
from meetings.readers import ReadFailure, read_bytes, read_file

ARTICLE = "The foreign minister of Peru met the foreign minister of Vietnam in Lima on Monday."


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_read_file_jsonl_fixture_goes_on_after_bad_lines(data_dir):
    path = data_dir / "articles.jsonl"

    items = list(read_file(path))

    assert items == [
        Document(
            text="The foreign minister of Peru met his Vietnamese counterpart in Lima on Monday to discuss trade "
            "in coffee and minerals.",
            origin=f"{path}:line 1",
            title="Ministers of Peru and Vietnam meet",
            source="Example Wire",
            published=dt.date(2024, 1, 8),
            url="https://wire.example/peru-vietnam",
            language="en",
            dateline_place="Lima",
        ),
        ReadFailure(f"{path}:line 2", "line 2: not valid JSON (Expecting ',' delimiter)"),
        Document(
            text="The prime minister of Vietnam received a delegation of Peruvian business leaders.\n\n"
            "The sides discussed direct flights.",
            origin=f"{path}:line 3",
            title="Talks in Hanoi",
            source="VNA",
            published=dt.date(2024, 1, 9),
            language="en",
            dateline_place="Hanoi",
        ),
        ReadFailure(f"{path}:line 4", 'line 4: missing "text" key (or "body") with the article text'),
    ]


def test_jsonl_published_datetime_keeps_the_local_date(write):
    path = write("a.jsonl", jsonl({"text": ARTICLE, "published": "2024-01-08T23:30:00-05:00"}))

    assert [d.published for d in read_file(path)] == [dt.date(2024, 1, 8)]


def test_jsonl_unparseable_published_falls_back_to_the_text(write):
    path = write("a.jsonl", jsonl({"text": f"date 2024-01-07\n\n{ARTICLE}", "published": "last week"}))

    assert [d.published for d in read_file(path)] == [dt.date(2024, 1, 7)]


def test_jsonl_blank_lines_are_skipped_and_numbering_stays_true(write):
    path = write("a.jsonl", "\n" + jsonl({"text": ARTICLE}) + "\n\n" + jsonl("{oops"))

    assert [item.origin for item in read_file(path)] == [f"{path}:line 2", f"{path}:line 5"]


def test_jsonl_non_object_line_and_non_string_text(write):
    path = write("a.jsonl", jsonl([1, 2], {"text": 42}))

    assert list(read_file(path)) == [
        ReadFailure(f"{path}:line 1", "line 1: expected a JSON object, found a list"),
        ReadFailure(f"{path}:line 2", 'line 2: "text" must be a string, not a number'),
    ]


def test_jsonl_record_whose_text_is_only_junk(write):
    path = write("a.jsonl", jsonl({"text": "Share\nPrint"}))

    assert list(read_file(path)) == [ReadFailure(f"{path}:line 1", 'line 1: no article text found in "text"')]


def test_jsonl_undecodable_line_names_byte_and_file_offset_and_goes_on(write):
    first = json.dumps({"text": ARTICLE}).encode() + b"\n"
    path = write("a.jsonl", first + b'{"text": "caf\xe9"}\n' + first)

    items = list(read_file(path))

    offset = len(first) + len(b'{"text": "caf')
    assert [type(item).__name__ for item in items] == ["Document", "ReadFailure", "Document"]
    assert items[1] == ReadFailure(
        f"{path}:line 2", f"line 2: not valid UTF-8 (byte 0xe9 at offset {offset})"
    )


def test_jsonl_utf8_bom_is_accepted(write):
    path = write("a.jsonl", codecs.BOM_UTF8 + jsonl({"text": ARTICLE}).encode())

    assert [d.text for d in read_file(path)] == [ARTICLE]


def test_jsonl_utf16_with_bom_is_accepted(write):
    path = write("a.jsonl", jsonl({"text": ARTICLE}, {"body": ARTICLE}).encode("utf-16"))

    assert [d.text for d in read_file(path)] == [ARTICLE, ARTICLE]


def test_jsonl_line_over_the_line_limit_is_skipped_and_the_rest_read(write):
    long_text = "The ministers met. " * 200
    path = write("a.jsonl", jsonl({"text": long_text}, {"text": ARTICLE}))

    items = list(read_file(path, max_line_bytes=1000))

    assert items == [
        ReadFailure(f"{path}:line 1", "line 1: larger than the 1000 bytes line limit"),
        Document(text=ARTICLE, origin=f"{path}:line 2", language="en"),
    ]


def test_jsonl_file_limit_does_not_apply_to_the_whole_file(write):
    path = write("a.jsonl", jsonl(*[{"text": ARTICLE}] * 50))

    items = list(read_file(path, max_bytes=1000))

    assert (len(items), {type(item) for item in items}) == (50, {Document})


def test_jsonl_of_blank_lines_only(write):
    path = write("a.jsonl", "\n\n  \n")

    assert list(read_file(path)) == [ReadFailure(str(path), "empty file (no JSON lines)")]


def test_jsonl_is_streamed_with_flat_memory(write, tmp_path):
    """A large JSON Lines file is read line by line: peak memory stays far below the file size."""
    record = json.dumps({"title": "Talks", "text": ARTICLE + " " + "x" * 2000}) + "\n"
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for _ in range(5000):
            stream.write(record)
    file_size = path.stat().st_size

    tracemalloc.start()
    try:
        count = sum(1 for item in read_file(path) if isinstance(item, Document))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert (count, file_size > 10_000_000, peak < 2_000_000) == (5000, True, True)


def test_read_bytes_jsonl_upload_names_lines():
    data = jsonl({"text": ARTICLE}, "not json").encode()

    items = list(read_bytes(data, origin="upload.jsonl", kind="jsonl"))

    assert [item.origin for item in items] == ["upload.jsonl:line 1", "upload.jsonl:line 2"]


def test_read_bytes_auto_detects_jsonl():
    items = list(read_bytes(jsonl({"text": ARTICLE}).encode(), origin="upload", kind="auto"))

    assert items == [Document(text=ARTICLE, origin="upload:line 1", language="en")]
