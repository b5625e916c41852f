"""Dates in a sentence, explicit or relative, resolved against the publication date.

Rules:
- An explicit day wins: "on 12 November 2023", "November 12", "Nov. 12", "12.11.2023", "2023-11-12".
  A day written without a year takes the publication year, or the year before when that would put
  it more than a week after publication. "September 19-20" gives a start and an end.
- Relative words are resolved against the publication date: "today"/"this morning" is the
  publication day, "yesterday" the day before, "on Monday" (or a bare "Monday", not "next
  Monday") the latest Monday on or before publication, "last week" the Monday-to-Sunday week
  before the publication week.
- A month alone ("in November 2023") has month precision; a year alone is ignored, since it says
  more often when something is planned or was agreed than when two people met.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .patterns import REPORTED_THAT
from .schema import DATE_EXPLICIT, DATE_RELATIVE, PRECISION_DAY, PRECISION_MONTH
from .wordpatterns import WordPattern

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
# Every month name, long or short, starts with one of these.
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY_END = r"(?:\s*[-–]\s*(?P<day_end>[0-3]?\d)(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s+(?:of\s+)?(?P<year>(?:19|20)\d\d))?"

DAY_MONTH = re.compile(r"\b" + _DAY + _DAY_END + r"\s+(?:of\s+)?" + _MONTH + _YEAR + r"\b", re.I)
MONTH_DAY = WordPattern(
    r"\b" + _MONTH + r"\s+" + _DAY + _DAY_END + r"(?![\d:])" + _YEAR + r"\b", needs=_MONTH_STEMS
)
NUMERIC = re.compile(r"\b(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b")
ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
MONTH_ONLY = WordPattern(
    r"\b(?:in|during|since|until|by)\s+" + _MONTH + r"(?:\s+(?P<year>(?:19|20)\d\d))?\b(?!\s+\d)",
    needs=_MONTH_STEMS,
)
RELATIVE = WordPattern(
    r"\b(?P<word>the day before yesterday|yesterday|today|this morning|this afternoon|this evening|tonight|"
    r"last (?P<last_weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"last night|earlier today|later today|last week|this week|on (?P<weekday>monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)|(?:late|early) (?P<weekday2>monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)(?:'s)?(?= (?:evening|morning|afternoon|night))|(?P<weekday3>monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)(?:'s)?(?= (?:evening|morning|afternoon|night))|"
    # A bare weekday, as agencies write it ("met Tuesday with"); see _NOT_A_BARE_WEEKDAY.
    r"(?P<weekday4>monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    needs=("day", "tonight", "morning", "afternoon", "evening", "night", "week"),
)
# A plan or a holiday, not the day of a meeting: "next Monday", "Good Friday". Checked after the
# match rather than as look-behinds in RELATIVE: a look-behind at the start of a branch stops `re`
# from skipping to the branches' first letters, and the search took twice as long.
_NOT_A_BARE_WEEKDAY = re.compile(
    r"(?:next|coming|this|every|each|good|black|super|ash|holy|cyber) \Z", re.IGNORECASE
)
_THIS_WEEKDAY = re.compile(r"this \Z", re.IGNORECASE)


def _this_weekday_passed(text: str, match: re.Match[str], published: dt.date) -> bool:
    """ "this Saturday (20)" in a story published on Sunday is yesterday; in one published on
    Thursday it is still to come."""
    return (
        _THIS_WEEKDAY.search(text, match.start() - 5, match.start()) is not None
        and WEEKDAYS[match.group("weekday4").lower()] <= published.weekday()
    )


_NOT_A_MEETING_DATE = WordPattern(
    r"\b(?:since|until|till|by|before|from|scheduled for|planned for|due on|due)\s*$"
)
_HAS_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class FoundDate:
    start: int  # offsets within the searched text
    end: int
    date: dt.date
    date_end: dt.date | None
    precision: str
    basis: str


def _year_for(month: int, day: int, published: dt.date | None) -> int | None:
    if published is None:
        return None
    year = published.year
    try:
        candidate = dt.date(year, month, day)
    except ValueError:
        return None
    if (candidate - published).days > 7:
        year -= 1
    return year


def _make(year: int | None, month: int, day: int, published: dt.date | None) -> dt.date | None:
    if year is None:
        year = _year_for(month, day, published)
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, published: dt.date | None) -> list[FoundDate]:
    """Every date expression in text, in order of position."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    # Every day-precision pattern needs a digit; most sentences have none.
    day_patterns = (ISO, NUMERIC, DAY_MONTH, MONTH_DAY) if _HAS_DIGIT.search(text) else ()
    for pattern in day_patterns:
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            groups = match.groupdict()
            month_text = groups["month"]
            month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
            if not month or not 1 <= month <= 12:
                continue
            year = int(groups["year"]) if groups.get("year") else None
            date = _make(year, month, int(groups["day"]), published)
            if date is None:
                continue
            end_date = None
            if groups.get("day_end"):
                end_date = _make(date.year, month, int(groups["day_end"]), None) if year else None
                if end_date is None:
                    end_date = _make(year or date.year, month, int(groups["day_end"]), published)
                if end_date is not None and end_date <= date:
                    end_date = None
            found.append(FoundDate(match.start(), match.end(), date, end_date, PRECISION_DAY, DATE_EXPLICIT))
            taken.append((match.start(), match.end()))
    for match in MONTH_ONLY.finditer(text):
        if not free(match.start(), match.end()):
            continue
        month = MONTHS[match.group("month").lower().rstrip(".")]
        year = int(match.group("year")) if match.group("year") else _year_for(month, 1, published)
        if year is None:
            continue
        found.append(
            FoundDate(
                match.start(), match.end(), dt.date(year, month, 1), None, PRECISION_MONTH, DATE_EXPLICIT
            )
        )
        taken.append((match.start(), match.end()))
    if published is not None:
        for match in RELATIVE.finditer(text):
            if not free(match.start(), match.end()):
                continue
            if (
                match.group("weekday4")
                and _NOT_A_BARE_WEEKDAY.search(text, match.start() - 7, match.start())
                and not _this_weekday_passed(text, match, published)
            ):
                continue
            resolved = resolve_relative(match, published)
            if resolved is not None:
                date, date_end = resolved
                found.append(
                    FoundDate(match.start(), match.end(), date, date_end, PRECISION_DAY, DATE_RELATIVE)
                )
                taken.append((match.start(), match.end()))
    found.sort(key=lambda f: f.start)
    return found


def resolve_relative(match: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date | None] | None:
    """The day (and last day, for a week) a relative expression names, or None when it would fall
    outside the calendar (a publication date of 1 January of year 1)."""
    try:
        return _resolve_relative(match, published)
    except OverflowError:
        return None


def _resolve_relative(match: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date | None] | None:
    word = match.group("word").lower()
    if last := match.group("last_weekday"):
        # "last Friday" is never the day of publication itself.
        back = (published.weekday() - WEEKDAYS[last.lower()]) % 7 or 7
        return published - dt.timedelta(days=back), None
    weekday = (
        match.group("weekday")
        or match.group("weekday2")
        or match.group("weekday3")
        or match.group("weekday4")
    )
    if weekday:
        back = (published.weekday() - WEEKDAYS[weekday.lower()]) % 7
        return published - dt.timedelta(days=back), None
    if word == "the day before yesterday":
        return published - dt.timedelta(days=2), None
    if word in ("yesterday", "last night"):
        return published - dt.timedelta(days=1), None
    if word == "last week":
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return monday, monday + dt.timedelta(days=6)
    if word == "this week":
        monday = published - dt.timedelta(days=published.weekday())
        return monday, published if published > monday else None
    return published, None


_SIDE_CLAUSE = re.compile(r",\s+(?:who|which|where|after|having|upon|following)\b[^,]*$", re.I)


def _in_side_clause(text: str, position: int, anchor: int) -> bool:
    """True when `position` lies in a comma-delimited side clause that does not hold `anchor`."""
    match = _SIDE_CLAUSE.search(text, 0, position)
    if match is None:
        return False
    clause_end = text.find(",", position)
    clause_end = len(text) if clause_end < 0 else clause_end
    return not match.start() <= anchor <= clause_end


def meeting_date(text: str, anchor: int, published: dt.date | None) -> FoundDate | None:
    """The date that goes with a trigger at offset `anchor` of text: the nearest usable expression.

    Dates introduced by "since", "until", "by", "scheduled for" describe something else, and so do
    dates of a side clause and of the telling ("told reporters on Monday that ...").
    """
    best = None
    reported = REPORTED_THAT.search(text, 0, anchor)
    telling_ends = reported.end() if reported else -1
    for found in find_dates(text, published):
        if _NOT_A_MEETING_DATE.search(text[max(0, found.start - 16) : found.start]):
            continue
        distance = abs(found.start - anchor)
        if _in_side_clause(text, found.start, anchor):
            distance += 10_000  # ", who arrived in Tehran on Wednesday night,": another event's date
        elif found.end <= telling_ends:
            distance += 5_000  # "told reporters on Monday that he had met B on Sunday": the telling
        if best is None or distance < best[0]:
            best = (distance, found)
    return best[1] if best else None
