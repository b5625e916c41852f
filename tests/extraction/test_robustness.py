"""Odd input never crashes extract() and stays fast enough."""

import datetime as dt
import time

import pytest

from meetings.extraction import extract
from meetings.extraction.schema import Document


def meetings_of(text, published=dt.date(2023, 11, 14)):
    return extract(Document(text=text, origin="test", published=published)).meetings


@pytest.mark.parametrize(
    "text", ["", "   \n\n ", ".", "(", "\x00\ufeff\u200b", "A" * 50_000, "the " * 20_000]
)
def test_robust_empty_and_junk_text(text):
    assert meetings_of(text) == []


def test_robust_ten_thousand_names_in_one_article():
    names = ", ".join(f"Minister Name{chr(65 + i % 26)}x Family{i}" for i in range(10_000))
    started = time.process_time()
    result = meetings_of("President Jane Roe met " + names + " in Nairobi.")
    assert time.process_time() - started < 20
    assert len(result) <= 1


@pytest.mark.parametrize(
    "when",
    [
        "on 31 February",
        "on February 30, 2023",
        "on 2023-13-45",
        "on 45.19.2023",
        "on 99999999999999999999 May 123456789012345678901234567890",
        "on May 31-99",
    ],
)
def test_robust_absurd_dates(when):
    for meeting in meetings_of(f"Kenyan President Amani Njoroge met Chilean President Ines Rojas {when}."):
        assert meeting.date is None or meeting.date.year in (2023, 2022)


@pytest.mark.parametrize("published", [dt.date(1, 1, 1), dt.date(1, 1, 3), dt.date(9999, 12, 31), None])
def test_robust_publication_dates_at_the_calendar_edges(published):
    for phrase in ("yesterday", "last week", "on Monday", "on 31 December", "this week"):
        meetings_of(f"Kenyan President Amani Njoroge met Chilean President Ines Rojas {phrase}.", published)


def test_robust_deep_brackets_and_repeated_honorifics():
    meetings_of("(" * 3000 + "President Jane Roe met Minister John Doe" + ")" * 3000)
    meetings_of("Mr. " * 3000 + "Roe met Doe.")
