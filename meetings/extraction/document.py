"""Cleaning plain-text scrapes of news articles.

A scrape carries more than the article: a `date YYYY-MM-DD` header, page controls
("+ ↺ − 16 px", "Share", "Read more: …"), an agency dateline in front of the first
sentence ("RABAT, Nov 13 (MAP) -"), an agency signature at the end ("News.Az") and
embedded tweets. `clean_scrape()` removes that noise and keeps what it tells us
(publication date, agency, dateline place) as data, without dropping article sentences.

Pure: standard library only, no Django.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace

from .agencies import agency_names


@dataclass(frozen=True)
class CleanedText:
    """The article text of a scrape plus what its noise told us."""

    text: str  # paragraphs separated by one blank line
    source: str | None = None  # agency or outlet, from a header, dateline, signature or "X reports"
    published: dt.date | None = None  # from the date header, else from a dateline that has a year
    title: str | None = None  # only when obvious: a "title:" header or a headline above a dateline
    url: str | None = None  # from a "url:" header
    dateline: str | None = None  # the dateline as removed, e.g. "RABAT, Nov 13 (MAP) -"
    dateline_place: str | None = None  # "Rabat"; all-capitals place names are title-cased
    dateline_date: dt.date | None = None  # the dateline's date; a missing year comes from `published`


# --- Characters ------------------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_INLINE_SPACE = re.compile(r"[^\S\n]+")


_NOT_PLAIN_ASCII = re.compile(r"[^\t\n\x20-\x7e]")


def _replace_special_character(match: re.Match) -> str:
    char = match.group()
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Cs"):
        # Cf holds the zero-width space and joiners, bidi marks, soft hyphens and byte-order marks.
        return ""
    return " " if category == "Zs" else char


def normalise_characters(text: str) -> str:
    """NFC, Unix newlines, plain spaces; no control, format (zero-width) or surrogate characters."""
    text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", text))
    # Only characters outside printable ASCII need a look, which keeps long English texts fast.
    return _NOT_PLAIN_ASCII.sub(_replace_special_character, text)


# --- Dates -----------------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_SLASHED_YEAR_FIRST = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?![\d])")
_NUMERIC_DAY_FIRST = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})(?![\d])")
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH}),?\s+(?P<year>\d{{4}})\b", re.I
)
_MONTH_DAY_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>{_DAY}),?\s+(?P<year>\d{{4}})\b", re.I)


def _month_number(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str) -> dt.date | None:
    """The calendar date written in `value`, or None.

    Takes ISO dates and datetimes, RFC 2822 ("Mon, 13 Nov 2023 10:00:00 +0400"), "13 November 2023",
    "November 13, 2023", "2023/11/13" and day-first "13.11.2023". A time zone never shifts the
    date: the date as the publisher wrote it is the publication date.
    """
    value = value.strip()
    if match := _ISO_DATE.match(value) or _SLASHED_YEAR_FIRST.match(value):
        year, month, day = (int(part) for part in match.groups())
        return _safe_date(year, month, day)
    if match := _NUMERIC_DAY_FIRST.match(value):
        day, month, year = (int(part) for part in match.groups())
        return _safe_date(year, month, day)
    if match := _DAY_MONTH_YEAR.search(value) or _MONTH_DAY_YEAR.search(value):
        return _safe_date(int(match["year"]), _month_number(match["month"]), _day_number(match["day"]))
    return None


def date_from_month_day(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The date on (month, day) nearest before or at `reference` (a dateline is never far after).

    A dateline of Dec 31 on an article published Jan 1 belongs to the previous year.
    """
    candidate = _safe_date(reference.year, month, day)
    if candidate is not None and candidate > reference + dt.timedelta(days=7):
        candidate = _safe_date(reference.year - 1, month, day)
    return candidate


# --- Agencies --------------------------------------------------------------------------------------


def agency_name(code: str) -> str:
    """The stored name for an agency code or name as written ("AA" -> "Anadolu Agency")."""
    written = code.strip().strip("/.").strip()
    return agency_names().get(written.casefold(), written)


# Outlet names as sites and feeds spell them, reduced to the agency they are: "Yonhap News Agency",
# "IRNA English - Politics", "UzA - National News Agency of Uzbekistan".
_OUTLET_SUFFIX = re.compile(
    r"\s+(?:english|online|news agency|news|agency|international news agency)$", re.IGNORECASE
)


def canonical_source(name: str) -> str:
    """The stored name of an outlet named by a page or feed; unknown outlets stay as written."""
    written = " ".join(name.split())
    first_segment = re.split(r"\s+[-–—|:]\s+", written)[0]
    for candidate in (written, first_segment, _OUTLET_SUFFIX.sub("", first_segment)):
        if _is_known_agency(candidate):
            return agency_name(candidate)
    return written


def _is_known_agency(text: str) -> bool:
    return text.strip().strip("/.").strip().casefold() in agency_names()


def _looks_like_agency_code(text: str, *, allow_unknown: bool = True) -> bool:
    """'AA', 'APP/DNA', 'UzA', 'Xinhua': known names, or (if allowed) short all-capital codes."""
    parts = [part.strip() for part in text.split("/") if part.strip()]
    if not parts or not _is_known_agency(parts[0]) and not allow_unknown:
        return False
    return all(_is_known_agency(part) or re.fullmatch(r"[A-Z]{2,8}", part) for part in parts)


def _first_agency(text: str) -> str:
    """'APP/DNA' -> 'APP': the first of several agencies is the originating one."""
    return agency_name(text.split("/")[0])


# --- Header lines ----------------------------------------------------------------------------------

_HEADER = re.compile(
    r"(?P<key>date|published|title|headline|source|url)\s*(?P<colon>:)?\s*(?P<value>.*)", re.IGNORECASE
)
_DATE_VALUE = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)\s*(?P<rest>.*)")


def _read_header_line(line: str) -> tuple[str, object, str] | None:
    """(key, value, rest of the line) for a scrape header line such as 'date 2023-11-13', else None.

    Keys that could start an ordinary sentence ("Source of…", "Published reports…") count only with
    a colon or, for dates, with an ISO date right after them.
    """
    match = _HEADER.fullmatch(line)
    if not match:
        return None
    key = match["key"].lower()
    value = match["value"].strip()
    if key in ("date", "published"):
        date_match = _DATE_VALUE.fullmatch(value)
        if date_match:
            return "published", parse_date(date_match.group(1)), date_match["rest"]
        if match["colon"] and (date := parse_date(value)):
            return "published", date, ""
        return None
    if key == "url":
        if re.fullmatch(r"https?://\S+", value):
            return "url", value, ""
        return None
    if not match["colon"] or not value:
        return None
    if key in ("title", "headline"):
        return "title", value, ""
    return "source", agency_name(value), ""


# --- Page-control junk -----------------------------------------------------------------------------

_FONT_CONTROLS = re.compile(
    r"(?:[+\-−–—↺↻⟲⟳|•·:]|\bA\b|\d+\s*px\b|font\s*size|text\s*size|\breset\b|\s)+", re.IGNORECASE
)
_TRAILING_FONT_CONTROLS = re.compile(r"\s*\+\s*[↺↻⟲⟳]?\s*[−-]\s*\d+\s*px\s*$")
_SHARE_WORDS = (
    r"share|share this(?: article| story| page)?|print|print this(?: article| page)?|tweet|e-?mail|facebook|"
    r"twitter|x|whatsapp|telegram|linkedin|reddit|vk|pinterest|copy link|copy|save|bookmark|comments?|"
    r"listen|listen to (?:this )?article|download|pdf"
)
_SHARE_BAR = re.compile(rf"(?:(?:{_SHARE_WORDS})(?:\s*[|•·,/]\s*|\s+|$))+", re.IGNORECASE)
_SOCIAL_NETWORKS = (
    r"(?:twitter|x|facebook|instagram|telegram|youtube|linkedin|tiktok|whatsapp|threads|google news)"
)
_JUNK_LINES = [
    re.compile(r"(?:read|see) (?:more|also)\s*(?::.*|[^\w\s]*)", re.IGNORECASE),
    re.compile(r"(?:also read|related(?: news| articles?| stories)?)\s*:.*", re.IGNORECASE),
    re.compile(r"follow us\b.{0,150}", re.IGNORECASE),
    re.compile(rf"follow (?:[\w.@]+ ){{1,4}}on {_SOCIAL_NETWORKS}\b.{{0,100}}", re.IGNORECASE),
    re.compile(
        rf"(?:subscribe to|join) (?:our|us on) (?:{_SOCIAL_NETWORKS}|newsletter|channel).{{0,100}}",
        re.IGNORECASE,
    ),
    re.compile(r"(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4}).{0,200}", re.IGNORECASE),
    re.compile(r".{0,150}\ball rights reserved\.?", re.IGNORECASE),
    re.compile(r"view this post on instagram|a post shared by .{1,150}", re.IGNORECASE),
    re.compile(r"advertisement|sponsored(?: content)?", re.IGNORECASE),
]
_TWITTER_LINK = re.compile(r"\s*(?:pic\.twitter\.com/\w+|https?://t\.co/\w+)")


_LONGEST_JUNK_LINE = 300  # page controls are short; a longer line is article text, and is never scanned


# "Home | National | Business | World": a menu. Segments with digits or colons are a signature instead.
_MENU_BAR = re.compile(r"[A-Za-z&' ]{1,25}(?:\s*\|\s*[A-Za-z&' ]{1,25}){2,}")


def _is_junk_line(line: str) -> bool:
    if not line or len(line) > _LONGEST_JUNK_LINE:
        return False
    if _MENU_BAR.fullmatch(line):
        return True
    if _FONT_CONTROLS.fullmatch(line) or _SHARE_BAR.fullmatch(line):
        return True
    return any(pattern.fullmatch(line) for pattern in _JUNK_LINES)


def _strip_inline_junk(line: str) -> str:
    line = _TRAILING_FONT_CONTROLS.sub("", line)
    return _TWITTER_LINK.sub("", line).strip()


def _drop_junk_lines(lines: list[str]) -> list[str]:
    """Remove junk lines; blank lines stay, as they separate paragraphs."""
    kept = []
    for line in lines:
        if not line:
            kept.append(line)
            continue
        line = _strip_inline_junk(line)
        if line and not _is_junk_line(line):
            kept.append(line)
    return kept


# --- Embedded tweets -------------------------------------------------------------------------------

# The signature that closes an embedded tweet: "— Jane Doe (@jdoe) November 13, 2023".
_TWEET_SIGNATURE = re.compile(
    rf"(?P<before>.*?)\s*[—–-]{{1,2}}\s*[^()\n]{{1,80}}\(@\w{{1,15}}\)\s*{_MONTH}\s+\d{{1,2}},\s*\d{{4}}\s*",
    re.IGNORECASE,
)
_TWITTER_MARKER = re.compile(
    r"pic\.twitter\.com/|https?://t\.co/|twitter\.com/|(?:^|\s)[#@]\w", re.IGNORECASE
)


def _remove_tweets(paragraphs: list[list[str]]) -> list[list[str]]:
    """Drop embedded tweets: the signature line and the tweet text just before it.

    The tweet text is the signature line's own text when it has some, else the line right above
    it, or the paragraph right above when the signature stands alone and that paragraph is
    a single line or carries Twitter markers. Article paragraphs further up are never touched.
    """
    result: list[list[str]] = []
    for paragraph in paragraphs:
        kept: list[str] = []
        for line in paragraph:
            match = _TWEET_SIGNATURE.fullmatch(line)
            if not match:
                kept.append(line)
                continue
            if match["before"].strip():
                continue  # the tweet text shares the signature's line
            if kept:
                kept.pop()  # the tweet text is the line above, in the same paragraph
            elif result and (len(result[-1]) == 1 or _TWITTER_MARKER.search(" ".join(result[-1]))):
                result.pop()  # the tweet text is the paragraph above
        if kept:
            result.append(kept)
    return result


# --- Datelines -------------------------------------------------------------------------------------

# A place word keeps inner dots ("U.S") and a few abbreviations ("St. Petersburg"), but a dot
# followed by a space ends the place: "ASTANA. KAZINFORM".
_PLACE_WORD = r"(?:(?:St|Ste|Mt|Ft|Pt)\.|[^\W\d_](?:[\w'’]|[\-.](?=\w))*)"
_PLACE = rf"{_PLACE_WORD}(?:\s+(?:(?:de|es|al|el|la|da|do|du|upon)\s+)?{_PLACE_WORD}){{0,3}}\.?"
# Datelines write the month in capitals too: "YEREVAN, MAY 13, ARMENPRESS."
_DATELINE_MONTH = rf"(?i:{_MONTH})"
_DATE_IN_DATELINE = (
    rf"(?:(?P<month1>{_DATELINE_MONTH})\s*(?P<day1>{_DAY})|(?P<day2>{_DAY})\s+(?:of\s+)?(?P<month2>{_DATELINE_MONTH}))"
    r"(?:(?:,?\s+|/)(?P<year>\d{4}))?"  # "May 13, 2024", "May 13/2024"
)
_SEPARATOR = r"(?:\s*(?P<separator>--|[:\-–—]))"
# The story's first word, straight after a dateline with no separator.
_STORY_START = r"\s+[\"“‘'(]?[A-Z]"
_STORY_STARTS = re.compile(_STORY_START)
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE})"
    r"(?:\s*/(?P<slash_region>[^/\n]{2,30})/)?"  # "PANAJI /India/, May 4. /TASS/."
    rf"(?:\s*,\s*(?!{_DATELINE_MONTH}\s)(?!\d)(?P<region>{_PLACE}))?"
    rf"(?:\s*,?\s*(?P<date>{_DATE_IN_DATELINE}))?"
    r"(?:"
    r"\s*\((?P<agency>[^()\n]{1,40})\)"  # "(APP/DNA)", "(AA)"
    r"|\.?\s*/\s*(?P<slash_agency>[A-Za-z][\w .-]{0,28}?)\s*/\s*\.?"  # ". /TASS/."
    r"|[.,]\s+(?P<word_agency>[A-Z]{2,16})(?=[\s.:\-–—]|$)"  # "ASTANA. KAZINFORM -", "Baku, November 13, AZERTAC."
    r")?"
    # "(EFE).-", "(AA) -", "/TASS/.", or, after an agency in brackets, straight on with the story
    # ("New Delhi, May 13 (PTI) External Affairs…"; for known agencies only, see below).
    rf"(?:\.?{_SEPARATOR}|(?P<full_stop>\.)(?=\s|$)|\s*$|(?(agency)(?={_STORY_START})|(?!)))",
)
_LONG_DATE_DATELINE = re.compile(
    rf"(?P<place>{_PLACE}),\s*(?P<stamp>[^()\n]{{1,60}}?\d{{4}}),\s*(?P<agency>[A-Za-z]{{2,16}})\s*(?:--|[:\-–—])"
)
_MENAFN = re.compile(r"\(MENAFN\s*[-–—]\s*(?P<publisher>[^()\n]{1,60})\)\s*")
_LEADING_AGENCY_WORD = re.compile(r"(?P<agency>[A-Za-z][\w.]{1,15})(?:\s*(?P<separator>[:\-–—])\s*|\s+|$)")
_PLACE_THEN_AGENCY = re.compile(rf"(?P<place>{_PLACE})\s*[-–—:]+\s*(?P<agency>[A-Za-z]{{2,10}})")
_AGENCY_ONLY = re.compile(r"\((?P<agency>[^()\n]{1,40})\)(?:\s*(?:--|[:\-–—])\s*|\s*$)")


# "Tuesday, November 14, 2023." opens some scrapes: a date, with no place.
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


@dataclass(frozen=True)
class _Dateline:
    text: str  # as written, removed from the body
    place: str | None
    agency: str | None
    publisher: str | None  # MENAFN's syndicated publisher, a weaker source than an agency
    month: int | None
    day: int | None
    year: int | None


def _is_capitalised_place(place: str) -> bool:
    words = [w for w in place.split() if w not in ("de", "es", "al", "el", "la", "da", "do", "du", "upon")]
    return all(word[0].isupper() for word in words)


def _is_all_capitals(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)


def _title_case_place(place: str) -> str:
    return place.title() if _is_all_capitals(place) else place


def _match_place_dateline(text: str, *, relaxed: bool = False) -> tuple[_Dateline, int] | None:
    """A place dateline at the start of `text` and where it ends, or None.

    `relaxed` accepts a mixed-case place with only a separator ("Rabat - HM the King…",
    "Doha: The…"), which is safe only where the page already showed it is a wire story:
    after an agency ("(MENAFN- The Peninsula) QNA") or below a page stamp.
    """
    match = _DATELINE.match(text)
    if not match or not _is_capitalised_place(match["place"]):
        return None
    if match["region"] and not _is_capitalised_place(match["region"]):
        return None
    agency = match["agency"] or match["slash_agency"] or match["word_agency"]
    if not agency and match["region"] and _is_known_agency(match["region"]) and match["region"].isupper():
        agency = match["region"]  # "Tehran, IRNA -- …"
    if (
        match["agency"]
        and not _looks_like_agency_code(match["agency"])
        and _is_capitalised_place(match["agency"])
    ):
        agency = None  # "Sde Boker (Israel) -": a country in brackets, not an agency
    has_date = bool(match["date"])
    place_in_capitals = _is_all_capitals(match["place"])
    at_line_end = match.end() == len(text.rstrip())
    if agency:
        if match["word_agency"] and not _is_known_agency(agency):
            return None
        # An unknown code in brackets is an agency only in a clear dateline: "SEOUL (KCNA) -",
        # not in "UN Secretary General (UNSG): …".
        if not _looks_like_agency_code(agency, allow_unknown=place_in_capitals or has_date):
            return None
        # After "(AA)" a separator or the end of the line must follow, so that
        # "Foreign Minister Jane Doe (FM) met…" is not taken for a dateline; a known agency may
        # go straight on with the story, as PTI's "New Delhi, May 13 (PTI) External Affairs…".
        if (
            match["agency"]
            and not (match["separator"] or at_line_end)
            and not (_is_known_agency(agency) and _STORY_STARTS.match(text, match.end()))
        ):
            return None
    elif has_date:
        if not (match["separator"] or match["full_stop"] or at_line_end):
            return None
    elif not (
        (place_in_capitals or relaxed)
        and match["separator"]
        and re.match(r"\s*[\"“‘'(]?[A-Z0-9]", text[match.end() :])
    ):
        # A place alone counts only in capitals, with a separator and a new sentence after it:
        # "ISLAMABAD: The…" is a dateline, "NATO – the alliance…" is not.
        return None
    place = None if match["place"].rstrip(".").lower() in _WEEKDAYS else _title_case_place(match["place"])
    if not agency and not has_date and not match["region"] and _is_known_agency(match["place"]):
        agency, place = match["place"], None  # "NNA - Caretaker Prime Minister ...": the agency, no place
    dateline = _Dateline(
        text=match.group().strip(),
        place=place,
        agency=_first_agency(agency) if agency else None,
        publisher=None,
        month=_month_number(match["month1"] or match["month2"]) if has_date else None,
        day=_day_number(match["day1"] or match["day2"]) if has_date else None,
        year=int(match["year"]) if match["year"] else None,
    )
    return dateline, match.end()


def _match_long_date_dateline(text: str) -> tuple[_Dateline, int] | None:
    """'Jeddah, Dhu al-Hijjah 16, 1443, July 15, 2022, SPA --': a place, any dates, then a known agency."""
    match = _LONG_DATE_DATELINE.match(text)
    if not match or not _is_known_agency(match["agency"]) or not _is_capitalised_place(match["place"]):
        return None
    date = parse_date(match["stamp"])
    dateline = _Dateline(
        text=match.group().strip(),
        place=_title_case_place(match["place"]),
        agency=agency_name(match["agency"]),
        publisher=None,
        month=date.month if date else None,
        day=date.day if date else None,
        year=date.year if date else None,
    )
    return dateline, match.end()


def _find_dateline(text: str, *, relaxed: bool = False) -> tuple[_Dateline, str] | None:
    """The dateline at the start of `text` and the text after it, or None."""
    if (line := _PLACE_THEN_AGENCY.fullmatch(text.strip())) and _is_known_agency(line["agency"]):
        # "Baghdad - INA" on a line of its own.
        dateline = _Dateline(
            text=line.group(),
            place=_title_case_place(line["place"]),
            agency=_first_agency(line["agency"]),
            publisher=None,
            month=None,
            day=None,
            year=None,
        )
        return dateline, ""
    if long_match := _match_long_date_dateline(text):
        dateline, end = long_match
        return dateline, text[end:].strip()
    publisher = None
    agency = None
    removed: list[str] = []
    rest = text
    if match := _MENAFN.match(rest):
        # "(MENAFN- The Peninsula) QNA Doha: …": MENAFN syndicates; the agency after it wrote the piece.
        publisher = match["publisher"].strip()
        removed.append(match.group())
        rest = rest[match.end() :]
        word = _LEADING_AGENCY_WORD.match(rest)
        if word and _is_known_agency(word["agency"]):
            after_word = rest[word.end() :]
            # "QNA" alone, "QNA -" or "QNA Doha: …" name the agency; "Trend reported…" is a sentence.
            if not after_word.strip() or word["separator"] or _match_place_dateline(after_word, relaxed=True):
                agency = agency_name(word["agency"])
                removed.append(word.group())
                rest = after_word
    elif (match := _AGENCY_ONLY.match(rest)) and _looks_like_agency_code(
        match["agency"], allow_unknown=False
    ):
        agency = _first_agency(match["agency"])  # "(Reuters) - …"
        removed.append(match.group())
        rest = rest[match.end() :]
    rest = rest.lstrip()
    place_match = _match_place_dateline(rest, relaxed=relaxed or agency is not None)
    if place_match is None and not removed:
        return None
    place_dateline = None
    if place_match is not None:
        place_dateline, end = place_match
        removed.append(rest[:end])
        rest = rest[end:]
    dateline = _Dateline(
        text=" ".join(" ".join(removed).split()),
        place=place_dateline.place if place_dateline else None,
        agency=agency or (place_dateline.agency if place_dateline else None),
        publisher=publisher,
        month=place_dateline.month if place_dateline else None,
        day=place_dateline.day if place_dateline else None,
        year=place_dateline.year if place_dateline else None,
    )
    return dateline, rest.strip()


# --- Signatures ------------------------------------------------------------------------------------

_END_MARK = re.compile(r"\(\s*ends?\s*\)|[-–—]+\s*ends?\s*[-–—]+|ends?|\*{3}|#{3}", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"(?:source|sources|via)\s*:\s*(?P<source>.{2,80}?)\.?", re.IGNORECASE)
_DASH_SIGNATURE = re.compile(r"[—–-]{1,2}\s*(?P<source>[\w .]{2,30})")
_SLASH_SIGNATURE = re.compile(r"/\s*(?P<source>[^/\n]{2,30}?)\s*/\.?")
_APPENDED_SIGNATURE = re.compile(
    r"(?P<body>.*[.!?”\"’)])\s+[—–/-]{0,2}\s*\(?(?P<source>[\w .]{2,20}?)\)?\s*/?"
)
_APPENDED_END_MARK = re.compile(r"(?P<body>.*[.!?”\"’)])\s+\(\s*ends?\s*\)\s*[\w.]{0,12}", re.IGNORECASE)
_AGENCY_AND_EDITOR = re.compile(r"(?P<source>[\w.]{2,20})\s*/\s*[\w .'’-]{1,40}")  # "APP/ZZK", "WAM/Jane Roe"
_EDITOR_SEGMENT = re.compile(r"(?:editor|editing|writing|reporting|translated by)\s*:?.{0,60}", re.IGNORECASE)
# Fixed footers that name their agency: "Anadolu Agency website contains only a portion of …".
_AGENCY_FOOTER = re.compile(
    r"(?P<source>Anadolu Agency) website contains only a portion of .{0,200}", re.IGNORECASE
)


def _segmented_signature(line: str) -> tuple[bool, str | None, dt.date | None]:
    """'Source: Xinhua| 2020-01-28 21:40:03|Editor: huaxia': a source, a stamp and an editor."""
    segments = [segment.strip() for segment in line.split("|") if segment.strip()]
    if len(segments) < 2:
        return False, None, None
    source = date = None
    for segment in segments:
        if match := _SOURCE_LINE.fullmatch(segment):
            source = source or agency_name(match["source"])
        elif stamp := _stamp_date(segment):
            date = date or stamp
        elif not _EDITOR_SEGMENT.fullmatch(segment):
            return False, None, None
    return source is not None, source, date


def _signature_source(line: str) -> tuple[bool, str | None, str]:
    """(is a signature, its source, what is left of the line) for the last line of an article."""
    if _END_MARK.fullmatch(line) or re.fullmatch(r"MENAFN\d{6,}\w*", line):
        return True, None, ""
    if match := _AGENCY_FOOTER.fullmatch(line):
        return True, agency_name(match["source"]), ""
    if match := _APPENDED_END_MARK.fullmatch(line):
        return True, None, match["body"]
    if (match := _AGENCY_AND_EDITOR.fullmatch(line)) and _is_known_agency(match["source"]):
        return True, agency_name(match["source"]), ""
    if match := _SOURCE_LINE.fullmatch(line):
        return True, agency_name(match["source"]), ""
    if (match := _DASH_SIGNATURE.fullmatch(line)) and _is_known_agency(match["source"]):
        return True, agency_name(match["source"]), ""
    if (match := _SLASH_SIGNATURE.fullmatch(line)) and _looks_like_agency_code(match["source"]):
        return True, agency_name(match["source"]), ""
    if _is_known_agency(line):
        return True, agency_name(line), ""
    if (match := _APPENDED_SIGNATURE.fullmatch(line)) and _is_known_agency(match["source"]):
        return True, agency_name(match["source"]), match["body"]
    return False, None, line


def _remove_signatures(paragraphs: list[list[str]]) -> tuple[list[list[str]], str | None, dt.date | None]:
    """Strip agency signatures and end marks from the end; return the first agency and any date found."""
    source = None
    date = None
    for _ in range(5):  # a few stacked marks at most: "Trend" above "(ends)"
        if not paragraphs:
            break
        is_segmented, found, stamp = _segmented_signature(paragraphs[-1][-1])
        if is_segmented:
            is_signature, rest, date = True, "", date or stamp
        else:
            is_signature, found, rest = _signature_source(paragraphs[-1][-1])
        if not is_signature:
            break
        source = source or found
        if rest:
            paragraphs[-1][-1] = rest
        else:
            paragraphs[-1].pop()
            if not paragraphs[-1]:
                paragraphs.pop()
        if rest:
            break
    return paragraphs, source, date


# --- "…, News.az reports." -------------------------------------------------------------------------

_DOMAIN_NAME = (
    r"[A-Z][\w-]*\.(?:az|kz|uz|kg|tj|tm|ru|by|ua|ge|am|tr|pk|ae|qa|sa|ma|cn|in|com|net|org|info|news)"
)
_REPORTS_MENTION = re.compile(
    rf",\s+(?:(?P<before>{_DOMAIN_NAME}|[A-Z][\w.]*(?:\s[A-Z][\w.]*){{0,2}})\s+reports?\b"
    rf"|reports?\s+(?P<after>{_DOMAIN_NAME}|[A-Z][\w.]*(?:\s[A-Z][\w.]*){{0,2}}))",
)


def _mentioned_source(text: str) -> str | None:
    for match in _REPORTS_MENTION.finditer(text):
        name = match["before"] or match["after"]
        if _is_known_agency(name) or re.fullmatch(_DOMAIN_NAME, name):
            return agency_name(name)
    return None


# --- Page stamps, bylines and section labels above the article ----------------------------------

_ANY_DATE = re.compile(
    rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{4}}/\d{{1,2}}/\d{{1,2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}"
    rf"|\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}\b|\b{_MONTH}\s+{_DAY},?\s+\d{{4}}\b",
    re.IGNORECASE,
)
# What may stand around the date of a page stamp: times, time zones, weekdays, "Update".
_STAMP_FILLER = re.compile(
    r"(?:[\s,|\-–—\[\]():+./\d]|\b(?:am|pm|a\.m\.|p\.m\.|utc|gmt|update|updated|published|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)*",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"(?:by\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,3}", re.IGNORECASE)
_PLACE_LINE = re.compile(rf"(?P<place>{_PLACE})(?:\s*,\s*{_PLACE})?")


def _stamp_date(text: str) -> dt.date | None:
    """The date of a page stamp ('22 FEB 2023, 15:47', '09/01/2023 03:25 PM', '24.12.2023 [16:05]')."""
    if len(text) > 80 or not (match := _ANY_DATE.search(text)):
        return None
    if not _STAMP_FILLER.fullmatch(text[: match.start()] + " " + text[match.end() :]):
        return None
    return parse_date(match.group())


def _furniture_date(line: str) -> tuple[bool, dt.date | None]:
    """(is a stamp or byline line, its date) for 'Staff Reporter |06.04.2021 - Update : 06.04.2021'."""
    segments = [segment.strip() for segment in line.split("|") if segment.strip()]
    dates = [_stamp_date(segment) for segment in segments]
    if not any(dates):
        return bool(re.fullmatch(r"by\s+.{2,60}", line, re.IGNORECASE)), None
    is_furniture = all(
        date or _BYLINE.fullmatch(segment) for segment, date in zip(segments, dates, strict=True)
    )
    return is_furniture, next((date for date in dates if date), None)


def _is_body_line(line: str) -> bool:
    # Headlines and subtitles run long but never end like a sentence; stamps may end in ")" or "]".
    return len(line.split()) > 30 or bool(re.search(r"[.!?\"”’:]$", line)) or _find_dateline(line) is not None


def _is_known_place(text: str) -> bool:
    """A city or country of the gazetteer, not a headline in capitals ("PUTIN MEETS XI")."""
    from .gazetteer import KIND_CITY, KIND_COUNTRY, load_default
    from .tokens import phrase_keys

    phrase = load_default().phrases.get(phrase_keys(text))
    return phrase is not None and phrase.kind in (KIND_CITY, KIND_COUNTRY) and text not in _NOT_PLACES


# Capitalised labels that stand alone above some articles without being a place.
_NOT_PLACES = {
    "UPDATE",
    "UPDATED",
    "BREAKING",
    "BREAKING NEWS",
    "EXCLUSIVE",
    "ANALYSIS",
    "OPINION",
    "EDITORIAL",
    "VIDEO",
    "LIVE",
}


@dataclass
class _PageTop:
    title: str | None = None
    published: dt.date | None = None
    place: str | None = None
    agency_hint: str | None = None


def _read_page_top(lines: list[str]) -> tuple[_PageTop, list[str]]:
    """Read and remove the furniture some outlets print above the article.

    Only when a page stamp or byline is found among the short lines before the first sentence:
    the line above it is the headline (the title), short lines below it are a section label
    ("Politics") or the place ("ANKARA"). A subtitle between headline and stamp stays in the text.
    """
    top = _PageTop()
    leading = []
    for index, line in enumerate(lines):
        if not line:
            continue
        if (not _furniture_date(line)[0] and _is_body_line(line)) or len(leading) == 8:
            break
        leading.append(index)
    furniture = {index: _furniture_date(lines[index]) for index in leading}
    markers = [index for index in leading if furniture[index][0]]
    if not markers:
        return top, lines
    top.published = next((date for is_marker, date in furniture.values() if date), None)
    removed = set(markers)
    headline = [index for index in leading if index < markers[0]]
    if headline:
        top.title = lines[headline[0]]
        removed.add(headline[0])
    for index in leading:
        if index < markers[0] or index in removed:
            continue
        line = lines[index]
        if (place := _PLACE_LINE.fullmatch(line)) and _is_all_capitals(place["place"]):
            top.place = top.place or _title_case_place(place["place"])
        elif len(line.split()) <= 4:
            first_word = line.split()[0]
            if _is_known_agency(first_word):
                top.agency_hint = top.agency_hint or agency_name(first_word)  # "IRNA English"
        else:
            continue
        removed.add(index)
    return top, [line for index, line in enumerate(lines) if index not in removed]


# --- Putting it together ---------------------------------------------------------------------------


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [paragraph for paragraph in paragraphs if paragraph]


def _is_headline(paragraph: list[str]) -> bool:
    line = paragraph[0]
    return (
        len(paragraph) == 1
        and len(line) <= 200
        and len(line.split()) >= 3
        and not re.search(r"[.!?:;,\"”’]$", line)
    )


def _read_headers(lines: list[str]) -> tuple[dict[str, object], list[str]]:
    """Consume header lines at the top ('date 2023-11-13', 'title: …'); return them and the rest."""
    headers: dict[str, object] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            continue
        header = _read_header_line(line)
        if header is None:
            break
        key, value, rest = header
        if value is not None:
            headers.setdefault(key, value)
        index += 1
        if rest:
            # "date 2023-11-13 + ↺ − 16 px": whatever follows the date is read like any other line.
            lines = [*lines[:index], rest, *lines[index:]]
            break
    return headers, lines[index:]


def _replace_first_line(paragraphs: list[list[str]], rest: str) -> None:
    """Put what is left of the first line back, dropping the line (and paragraph) if nothing is."""
    if rest:
        paragraphs[0][0] = rest
        return
    paragraphs[0].pop(0)
    if not paragraphs[0]:
        paragraphs.pop(0)


def clean_scrape(raw: str) -> CleanedText:
    """Clean a plain-text scrape; see the module docstring. Never raises on any string."""
    text = normalise_characters(raw)
    lines = [_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    headers, lines = _read_headers(lines)
    lines = _drop_junk_lines(lines)
    top, lines = _read_page_top(lines)
    paragraphs = _remove_tweets(_paragraphs(lines))

    title = headers.get("title") or top.title
    published = headers.get("published") or top.published
    # Below a page stamp the first line is surely a wire story, so a mixed-case "Rabat - …" is a dateline.
    relaxed = top.published is not None or top.place is not None
    dateline = None
    if paragraphs:
        found = _find_dateline(paragraphs[0][0], relaxed=relaxed)
        if found is None and len(paragraphs) > 1 and _is_headline(paragraphs[0]):
            found = _find_dateline(paragraphs[1][0])
            if found is not None:
                title = title or paragraphs[0][0]
                paragraphs = paragraphs[1:]
        if found is None and len(paragraphs[0]) > 1 and _is_headline(paragraphs[0][:1]):
            # The headline right above the dateline, with no blank line between them.
            found = _find_dateline(paragraphs[0][1])
            if found is not None:
                title = title or paragraphs[0][0]
                paragraphs[0] = paragraphs[0][1:]
        if found is not None:
            dateline, rest = found
            _replace_first_line(paragraphs, rest)
            # "(MENAFN- The Peninsula) QNA" on its own line, then "Doha: The…" below it.
            if (
                dateline.place is None
                and not rest
                and paragraphs
                and (place_match := _match_place_dateline(paragraphs[0][0], relaxed=True))
            ):
                place_dateline, end = place_match
                dateline = replace(
                    dateline, text=f"{dateline.text} {place_dateline.text}", place=place_dateline.place
                )
                _replace_first_line(paragraphs, paragraphs[0][0][end:].strip())

    if dateline is None and top.place is None and paragraphs and len(paragraphs[0]) + len(paragraphs) > 2:
        # A place alone on the first line, as some pages print it above the first sentence: "SOCHI, Russia".
        place = _PLACE_LINE.fullmatch(paragraphs[0][0])
        if place and _is_all_capitals(place["place"]) and _is_known_place(place["place"]):
            top.place = _title_case_place(place["place"])
            _replace_first_line(paragraphs, "")

    paragraphs, signature_source, signature_date = _remove_signatures(paragraphs)
    published = published or signature_date
    body = "\n\n".join("\n".join(paragraph) for paragraph in paragraphs)

    dateline_date = None
    if dateline and dateline.month and dateline.day:
        if dateline.year:
            dateline_date = _safe_date(dateline.year, dateline.month, dateline.day)
        elif isinstance(published, dt.date):
            dateline_date = date_from_month_day(dateline.month, dateline.day, published)
    if published is None:
        published = dateline_date

    source = (
        headers.get("source")
        or (dateline.agency if dateline else None)
        or signature_source
        or _mentioned_source(body)
        or top.agency_hint
        or (dateline.publisher if dateline else None)
    )
    return CleanedText(
        text=body,
        source=source,
        published=published,
        title=title,
        url=headers.get("url"),
        dateline=dateline.text if dateline else None,
        dateline_place=(dateline.place if dateline else None) or top.place,
        dateline_date=dateline_date,
    )
