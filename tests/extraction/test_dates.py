import datetime as dt

from meetings.extraction.dates import find_dates, meeting_date
from meetings.extraction.schema import DATE_EXPLICIT, DATE_RELATIVE

PUBLISHED = dt.date(2023, 11, 14)  # a Tuesday


def first(text):
    found = find_dates(text, PUBLISHED)[0]
    return found.date, found.date_end, found.basis


def test_dates_explicit_forms():
    assert first("on 12 November 2023") == (dt.date(2023, 11, 12), None, DATE_EXPLICIT)
    assert first("on November 12") == (dt.date(2023, 11, 12), None, DATE_EXPLICIT)
    assert first("on Nov. 12") == (dt.date(2023, 11, 12), None, DATE_EXPLICIT)
    assert first("dated 12.11.2023") == (dt.date(2023, 11, 12), None, DATE_EXPLICIT)


def test_dates_range_has_end():
    assert first("on September 19-20, 2023") == (dt.date(2023, 9, 19), dt.date(2023, 9, 20), DATE_EXPLICIT)


def test_dates_day_without_year_after_publication_is_last_year():
    assert first("on 28 December") == (dt.date(2022, 12, 28), None, DATE_EXPLICIT)


def test_dates_relative_words():
    assert first("yesterday") == (dt.date(2023, 11, 13), None, DATE_RELATIVE)
    assert first("on Monday") == (dt.date(2023, 11, 13), None, DATE_RELATIVE)
    assert first("on Tuesday") == (dt.date(2023, 11, 14), None, DATE_RELATIVE)
    assert first("on Friday") == (dt.date(2023, 11, 10), None, DATE_RELATIVE)
    assert first("last week") == (dt.date(2023, 11, 6), dt.date(2023, 11, 12), DATE_RELATIVE)
    # Published on a Tuesday: "last Tuesday" is a week before, "last Friday" the one just gone.
    assert first("last Tuesday") == (dt.date(2023, 11, 7), None, DATE_RELATIVE)
    assert first("last Friday") == (dt.date(2023, 11, 10), None, DATE_RELATIVE)


def test_dates_bare_weekday_but_not_a_plan_or_a_holiday():
    assert first("the ministers met Monday in Baku") == (dt.date(2023, 11, 13), None, DATE_RELATIVE)
    assert first("(Monday) the ministers met") == (dt.date(2023, 11, 13), None, DATE_RELATIVE)
    for text in (
        "they meet next Monday",
        "the coming Sunday",
        "on Good Friday",
        "since Black Friday",
        "every Thursday",
        "NEXT MONDAY",
        "on Ash Wednesday",
    ):
        assert find_dates(text, PUBLISHED) == [], text
    # The exclusion reads only the word right before the weekday, across one space.
    assert first("next\nMonday") == (dt.date(2023, 11, 13), None, DATE_RELATIVE)


def test_dates_meeting_date_skips_since_and_takes_nearest():
    text = "Ties have grown since 5 May 2021, and on Monday the ministers met in Baku."
    assert meeting_date(text, text.index("met"), PUBLISHED).date == dt.date(2023, 11, 13)
