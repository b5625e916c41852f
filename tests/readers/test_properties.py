"""Property: whatever bytes come in, readers return values and never raise."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.extraction.document import clean_scrape
from meetings.extraction.schema import Document
from meetings.readers import KINDS, ReadFailure, read_bytes

# Fragments that steer random input into the interesting branches of every format.
FRAGMENTS = [
    b"<?xml version='1.0'?>", b"<rss><channel><item><description>", b"</description></item>", b"<feed>",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"<html><body><p>", b"</p>", b'{"text": "', b'"}', b"\n", b"\n\n",
    b"date 2023-11-13 ", b"RABAT, Nov 13 (MAP) - ", b"(MENAFN- X) QNA ", b"News.Az", b"\xef\xbb\xbf", b"\xff\xfe",
    b"\x00", b"\xff", b"\xe2\x80\x94 Ann (@ann) November 1, 2023", b"pic.twitter.com/x", b"Share", b"A A A",
    b"The minister met the envoy. ",
]  # fmt: skip

some_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=8), max_size=30).map(b"".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=some_bytes, kind=st.sampled_from([*KINDS, "auto"]))
def test_read_bytes_never_raises_and_yields_only_documents_or_failures(data, kind):
    items = list(read_bytes(data, origin="fuzz", kind=kind))

    assert all(isinstance(item, Document | ReadFailure) for item in items)
    assert all(item.origin.startswith("fuzz") for item in items)
    assert all(item.text.strip() for item in items if isinstance(item, Document))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_clean_scrape_never_raises_and_keeps_no_control_characters(text):
    cleaned = clean_scrape(text)

    assert not any(ord(char) < 32 and char != "\n" for char in cleaned.text)
