"""Plain-text files: cleaning, encodings and the failures every reader shares."""

import codecs
import datetime as dt

import pytest

from meetings.extraction.schema import Document
from meetings.readers import ReadFailure, read_bytes, read_file

ARTICLE = "The foreign minister of Chile received the ambassador of Ghana in Santiago on Monday."


def test_read_file_text_fixture_is_cleaned(data_dir):
    path = data_dir / "dateline-article.txt"

    documents = list(read_file(path))

    assert documents == [
        Document(
            text=(
                "The foreign minister of Morocco received the visiting minister of foreign affairs of Estonia "
                "in Rabat on Monday for talks on trade and maritime cooperation.\n\n"
                "The two ministers agreed to set up a joint working group on renewable energy, according to a "
                "statement released after the meeting.\n\n"
                "The visit is the first by an Estonian foreign minister to the kingdom since 2019."
            ),
            origin=str(path),
            source="MAP",
            published=dt.date(2024, 3, 5),
            language="en",
            dateline_place="Rabat",
            dateline_date=dt.date(2024, 3, 4),  # "RABAT, Mar 4 (MAP) -": filed the day before the page's date
        )
    ]


def test_read_file_text_with_utf8_bom(write):
    path = write("bom.txt", codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))

    assert [d.text for d in read_file(path)] == [ARTICLE]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_read_file_text_in_utf16_or_utf32_with_bom(write, encoding):
    text = "The minister of Türkiye met the minister of Côte d'Ivoire."
    bom = {"utf-16": b"", "utf-16-be": codecs.BOM_UTF16_BE, "utf-32": b""}[encoding]
    path = write("wide.txt", bom + text.encode(encoding))

    assert [d.text for d in read_file(path)] == [text]


def test_read_file_undecodable_byte_names_byte_and_offset(write):
    path = write("latin1.txt", "The minister met in Bogotá.".encode("latin-1"))

    assert list(read_file(path)) == [ReadFailure(str(path), "not valid UTF-8 (byte 0xe1 at offset 25)")]


def test_read_file_empty_file(write):
    path = write("empty.txt", b"")

    assert list(read_file(path)) == [ReadFailure(str(path), "empty file")]


def test_read_file_whitespace_only_file(write):
    path = write("blank.txt", " \n\t\r\n  ")

    assert list(read_file(path)) == [ReadFailure(str(path), "empty file (whitespace only)")]


def test_read_file_junk_only_text_has_no_article(write):
    path = write("junk.txt", "date 2024-01-01\n\nShare\nPrint\nA A A\n")

    assert list(read_file(path)) == [ReadFailure(str(path), "no article text found")]


def test_read_file_binary_with_nul_bytes(write):
    path = write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))

    assert list(read_file(path)) == [ReadFailure(str(path), "binary data, not text")]


def test_read_file_binary_with_many_control_bytes_and_no_nul(write):
    path = write("noise.txt", bytes([1, 2, 3, 4, 5, 6, 0x0E, 0x0F]) * 50 + b"some words")

    assert list(read_file(path)) == [ReadFailure(str(path), "binary data, not text")]


def test_read_file_over_the_size_limit_is_refused_before_reading(write):
    path = write("big.txt", ARTICLE * 100)

    assert list(read_file(path, max_bytes=1024)) == [
        ReadFailure(str(path), "larger than the 1 KB limit (8.3 KB)")
    ]


def test_read_file_default_limit_message_in_megabytes(write):
    path = write("big.txt", b"a" * (2 * 1024 * 1024 + 10))

    assert list(read_file(path, max_bytes=2 * 1024 * 1024)) == [
        ReadFailure(str(path), "larger than the 2 MB limit (2 MB)")
    ]


def test_read_file_unsupported_extension(write):
    path = write("report.pdf", b"%PDF-1.7")

    [failure] = read_file(path)

    assert (failure.origin, failure.reason.split(" (")[0]) == (str(path), "unsupported file type '.pdf'")


def test_read_file_missing_file(tmp_path):
    path = tmp_path / "gone.txt"

    assert list(read_file(path)) == [ReadFailure(str(path), "no such file")]


def test_read_file_without_extension_is_sniffed(write):
    path = write("article", f"RABAT, Nov 13 (MAP) - {ARTICLE}")

    assert [(d.text, d.source) for d in read_file(path)] == [(ARTICLE, "MAP")]


def test_read_file_txt_holding_a_web_page_is_read_as_html(write):
    page = f"<!DOCTYPE html><html><head><title>Talks</title></head><body><p>{ARTICLE}</p></body></html>"
    path = write("saved-page.txt", page)

    assert [(d.text, d.title) for d in read_file(path)] == [(ARTICLE, "Talks")]


def test_read_bytes_text_upload():
    documents = list(read_bytes(f"date 2024-02-01\n\n{ARTICLE}".encode(), origin="upload.txt", kind="text"))

    assert documents == [
        Document(text=ARTICLE, origin="upload.txt", published=dt.date(2024, 2, 1), language="en")
    ]


def test_read_bytes_accepts_extension_as_kind():
    assert [d.text for d in read_bytes(ARTICLE.encode(), origin="u", kind=".txt")] == [ARTICLE]


def test_read_bytes_unknown_kind_is_a_failure():
    [failure] = read_bytes(ARTICLE.encode(), origin="u", kind="docx")

    assert (failure.origin, failure.reason.split(" (")[0]) == ("u", "unsupported kind of input 'docx'")


def test_read_bytes_over_the_limit():
    assert list(read_bytes(b"x" * 900, origin="u", kind="text", max_bytes=800)) == [
        ReadFailure("u", "larger than the 800 bytes limit (900 bytes)")
    ]
