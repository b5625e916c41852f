"""Assemble meetings from the mentions of an article.

What counts as a meeting (the rules the tests pin down):
- A sentence reports a meeting when a trigger ("met", "received", "held talks", "phone call",
  "video conference", ...) joins at least two different people: the subject before the trigger
  and the people after it, or two people named together ("talks between A and B").
- Plans are not meetings: a trigger right after "will", "to", "is expected to", "plans to",
  "ahead of", "invited ... to" and the like is skipped, and the people named after a planned
  encounter ("met A and will meet B", "before meeting B") are not the other side of the meeting.
- Reported speech: "the spokesperson announced that A had met B on Saturday" reports the meeting
  (the past perfect of reported speech, with a recent day), and its source is not a participant.
- Background is not a meeting: "had met", "last met", "previously met", "recalled that", "the two
  last met in 2019", a trigger followed by "several times"/"in 2019"/"last month", or an explicit
  date more than 60 days before publication, or "last year", "planned for ..." or "postponed"
  anywhere later in the trigger's clause. A meeting "last week" is news, dated last week.
- Summoning is not a meeting. Following PLOVER, summoning an ambassador to hand over a protest
  note is an accusation (ACCUSE), not a consultation: any sentence with "summoned"/"protest note"
  yields no meeting, even though the two sides were in one room.
- Statements, condemnations and interviews have no trigger joining two people, so they yield none.
- "in the presence of", "accompanied by", "also attended" make attendees, not principals. Their
  reach ends at the next trigger ("X, accompanied by Y, met Z": Z is the other side); a cue that
  opens the sentence names its people up to the last comma before the trigger.
- "During their meeting in Baku, A and B ..." and "A and B, during their talks, ..." report the
  meeting: "their" names the people who met; so do "during talks in Seoul" and "in a phone call".
  "during the talks" refers to one told before.
- "X received the message during his meeting with Y": "his" is X. "X received a message from B,
  delivered by C" is a meeting of X and C (B is absent).
- "discussed", "exchanged views", "shook hands" and "witnessed the signing" report a meeting only
  with two people before them or "with" someone after them.
- An adverbial meeting ("In a separate meeting, ...", "during talks in Seoul") counts only when the
  sentence has no other trigger; otherwise that trigger tells the encounter.
- The same encounter told twice is one meeting: candidates sharing two principals merge. "X took
  part in the summit, which brought together ..." followed by "The meeting gathered A, B and C"
  makes X one of that meeting's principals.
- Hosting a thing is not a meeting: "received a letter", "welcomed the agreement between A and
  B". "Received a phone call from B" is a call; "received a courtesy call from B" is a visit.
- "separately" and "held separate meetings with" split "met A and B" into two meetings; several
  triggers in one sentence
  ("met A ... and later held talks with B") give one meeting each.
- A sentence that only refers to a meeting told before ("X was present at the meeting with Y",
  "X attended the talks") adds attendees to that meeting; ", with X welcoming the delegations"
  makes X an attendee too.
- Dates: "the same day" takes the date of the meeting told before; a meeting without a date takes
  the lead's ("held a series of meetings on Thursday"); a date in a side clause (", who arrived on
  Wednesday,") belongs to another event.
- Places: sentences that only talk about a meeting ("During the meeting, ... in Afghanistan") give
  a country only with "held in"; "in the Indian state of Goa", "near Washington" and "at the NATO
  headquarters" (organizations.tsv headquarters column) give one. A place told as the past ("in
  Bali last November"), a plan ("upcoming visit to China", "will host ... in Islamabad") or a topic
  ("the mission in Somalia") is not where they met.
- Who "he" is: the subject of the last meeting; before any meeting, the titled person an opening
  sentence starts with ("X arrived in Beijing on Saturday. He met Y"), or the subject of a meeting
  without a named counterpart ("X held a series of bilateral meetings"). A style with no name
  ("His Royal Highness met ...") and a sentence opening with "Talks with B" or a quoted "Glad to
  meet B" are read the same way.
- States of officials written with none, in this order: the outlet's home state (agencies.tsv);
  the venue's state for the hosts, else the one met, never a visitor; with no outlet named, the
  dateline's state for a call or a meeting abroad, except for people who met others in the
  dateline's state (travellers); a headline of two sides whose other side is the other
  principal's ("Nigeria-Brazil ties"); with no outlet named (a ministry's own release), the state
  the text names most, if no one else at the meeting serves it and it is not the venue of a visit.
  A bare "Secretary-General" or "Director-General" serves the organization the article names, and
  in an article that names none, a Secretary-General is the UN's.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from . import patterns as P
from .agencies import agency_spellings, home_countries
from .dates import find_dates, meeting_date
from .events import context_event_of
from .gazetteer import KIND_CITY, KIND_COUNTRY, KIND_ORG, Gazetteer, OrganizationEntry
from .mentions import Person, PersonRegistry, Sentence, SentenceReader
from .normalise import fold
from .schema import (
    DATE_EXPLICIT,
    DATE_PUBLICATION,
    KIND_IN_PERSON,
    KIND_PHONE_CALL,
    KIND_VIDEO_CALL,
    PRECISION_DAY,
    ROLE_ATTENDEE,
    ROLE_PRINCIPAL,
    SIDE_HOST,
    SIDE_VISITOR,
    Meeting,
    OrganizationRef,
    Participant,
    Span,
)
from .tokens import ITEM_WORD
from .topics import has_topic_cue, topics_of
from .wordpatterns import WordPattern

# Titles whose holders serve an organization rather than a state; never given a guessed country.
_INTERNATIONAL_HEADS = {"secretarygeneral", "directorgeneral", "undersecretarygeneral", "commissioner"}
_BACKGROUND_DAYS = 60
# "the first visit since 2012" dates the last one, not this one.
_CLAUSE_BREAK = re.compile(r"[;:]|\bwhile\b")
# ", with X welcoming the delegations": a person in an absolute clause watches or hosts the
# encounter rather than taking part in it.
_WITH_CLAUSE = re.compile(r",\s+with\s+[^,;:]*$", re.I)
_GERUND_AFTER = re.compile(
    r"\s+(?!during\b|including\b|regarding\b|concerning\b|following\b|according\b|notwithstanding\b)"
    r"(?:also\s+)?[a-z]+ing\b"
)


# The source of a report, named in a clause of its own: "..., State Department spokesperson Matthew
# Miller said.", "..., spokeswoman Maria Zakharova told TASS.", "..., according to presidential
# spokesperson Kim Soo-kyung." and "According to X, A met B.". Its people told of the meeting; they
# did not take part in it.
_TRAILING_SOURCE = re.compile(
    r",\s+(?:according to\b[^,;:]*|[^,;:]*?\b(?:"
    + "|".join(r"told \w+" if verb == "told" else verb for verb in P.TELLING_VERBS)
    + r")(?:\s+(?:in|on|at|to)\b[^,;:]*?)?)\W*$",
    re.IGNORECASE,
)
_LEADING_SOURCE = re.compile(r"^\W*according to\b[^,;:]*,", re.IGNORECASE)
_SOURCE_WORDS = frozenset({"according", *P.TELLING_VERBS})


def _source_spans(
    text: str, keys: frozenset[str], first_trigger: int, last_trigger_end: int
) -> list[tuple[int, int]]:
    if keys.isdisjoint(_SOURCE_WORDS):
        return []
    spans = []
    if (leading := _LEADING_SOURCE.match(text)) and leading.end() <= first_trigger:
        spans.append((0, leading.end()))
    if "," in text[last_trigger_end:] and (trailing := _TRAILING_SOURCE.search(text, last_trigger_end)):
        spans.append((trailing.start(), len(text)))
    return spans


# Verbs of meeting in person: after a call in the same sentence, "and met C" is not another call
# (while "and later spoke with C" likely is).
_IN_PERSON_VERB = re.compile(
    r"(?:met|meets|received|receives|hosted|hosts|welcomed|welcomes|visited)\b", re.I
)


# ", and later Foreign Minister Y held talks with C", "; Y met C", ", while Y received C": a clause
# with a subject of its own.
_NEW_CLAUSE = re.compile(
    r"(?:,\s*(?:and|while|whereas)\s+|;\s*(?:and\s+)?)(?:later\s+|then\s+|also\s+|separately\s+)?(?=[A-Z])"
)


def _clause_subjects(
    text: str, triggers: list[tuple[int, int, str]], people: list[tuple[int, Person, bool]]
) -> dict[int, tuple[int, list[Person]]]:
    """For each trigger after the first that opens a clause of its own with the people named before
    it ("X met B, and later Y held talks with C"): where that clause begins, and those people. The
    trigger before it takes no one after that point."""
    found = {}
    for index in range(1, len(triggers)):
        start = triggers[index][0]
        boundaries = list(_NEW_CLAUSE.finditer(text, triggers[index - 1][1], start))
        if not boundaries:
            continue
        boundary = boundaries[-1]
        named = [p for offset, p, attendee in people if boundary.end() <= offset < start and not attendee]
        if named:
            found[index] = (boundary.start(), named)
    return found


# "..., who delivered a written message from President A to King B": B, the message's addressee,
# was not at the meeting with its bearer.
_ADDRESSEE_OF_MESSAGE = re.compile(
    r",\s+who\s+(?:delivered|handed(?:\s+over)?|conveyed|carried|brought|passed\s+on)\s+[^,;]*?"
    r"\b(?:message|letter)\b[^,;]*?\bto\s+(?:the\s+)?(?:[\w.'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
# A government's or a party's own session, not a meeting between states: "held a Security Council
# meeting", "chaired a cabinet meeting".
_INTERNAL_SESSION = re.compile(
    r"\b(?:security council|cabinet|government|politburo|presidium|party|council of ministers|national security)\s+"
    r"(?:meeting|session)s?\b",
    re.IGNORECASE,
)
# A possessive before whom someone else stands for: "Pope Francis' representative", "the King's
# envoy", "President A's message".
_SENDER_OF = re.compile(
    r"['’]s?\s+(?:personal\s+|special\s+)?(?:representative|envoy|emissary|message|letter)\b", re.IGNORECASE
)
_WITH_ONLY = re.compile(r"\s*(?:with\s+)?")
_AND_ONLY = re.compile(r"\s*(?:,\s*)?and\s+")


def _beside_trigger(
    start: int, end: int, text: str, triggers: list[tuple[int, int, str]], names: list[tuple[int, int]]
) -> bool:
    """Whether a name written without a title stands right beside a trigger, as its subject ("Wang Yi
    met ...", "Vladimir Putin and Xi Jinping held talks") or its object ("met with Ishaq Dar",
    "received Recep Tayyip Erdogan"): so placed, a name of two words or more is a person even where
    nothing else says so. Further away it may be a company, a place or a building."""
    for trigger_start, trigger_end, _ in triggers:
        if trigger_start >= end and not text[end:trigger_start].strip():
            return True
        if trigger_end <= start and _WITH_ONLY.fullmatch(text, trigger_end, start):
            return True
    for other_start, other_end in names:
        # One name joined by "and" to another that stands beside a trigger, on the same side.
        if (
            other_start >= end
            and _AND_ONLY.fullmatch(text, end, other_start)
            and any(t >= other_end and not text[other_end:t].strip() for t, _, _ in triggers)
        ):
            return True
        if (
            other_end <= start
            and _AND_ONLY.fullmatch(text, other_end, start)
            and any(e <= other_start and _WITH_ONLY.fullmatch(text, e, other_start) for _, e, _ in triggers)
        ):
            return True
    return False


def _kind_of_trigger(text: str, triggers: list[tuple[int, int, str]], index: int, kind: str) -> str:
    """The kind of one of several meetings in a sentence that names a call: "X met B, and then held
    a phone call with C" (in person, then a call), "X held a phone call with B and met C" (a call,
    then in person). A cue belongs to the trigger whose part of the sentence holds it and to the
    triggers after it, but for verbs of meeting in person; a cue before the first trigger ("In a
    phone call, X and B discussed ... and agreed ...") belongs to all of them."""
    start = triggers[index][0]
    end = triggers[index + 1][0] if index + 1 < len(triggers) else len(text)
    if P.VIDEO_CUE.search(text, start, end):
        return KIND_VIDEO_CALL
    if P.PHONE_CUE.search(text, start, end):
        return KIND_PHONE_CALL
    first_start = triggers[0][0]
    if P.VIDEO_CUE.search(text, 0, first_start) or P.PHONE_CUE.search(text, 0, first_start):
        return kind
    if (
        index
        and not _IN_PERSON_VERB.match(text, start)
        and (P.VIDEO_CUE.search(text, 0, start) or P.PHONE_CUE.search(text, 0, start))
    ):
        return kind  # "received a call from B, and later spoke with C": a call too
    return KIND_IN_PERSON


def _absolute_with(text: str, start: int, end: int) -> bool:
    return bool(_GERUND_AFTER.match(text, end)) and bool(
        _WITH_CLAUSE.search(text[max(0, start - 160) : start])
    )


_IN_COUNTRY = WordPattern(r"\bin\s+(?:the\s+)?$")
# "to discuss the crisis in Haiti", "the situation in South Sudan": a topic, not where they met.
_TOPIC_IN = WordPattern(
    r"\b(?:situation|crisis|crises|conflict|war|developments|tensions|escalation|violence|fighting|events|"
    r"elections|peace|ceasefire|stability|security|humanitarian\s+\w+|process|dispute|unrest|attacks?|mission|"
    r"missions|operations|presence|deployment|troops|forces|vacancy|reconstruction|transition|investments?|"
    r"projects?|hostages|refugees|cop\s?\d+\)?)"
    r"\s+in\s+(?:the\s+)?$"
)
# A place told as the past or a plan, not where this meeting was: "the agreement reached in Bali
# last November", "the Prime Minister's upcoming visit to China", "will host the summit in Islamabad".
_PAST_AFTER_PLACE = re.compile(
    r"\s+(?:last\s+(?:year|month|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|spring|summer|autumn|fall|winter)|earlier\s+this\s+year|in\s+(?:19|20)\d\d\b)",
    re.IGNORECASE,
)
_PLAN_BEFORE_PLACE = WordPattern(
    r"\b(?:(?:upcoming|forthcoming|planned|next|future|proposed)\s+(?:[\w'’-]+\s+){0,2}"
    r"(?:visit|trip|summit|meeting|talks|session|conference)\s+(?:to|in)|will\s+(?:[\w'’-]+\s+){0,12}(?:in|to)|"
    # "who is on a visit to Argentina after taking part in the G20 meeting in Rio de Janeiro"
    r"after\s+(?:taking\s+part|attending|participating)\b[^.;]{0,80}?\s(?:in|at))"
    r"\s+(?:the\s+)?$"
)
_HELD_IN = WordPattern(
    r"\b(?:held|took place|taking place|takes place|convened|hosted|met|meet|meeting|talks)\s+in\s+(?:the\s+)?$"
)
# Words one of which every ATTENDEE_SENTENCE phrase holds.
_ATTENDANCE_KEYS = frozenset(
    {
        "attended",
        "attending",
        "attendance",
        "present",
        "part",
        "participated",
        "joined",
        "presence",
        "sat",
        "room",
    }
)
_ATTENDED_BY = WordPattern(
    r"\b(?:(?:was|were)\s+(?:also\s+)?attended\s+(?:on\s+the\s+[\w-]+\s+side\s+)?by|"
    r"also\s+at\s+the\s+(?:meeting|talks)\s+(?:was|were)|attending\s+the\s+(?:meeting|talks|audience|session|ceremony)"
    r"\s+(?:was|were)|(?:also\s+)?in\s+attendance\s+(?:was|were)|also\s+attending\s+(?:was|were)|"
    r"(?:took\s+place|was\s+held|were\s+held)\s+in\s+the\s+presence\s+of|"
    # "Also taking part in the talks on the Russian side were A, B and C"
    r"(?:also\s+)?taking\s+part\s+in\s+the\s+[^.;]{0,60}?\s(?:was|were))\b"
)
# A sentence that dates the meeting told before in the past tense: "The meeting took place on Saturday".
_TOOK_PLACE = re.compile(r"\b(?:took place|was held|were held|happened)\b", re.IGNORECASE)
# "X was accompanied by A and B", "The delegation included A and B".
_ACCOMPANIED_AFTER = re.compile(
    r"\b(?:(?:was|were)\s+(?:also\s+)?accompanied\s+(?:to\s+the\s+(?:meeting|talks)\s+)?by|"
    r"(?:was|were)\s+(?:also\s+)?supported\s+at\s+the\s+(?:meeting|talks)\s+by|"
    r"(?:delegation|side)\s+(?:also\s+)?included|"
    # "The ministers were later joined by A", "B was joined at the talks by A"
    r"(?:was|were)\s+(?:later\s+|also\s+|then\s+)?joined\s+(?:(?:at|in|for)\s+the\s+[\w-]+\s+)?by)\s",
    re.IGNORECASE,
)
# The meeting's people together, before such a cue: the companions are of no one side.
_THE_GROUP = re.compile(
    r"^\W*(?:the|both)\s+(?:two\s+|three\s+)?(?:ministers|leaders|presidents|sides|delegations|officials)\s"
    # "The Kenyan delegation included A and B": of the state _side_named finds.
    r"|^\W*the\s+[A-Z][\w'’-]+\s+(?:delegation|side)\s",
    re.IGNORECASE,
)
_PRONOUN_OR_DELEGATION = re.compile(
    r"^\W*(?:(?:he|she)\s|(?P<delegation>(?:the|his|her|their)\s+delegation\s))", re.IGNORECASE
)
# The passive cue's sentence is about the meeting told before: "The meeting was attended by",
# "On the US side, the talks were attended by", "Attending the meeting were".
_REFERS_BACK_AT = re.compile(
    r"^(?:[^.;:]{0,40},\s*)?(?:(?:(?:the|this|these|both|all)\s+(?:[\w-]+\s+){0,2})?(?:meeting|talks|audience|session|ceremony|"
    r"call|conversation|reception|discussions?|consultations|(?P<plural>meetings|audiences|sessions|calls|conversations))"
    r"[\s,]|attending\s|also\s+attending\s|in\s+attendance\s|also\s+in\s+attendance\s|(?:also\s+)?taking\s+part\s|"
    r"also\s+at\s)",
    re.IGNORECASE,
)
# "attended all three meetings", "who attended both meetings": every meeting of a round-up.
_ATTENDED_SEVERAL = WordPattern(
    r"\b(?:attended|joined|took part in|participated in)\s+(?:both|all(?:\s+the)?(?:\s+(?:two|three|four|five))?|"
    r"the\s+(?:two|three|four|five))\s+(?P<plural>meetings|audiences|talks|calls)\b",
    needs=("meetings", "audiences", "talks", "calls"),
)
_COUNT_WORDS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}
# "was in 2011, when Noda hosted Lee in Kyoto": a meeting of another year.
_YEAR_WHEN_BEFORE = WordPattern(r"\bin\s+(?:19|20)\d\d,?\s+when\s+(?:[\w'’.-]+\s+){0,6}$", needs=("when",))
# "The meeting between the ministers ...": the people of a meeting told before, not named again.
_BETWEEN_THE_GROUP = re.compile(
    r"\s+(?:the|both)\s+(?:two\s+)?(?:[a-z]+\s+)?(?:chancellors|ministers|leaders|presidents|premiers|sides|"
    r"delegations|countries|envoys|diplomats)\b"
)
# "received him", "hosted her": the one received named before.
_OBJECT_PRONOUN = re.compile(r"\s+(?:him|her)\b")
# A meeting that did not happen, or was only planned: its place and day are not the one told.
_NOT_HELD = re.compile(
    r"\b(?:did not take place|didn't take place|never took place|was (?:cancell?ed|called off|postponed)|"
    r"fell through|had been (?:due|scheduled|planned|expected|set) to)\b",
    re.IGNORECASE,
)
_THE_MEETING = WordPattern(
    r"\b(?:the|this) (?:meeting|talks|conversation|call|negotiations|discussions|consultations)\b"
)
_SAME_DAY = WordPattern(
    r"\b(?:the same day|that same day|on the same day|later (?:that|the same|in the) day|earlier (?:that|in the) day|"
    r"later that (?:evening|afternoon|morning))\b"
)
# A meeting noun with a determiner refers to a meeting already told: "at the meeting with Li".
_REFERS_BACK = WordPattern(r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+){0,2}$")
# "during his first trip since taking office last month": the start of an office, not the meeting.
_SINCE_LAST_SOURCE = r"\bsince\b[^,;.]{0,50}?\blast\s+(?:year|month)\b"
_SINCE_LAST = re.compile(_SINCE_LAST_SOURCE, re.IGNORECASE)
_FIRST_SINCE = WordPattern(r"\bfirst\b.*\bsince\s+(?:19|20)\d\d\b|" + _SINCE_LAST_SOURCE)
# "less than two weeks after Erdogan met Putin in Sochi": an earlier encounter ("two days after"
# tells a recent one, still news).
_TIME_AFTER_BEFORE = WordPattern(
    r"\b(?:weeks?|months?|years?)\s+after\s+(?:[\w'’.-]+\s+){0,5}$", needs=("after",)
)


@dataclass
class Candidate:
    """A meeting being built: people plus where in the text it was reported."""

    principals: list[Person]
    sentence: Sentence
    trigger_start: int  # offset in the sentence text
    kind: str
    hosts: set[int] = field(default_factory=set)  # id() of host principals
    visitors: set[int] = field(default_factory=set)
    attendees: list[Person] = field(default_factory=list)
    date: object = None  # FoundDate
    place: str | None = None
    location_country: str | None = None
    context_event: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    # Later sentences that say what was discussed ("The sides discussed ..."): topics only.
    topic_sentences: list[Sentence] = field(default_factory=list)
    # id() of an attendee "accompanied by" the subject -> that principal, whose side they are on.
    companion_of: dict[int, Person] = field(default_factory=dict)
    # The people of the meeting told before, received together by another ("received the two
    # ministers"): a meeting of its own, never one told before.
    regrouped: bool = False


@dataclass
class Dateline:
    city: str | None
    country: str | None
    date: dt.date | None


@functools.lru_cache(maxsize=1)
def _agencies() -> tuple[tuple[str, str], ...]:
    """(folded written form, home state), longer names first so "Saudi Press Agency" is tried before "SPA"."""
    rows = [(fold(written).casefold(), iso2) for written, iso2 in home_countries().items()]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def agency_country(source: str | None, text: str, dateline_country: str | None = None) -> str | None:
    """The home state of the reporting agency: from Document.source, else from an agency name
    written near the top ("(APP)", "/TASS/", "(Yonhap)") or in the signature at the end. A name
    two agencies share (APA: Baku's and Dakar's) gives the state of the dateline if it is one of
    theirs, else none."""
    return find_outlet(source, text, dateline_country)[1]


def find_outlet(
    source: str | None, text: str, dateline_country: str | None = None
) -> tuple[bool, str | None]:
    """(whether the article names its outlet, the outlet's home state): see agency_country.
    International wires ("(AP)", "Reuters") are named but have no home state."""
    if source:
        found = _agency_in_source(source)
        return True, _home_state(found, dateline_country) if found else None
    head_and_tail = text[:400] + "\n" + text[-200:]
    long_names, short_names, countries = _agency_patterns()
    match = long_names.search(head_and_tail)
    if match:
        return True, _home_state(countries[match.group(1)], dateline_country)
    for match in short_names.finditer(head_and_tail):
        name = next(group for group in match.groups() if group)
        if name in countries:
            return True, _home_state(countries[name], dateline_country)
    return False, None


def _home_state(states: str, dateline_country: str | None) -> str | None:
    """ "AZ" -> "AZ"; "AZ|SN" (a name two agencies share) -> the dateline's state if listed; ""
    (an international wire) -> None."""
    if "|" not in states:
        return states or None
    return dateline_country if dateline_country in states.split("|") else None


@functools.lru_cache(maxsize=256)
def _agency_in_source(source: str) -> str | None:
    value = fold(source).casefold()
    for name, iso2 in _agencies():
        if re.search(r"(?<![a-z])" + re.escape(name) + r"(?![a-z])", value):
            return iso2
    return None


@functools.lru_cache(maxsize=1)
def _agency_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Agency names as written (case counts: "Trend" the agency, not "trend" the word). Short
    acronyms count only inside brackets or slashes ("(APP)", "/TASS/"), opening a signature, or set
    off by a dash: "NNA - Prime Minister ...", "Baghdad - INA", "Riyadh, November 12, 2023, SPA --"."""
    countries = {spelling.written: spelling.country or "" for spelling in agency_spellings()}
    long_names = sorted((n for n in countries if len(n) > 3), key=len, reverse=True)
    long_pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in long_names) + r")(?!\w)" if long_names else "(?!)"
    )
    short_pattern = re.compile(
        r"[(/]([A-Za-z]{2,3})[)/]|^([A-Z]{2,3})(?:/|$|[ \t]*(?:--|[-–—])\s)"
        r"|[ \t](?:--|[-–—])[ \t]*([A-Z]{2,3})[ \t]*$|,[ \t]([A-Z]{2,3})[ \t]*(?:--|[-–—])\s",
        re.M,
    )
    return long_pattern, short_pattern, countries


def header_date(text: str, title: str | None) -> dt.date | None:
    """A publication date written above the story ("04 MAY 2023, 20:31", "2022-07-18 22:10")."""
    for chunk in (text[:300], title or ""):
        for found in find_dates(chunk, None):
            if found.precision == PRECISION_DAY:
                return found.date
    return None


# A dateline's date up to this many days before publication (or one after, across time zones) is
# the day the story was filed: a page or feed often carries a later date than the story (the next
# day's, or the day an archive page was scraped), and the story's "yesterday" is the day before it
# was filed. Beyond a year the dateline is more likely misread than the page's date wrong.
_FILING_DAYS_BEFORE = 366


def filing_date(published: dt.date | None, dateline: dt.date | None) -> dt.date | None:
    """The day "today", "yesterday" and "on Monday" count from: the dateline's date when it is at
    most a year before the publication date or a day after it ("MANAMA, May 13 (BNA) -- ...
    received today" on a page of May 14 is May 13), else the publication date."""
    if published is None:
        return dateline
    if dateline is not None and -1 <= (published - dateline).days <= _FILING_DAYS_BEFORE:
        return dateline
    return published


def find_dateline(sentences: list[Sentence], published: dt.date | None) -> Dateline:
    """ "BAKU, November 12 (AzerTac) -", "Doha: ...", "PANAJI /India/, May 4. /TASS/." near the top."""
    for sentence in sentences[:8]:
        match = P.DATELINE.match(sentence.text)
        if not match:
            continue
        head_end = sentence.start + match.end() + 30
        places = [i for i in sentence.items if i.start < head_end and i.kind in (KIND_CITY, KIND_COUNTRY)]
        if not places:
            continue
        first = places[0]
        if first.start > sentence.start + match.end() + 12:
            continue
        dates = find_dates(sentence.text[: match.end() + 24], published)
        date = dates[0].date if dates and dates[0].start < 40 else None
        if first.kind == KIND_CITY:
            return Dateline(
                city=first.text.title() if first.text.isupper() else first.text,
                country=first.value,
                date=date,
            )
        return Dateline(city=match.group("city").strip().title(), country=first.value, date=date)
    return Dateline(None, None, None)


_VISIT = re.compile(r"\bvisit\b", re.I)
# "at State House, Dar es Salaam": the city after a named venue and a comma.
_AT_VENUE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?:(?:[A-Z][\w'’.-]*|of|the|de|al)\s+){0,5}[A-Z][\w'’.-]*,\s*$"
)
_COMPANION_CUE = re.compile(r"accompanied|joined|flanked", re.I)
# "The spokesperson announced that Wang Yi had met Iwaya on Saturday": a report of recent news in
# the past perfect of reported speech (P.REPORTED_THAT), not background.
_RECENT_DAY = WordPattern(
    r"\b(?:yesterday|today|earlier today|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    needs=("day",),
)


def _reported_recently(text: str, trigger_start: int) -> bool:
    """A past perfect that tells recent news: "A had met B on Sunday", "the ministry said A had held
    talks with B yesterday". Background has no such day ("the two had met in 2019")."""
    return bool(_RECENT_DAY.search(text, trigger_start))


# A meeting verb in its base form, and a plan told earlier in the sentence that it may belong to.
_BASE_FORM = re.compile(r"(?:hold|meet|receive|host|have|sit|pay|talk|speak|visit)\b", re.IGNORECASE)
_PLAN_EARLIER = WordPattern(
    r"\b(?:will|would|shall|(?:is|are|was|were)\s+(?:expected|due|set|scheduled|slated|to)|plans?\s+to|"
    r"intends?\s+to|going\s+to)\b"
)
# "here" as agencies write it of their dateline's city: "held talks here on Monday".
_HERE = re.compile(r"\bhere\b(?!\s+(?:is|are|was|were)\b)", re.IGNORECASE)
# A journey told in the future or present, for the talks that follow.
_TRAVEL_PLAN_BEFORE = WordPattern(
    r"\b(?:(?:will|shall|to)\s+(?:travel|fly|go|head|leave)|(?:is|are)\s+(?:travel(?:l)?ing|flying|going|heading)|"
    r"travels|flies|heads|leaves)\b[^.;]{0,60}?\bfor\s+(?:[\w-]+\s+){0,2}$"
)
# The people of the meeting told last, named again as a group: "received the two ministers".
_THE_TWO = re.compile(
    r"\s+(?:with\s+)?(?:the|both)\s+(?:two\s+|three\s+|visiting\s+)*(?:foreign\s+|defen[cs]e\s+)?"
    r"(?:ministers|leaders|presidents|prime ministers|delegations|envoys|diplomats|heads of state)\b"
    r"(?!\s+of\b)",  # "the foreign ministers of A and B" are others
    re.IGNORECASE,
)
# A journey on after the meeting: the place that follows is not where it was.
_ONWARD_TO = WordPattern(
    r"\b(?:travelling|traveling|travelled|traveled|heading|headed|flying|flew|leaving|left|departing|departed|"
    r"continuing|went|going|on (?:his|her|their) way|en route)\s+(?:on\s+)?(?:to|for)\b",
    needs=(" to ", " for "),
)
# What follows these tells of another event: "held talks ..., ahead of a summit planned for May".
_ANOTHER_EVENT_AFTER = WordPattern(
    r"\b(?:ahead of|in preparation for|in the run-up to|in advance of|to prepare for)\b",
    needs=("ahead", "prepar", "run-up", "advance"),
)
_OWN_ENCOUNTER = re.compile(r"\b(?:his|her)\s+(?:\w+\s+)?$", re.I)
_TOOK_PART = WordPattern(
    r"\b(?:took part|takes part|participated|participates)\s+(?:(?:on|last) \w+\s+|today\s+|yesterday\s+)?in\b",
    needs=("part",),
)
_THE_GATHERING = re.compile(r"(?:The|This) (?:meeting|summit|gathering|talks|conference|forum|session)\b")
_DELIVERED_BY = re.compile(r"\b(?:delivered|handed over|handed|conveyed|passed on|carried)\s+by\b", re.I)
# "received a phone call from B", "received today a telephone call from B".
_RECEIVED_CALL = re.compile(
    r"\s*(?:(?:today|yesterday|tonight|on \w+)\s+)?(?:a|an)?\s*(?:\w+\s+)?(?:(?:tele)?phone )?call", re.I
)
# "handed him a written message from His Highness the Amir of Kuwait, Sheikh X": the sender,
# named after a long style and office, is not there.
_SENDER_OF_MESSAGE = WordPattern(
    r"\b(?:message|letter)\s+(?:to\s+(?:[\w'’.-]+,?\s+){1,8}?)?from\s+"
    r"(?:(?!to\b|and\b|who\b|which\b|during\b|at\b)[\w'’.-]+,?\s+){0,8}$",
    needs=("message", "letter"),
)
# "his counterpart B, who is part of the delegation accompanying the French President": the one
# accompanied is elsewhere in the story, not at this meeting.
_ACCOMPANYING = WordPattern(
    r"\b(?:accompanying|escorting)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", needs=("accompanying", "escorting")
)
_CALLED_ON = re.compile(r"call(?:ed|s) on$", re.I)
_URGED_TO = re.compile(r"\bto\s+(?!the\b|a\b|an\b|his\b|her\b|their\b)[a-z]+")


class MeetingAssembler:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        # Per sentence, for one article: its usable triggers, and the starts of all its triggers,
        # usable or not (a plan after a meeting, "met A and will meet B", ends the people that
        # meeting can take).
        self._trigger_cache: dict[int, tuple[list[tuple[int, int, str]], list[int]]] = {}
        # The principals of the meeting told last, whom "the two ministers" may name again.
        self._last_principals: list[Person] = []
        # The two people an opening sentence joined ("A and B agreed ..."), before any meeting.
        self._opening_pair: list[Person] = []
        self._sentences: list[Sentence] = []
        # The organizations the article names, in order, found when a bare office needs one.
        self._article_organizations: list[OrganizationEntry] | None = None
        self._headline: str | None = None
        self._outlet_named = False
        # The people of the meetings held in the dateline's state: travellers, not its officials.
        self._met_at_dateline: set[int] = set()
        self._headline_state_list: list[str] | None = None
        self._state_counts: dict[str, int] | None = None

    def assemble(
        self,
        text: str,
        published: dt.date | None,
        source: str | None,
        title: str | None = None,
        dateline_place: str | None = None,
        dateline_date: dt.date | None = None,
    ) -> list[Meeting]:
        reader = SentenceReader(self.gazetteer)
        registry = PersonRegistry()
        from .tokens import sentence_spans

        sentences = self._sentences = [reader.read(text, start, end) for start, end in sentence_spans(text)]
        self._headline = title
        for sentence in sentences:
            for mention in sentence.mentions:
                registry.resolve(mention)
        published = published or header_date(text, title)
        dateline = find_dateline(sentences, published)
        if dateline.country is None and dateline_place:
            dateline = self._place_dateline(dateline_place, dateline)
        reference_date = filing_date(published, dateline_date or dateline.date)
        self._outlet_named, home = find_outlet(source, text, dateline.country)

        candidates: list[Candidate] = []
        last_subject: Person | None = None
        lead = Candidate([], sentences[0], 0, KIND_IN_PERSON) if sentences else None
        # "X took part in the summit, ..." followed by "The meeting gathered A, B and C": X too.
        took_part: Person | None = None
        for sentence in sentences:
            if sentence is sentences[0] and len(sentences) > 1 and _title_case_headline(sentence.text):
                # "PCS Mudavadi Holds Phone Call With US Secretary Of State Blinken": its capitals read
                # as names, and the story below tells the meeting.
                continue
            if candidates and self._attach_followup(sentence, candidates, reference_date):
                took_part = None
                continue
            new = self._candidates(sentence, last_subject, registry, reference_date)
            if (
                new
                and took_part is not None
                and _THE_GATHERING.match(sentence.text)
                and not any(p is took_part for p in new[0].principals)
            ):
                new[0].principals.insert(0, took_part)
            took_part = None if new else _participant_of_gathering(sentence)
            if not candidates and lead is not None and self._triggers(sentence):
                # A lead that announces meetings without naming both sides ("held a series of
                # bilateral meetings in Goa on the sidelines of ...") still sets place, date and context.
                self._place_and_context(sentence, lead)
                if lead.date is None:
                    lead.date = self._usable_date(sentence, reference_date)
            if new and candidates and _SAME_DAY.search(sentence.text):
                # "The same day, the president met ...": the day of the meeting told before.
                for candidate in new:
                    if candidate.date is None or candidate.date.basis != DATE_EXPLICIT:
                        candidate.date = candidates[-1].date
            if not new and candidates and has_topic_cue(sentence.keys):
                last = candidates[-1]
                if not any(s is sentence for s in last.sentences):
                    last.topic_sentences.append(sentence)
            for candidate in new:
                merged = self._merge(candidate, candidates)
                if not merged:
                    candidates.append(candidate)
                last_subject = candidate.principals[0]
                self._last_principals = candidate.principals
                self._opening_pair = []
            if not new:
                # "X met on Saturday with leaders attending the summit. His Royal Highness met with
                # Y": a meeting without a named counterpart still says who "he" is; so does the
                # subject of an opening sentence ("X arrived in Beijing on Saturday. He met Y").
                last_subject = (
                    self._subject_of_trigger(sentence)
                    or last_subject
                    or (_opening_subject(sentence) if not candidates else None)
                )
                if not candidates and (pair := _opening_pair(sentence)):
                    # "A and B agreed on Thursday ... The two leaders held talks": the pair.
                    self._opening_pair = pair

        if lead is not None and lead.date is not None:
            for candidate in candidates:
                candidate.date = candidate.date or lead.date
        leads = ([lead] if lead is not None else []) + candidates
        self._met_at_dateline = {
            id(person)
            for candidate in candidates
            if candidate.kind == KIND_IN_PERSON and candidate.location_country == dateline.country
            for person in candidate.principals
        }
        article_context = next((c.context_event for c in leads if c.context_event), None)
        article_place = next(((c.place, c.location_country) for c in leads if c.location_country), None)
        if article_place is None:
            article_place = _arrival_place(sentences, candidates[0].sentence if candidates else None)
        meetings = []
        for candidate in candidates:
            meetings.append(
                self._finish(
                    candidate, reference_date, published, dateline, home, article_context, article_place
                )
            )
        return meetings

    def _subject_of_trigger(self, sentence: Sentence) -> Person | None:
        """The person named nearest before the first usable trigger of a sentence: "With B, the
        president discussed ..." is the president's."""
        triggers = self._triggers(sentence)
        if not triggers:
            return None
        first = sentence.start + triggers[0][0]
        nearest = None
        for mention in sentence.mentions:
            if mention.start >= first:
                break
            if mention.person is not None and mention.person.evidence:
                nearest = mention.person
        return nearest

    def _usable_date(self, sentence: Sentence, reference: dt.date | None):
        """The date of the first trigger of a sentence, unless it says background or a plan."""
        triggers = self._triggers(sentence)
        if not triggers:
            return None
        found = meeting_date(sentence.text, triggers[0][0], reference)
        if found is None or reference is None:
            return found
        if (found.date - reference).days > 1:
            return None
        if found.basis == DATE_EXPLICIT and (reference - found.date).days > _BACKGROUND_DAYS:
            return None
        return found

    def _place_dateline(self, place: str, dateline: Dateline) -> Dateline:
        from .tokens import phrase_keys

        phrase = self.gazetteer.phrases.get(phrase_keys(place))
        if phrase is not None and phrase.kind in (KIND_CITY, KIND_COUNTRY):
            return Dateline(place, phrase.value, dateline.date)
        return dateline

    # --- candidates from one sentence ----------------------------------------------------------
    def _triggers(self, sentence: Sentence) -> list[tuple[int, int, str]]:
        return self._trigger_scan(sentence)[0]

    def _trigger_scan(self, sentence: Sentence) -> tuple[list[tuple[int, int, str]], list[int]]:
        cached = self._trigger_cache.get(id(sentence))
        if cached is not None:
            return cached
        result = ([], []) if sentence.keys.isdisjoint(P.TRIGGER_KEYS) else self._find_triggers(sentence)
        self._trigger_cache[id(sentence)] = result
        return result

    def _find_triggers(self, sentence: Sentence) -> tuple[list[tuple[int, int, str]], list[int]]:
        """The usable triggers of a sentence, and the starts of all its triggers."""
        found = []
        keys = sentence.keys
        for (pattern, style), needed in zip(P.TRIGGERS, P.TRIGGER_KEYWORDS, strict=True):
            if keys.isdisjoint(needed):
                continue
            for match in pattern.finditer(sentence.text):
                found.append((match.start(), match.end(), style))
        found.sort(key=lambda t: (t[0], -t[1]))
        kept: list[tuple[int, int, str]] = []
        for start, end, style in found:
            if kept and start < kept[-1][1]:
                continue
            kept.append((start, end, style))
        usable = []
        adverbial = [
            P.ADVERBIAL_MEETING.match(sentence.text, start, end) is not None for start, end, _ in kept
        ]
        for index, (start, end, style) in enumerate(kept):
            if adverbial[index] and not all(adverbial):
                # "A last met B in Almaty at talks hosted by ...", "In a separate meeting, A
                # received B": the sentence's other trigger tells this encounter, and whether it is
                # news.
                continue
            before = sentence.text[max(0, start - 45) : start]
            after = sentence.text[end : end + 80]
            if P.FUTURE_BEFORE.search(before):
                continue
            if _YEAR_WHEN_BEFORE.search(sentence.text, max(0, start - 80), start):
                continue  # "was in 2011, when Noda hosted Lee in Kyoto": background
            if _TIME_AFTER_BEFORE.search(before):
                continue
            if _TRAVEL_PLAN_BEFORE.search(sentence.text, max(0, start - 90), start):
                continue  # "will travel to Bucharest on Thursday for talks with B"
            if _BASE_FORM.match(sentence.text, start) and _PLAN_EARLIER.search(sentence.text, 0, start):
                continue  # "is expected to call on A and hold talks with B": the second verb is planned too
            if any(
                session.end() > start
                for session in _INTERNAL_SESSION.finditer(sentence.text, max(0, start - 30), end)
            ):
                continue  # "held a Security Council meeting": a government's own session
            past = P.BACKGROUND_BEFORE.search(before)
            if past and not (
                past.group().lower().startswith("had") and _reported_recently(sentence.text, start)
            ):
                continue
            background = P.BACKGROUND_AFTER.search(after)
            if background and not _FIRST_SINCE.search(background.group()):
                continue
            if sentence.text[start:end].lower().endswith("ing") and P.GERUND_BEFORE.search(before):
                continue
            # "during their meeting" goes on telling the same encounter: the clause runs through it.
            following = next(
                (s for (s, _, _), told in zip(kept, adverbial, strict=True) if s >= end and not told),
                len(sentence.text),
            )
            clause = _SINCE_LAST.sub("", sentence.text[end:following].split(";", 1)[0])
            if (another := _ANOTHER_EVENT_AFTER.search(clause)) is not None:
                clause = clause[: another.start()]  # "ahead of a summit planned for May": that is planned
            if P.LATER_BACKGROUND_OR_PLAN.search(clause):
                continue
            if adverbial[index] and P.PLAN_AFTER_ADVERBIAL.search(sentence.text, end):
                continue
            usable.append((start, end, style))
        return usable, [start for start, _, _ in kept]

    def _candidates(
        self,
        sentence: Sentence,
        last_subject: Person | None,
        registry: PersonRegistry,
        reference: dt.date | None,
    ) -> list[Candidate]:
        text = sentence.text
        triggers = self._triggers(sentence)
        if not triggers or P.SUMMONS.search(text):
            return []
        background = P.SENTENCE_BACKGROUND.search(text)
        if background and not (
            background.group().lower().startswith("had") and _reported_recently(text, triggers[0][0])
        ):
            return []
        date = meeting_date(text, triggers[0][0], reference)
        if (
            date
            and reference
            and date.basis == DATE_EXPLICIT
            and (reference - date.date).days > _BACKGROUND_DAYS
        ):
            return []
        if date and reference and (date.date - reference).days > 1:
            return []  # a date after publication is a plan

        attendee_spans = self._attendee_spans(sentence)
        source_spans = _source_spans(text, sentence.keys, triggers[0][0], triggers[-1][1])
        names = [
            (m.start - sentence.start, m.end - sentence.start) for m in sentence.mentions if m.kind == "name"
        ]
        people: list[tuple[int, Person, bool]] = []  # (offset in sentence, person, attendee?)
        pronoun_before_first = False
        accompanying: set[int] = set()  # ids of the subject's companions ("X, accompanied by Y, met Z")
        for mention in sentence.mentions:
            offset = mention.start - sentence.start
            if mention.kind == "pronoun":
                if offset < triggers[0][0]:
                    pronoun_before_first = True
                continue
            person = mention.person
            if person is None:
                continue
            if not person.evidence and not (
                len(person.words) >= 2
                and _beside_trigger(offset, mention.end - sentence.start, text, triggers, names)
            ):
                continue
            preceding = text[max(0, offset - 45) : offset]
            if (
                P.ABSENT_BEFORE.search(preceding)
                or _SENDER_OF_MESSAGE.search(text, max(0, offset - 100), offset)
                or _ACCOMPANYING.search(preceding)
            ):
                continue
            if _ADDRESSEE_OF_MESSAGE.search(text, max(0, offset - 140), offset):
                continue
            if mention.end - sentence.start < len(text) and _SENDER_OF.match(
                text, mention.end - sentence.start
            ):
                continue  # "Pope Francis' representative in Peru": the one represented is not there
            if source_spans and any(start <= offset < end for start, end in source_spans):
                continue
            span = (
                next(
                    (
                        span
                        for span in attendee_spans
                        if span[0] <= offset < span[1] and not _CLAUSE_BREAK.search(text[span[0] : offset])
                    ),
                    None,
                )
                if attendee_spans
                else None
            )
            attendee = span is not None or _absolute_with(text, offset, mention.end - sentence.start)
            if any(p is person for _, p, _ in people):
                continue
            if span is not None and span[2] and span[0] < triggers[0][0]:
                accompanying.add(id(person))
            people.append((offset, person, attendee))

        kind = KIND_IN_PERSON
        if P.VIDEO_CUE.search(text):
            kind = KIND_VIDEO_CALL
        elif P.PHONE_CUE.search(text):
            kind = KIND_PHONE_CALL

        first_start = triggers[0][0]
        subject = [p for offset, p, attendee in people if offset < first_start and not attendee]
        telling_ends = [match.end() for match in P.REPORTED_SAID.finditer(text, 0, first_start)]
        if "that" in text[:first_start]:
            telling_ends += [match.end() for match in P.REPORTED_THAT.finditer(text, 0, first_start)]
        if telling_ends:
            # "The spokesperson Lin Jian announced that Wang Yi met ...": the source is not there.
            told_from = max(telling_ends)
            told = [p for offset, p, attendee in people if told_from <= offset < first_start and not attendee]
            subject = told or subject
        if text.startswith("With ") and (comma := text.find(",", 0, first_start)) > 0:
            # "With B, the president discussed ...": B is the one met, the subject comes after.
            met = [p for offset, p, attendee in people if offset < comma and not attendee]
            subject = [p for p in subject if not any(p is m for m in met)] + met
        if not subject and self._opening_pair and _THE_TWO_SUBJECT.match(text, 0, first_start):
            # "The two leaders held talks ..." before any meeting was told: the pair the story opened
            # with. After one, the sentence goes on telling it.
            subject = list(self._opening_pair)
        if (
            not subject
            and last_subject is not None
            and (
                pronoun_before_first
                or (triggers[0][2] == P.STYLE_NOUN and _OPENS_WITH_THE_TALKS.fullmatch(text, 0, first_start))
            )
        ):
            # "He met ...", "Talks with B focused on ...": the person the article is following.
            subject = [last_subject]
        attendees = [p for _, p, attendee in people if attendee]
        companion_of = {id(p): subject[0] for p in attendees if id(p) in accompanying} if subject else {}
        split = bool(P.SPLIT_OBJECTS.search(text))
        stops = sorted(
            {
                *self._trigger_scan(sentence)[1],
                *(
                    m.start()
                    for m in P.OTHER_ENCOUNTER.finditer(text)
                    if not (
                        m.group().lower() == "visit"
                        and P.VISIT_NOUN_BEFORE.search(text, max(0, m.start() - 30), m.start())
                    )
                ),
            }
        )

        clause_subjects = _clause_subjects(text, triggers, people) if len(triggers) > 1 else {}
        candidates = []
        for index, (start, end, style) in enumerate(triggers):
            trigger_kind = kind
            if kind != KIND_IN_PERSON and len(triggers) > 1:
                trigger_kind = _kind_of_trigger(text, triggers, index, kind)
            stop = next((s for s in stops if s >= end), len(text))
            if index + 1 in clause_subjects:
                stop = min(stop, clause_subjects[index + 1][0])
            placed = [
                (offset, p)
                for offset, p, attendee in people
                if end <= offset < stop and not attendee and not any(p is s for s in subject)
            ]
            objects = [p for _, p in placed]
            between = text[end : min(stop, end + 80)]
            if not objects and style == P.STYLE_HOST and _OBJECT_PRONOUN.match(between):
                him = _received_him(sentence, start, subject, last_subject)  # "B received him"
                if him is not None:
                    objects = [him]
            if style == P.STYLE_HOST and (
                P.RECEIVED_THING.match(between) or P.POSSESSED_THING.match(between)
            ):
                delivered = _DELIVERED_BY.search(text, end, stop)
                if _RECEIVED_CALL.match(between):
                    trigger_kind = KIND_PHONE_CALL
                elif delivered:
                    # "received a written message from B, delivered by C": C was received.
                    objects = [p for offset, p in placed if offset >= delivered.end()]
                else:
                    continue
            if text[end - 7 : end].lower() == "between" and _BETWEEN_THE_GROUP.match(text, end):
                continue  # "The meeting between the chancellors ... tensions between A and B": told before
            if _CALLED_ON.match(text[start:end]) and _URGED_TO.search(text, end, min(stop, end + 120)):
                continue  # "called on Prime Minister B to allow aid in": an appeal, not a visit
            if P.WEAK_TRIGGER.match(text[start:end]):
                if objects and " with " not in text[end : text.find(" ", end + 1) + 120]:
                    objects = []
                if not objects and len(subject) < 2:
                    continue
            regrouped = False
            if (
                not objects
                and self._last_principals
                and style in (P.STYLE_HOST, P.STYLE_MEET)
                and _THE_TWO.match(text, end)
            ):
                # "Tokayev received the two ministers at his residence": the two who met before.
                objects = [p for p in self._last_principals if not any(p is s for s in subject)]
                regrouped = True
            own_subject = clause_subjects[index][1] if index in clause_subjects else subject
            if not own_subject and style == P.STYLE_NOUN and _OWN_ENCOUNTER.search(text, 0, start):
                # "The message was received by X during his meeting with Y": "his" is X.
                before = [p for offset, p, attendee in people if offset < start and not attendee]
                own_subject = before[-1:]
            groups = [[o] for o in objects] if split and len(objects) > 1 else [objects]
            for group in groups:
                principals = _unique(own_subject + group)
                if len(principals) < 2:
                    continue
                candidate = Candidate(
                    principals=principals,
                    sentence=sentence,
                    trigger_start=start,
                    kind=trigger_kind,
                    attendees=[a for a in attendees if not any(a is p for p in principals)],
                    date=date,
                    sentences=[sentence],
                    companion_of=companion_of,
                    regrouped=regrouped,
                )
                if style == P.STYLE_HOST:
                    candidate.hosts = {id(p) for p in own_subject}
                    candidate.visitors = {id(p) for p in group}
                elif style == P.STYLE_GUEST:
                    candidate.visitors = {id(p) for p in own_subject}
                    candidate.hosts = {id(p) for p in group}
                self._place_and_context(sentence, candidate)
                candidates.append(candidate)
        return candidates

    def _attendee_spans(self, sentence: Sentence) -> list[tuple[int, int, bool]]:
        """Where the people named after "in the presence of", "accompanied by", ... stand: up to the
        end of the clause, and never past the next trigger ("X, accompanied by Y, met Z": Z is the
        other side). A cue that opens the sentence ("Accompanied by Y and W, X met Z") names its
        people up to the last comma before the trigger; the subject follows that comma. The flag says
        whether the cue makes companions ("accompanied by", "joined by", "flanked by")."""
        text = sentence.text
        cues = list(P.ATTENDEE_CUE.finditer(text))
        if not cues:
            return []
        trigger_starts = self._trigger_scan(sentence)[1]
        first_person = min(
            (
                m.start - sentence.start
                for m in sentence.mentions
                if m.person is not None and m.person.evidence
            ),
            default=len(text),
        )
        spans = []
        for match in cues:
            start = match.end()
            end = min(start + 160, next((s for s in trigger_starts if s >= start), len(text)))
            if match.start() < first_person and end < len(text):
                comma = text.rfind(",", start, end)
                if comma != -1:
                    end = comma
            spans.append((start, end, bool(_COMPANION_CUE.match(match.group()))))
        return spans

    def _place_and_context(self, sentence: Sentence, candidate: Candidate, strict: bool = False) -> None:
        """Place, country and context event of a meeting from one sentence. `strict` is for sentences
        that only talk about a meeting ("During the meeting, ... workers in Malaysia"): there a bare
        "in <country>" is what was discussed, and only "held in <country>" counts."""
        text = sentence.text
        country_cue = _HELD_IN if strict else _IN_COUNTRY
        for item in sentence.items:
            if item.kind != KIND_CITY and item.kind != KIND_COUNTRY:
                continue
            offset = item.start - sentence.start
            before = text[max(0, offset - 40) : offset]
            if candidate.trigger_start < offset and _ONWARD_TO.search(
                text, max(candidate.trigger_start, offset - 60), offset
            ):
                continue  # "met B before travelling on to the West Bank city of Ramallah": the next stop
            if _PAST_AFTER_PLACE.match(text, item.end - sentence.start) or _PLAN_BEFORE_PLACE.search(
                text, max(0, offset - 80), offset
            ):
                continue
            if (
                item.kind == KIND_CITY
                and (P.IN_PLACE.search(before) or _AT_VENUE.search(before))
                and not _TOPIC_IN.search(before)
            ):
                candidate.place, candidate.location_country = item.text, item.value
                break
            if item.kind != KIND_COUNTRY:
                continue
            if (
                not item.demonym
                and (country_cue.search(before) or not strict and P.VISIT_TO.search(before[-30:]))
                and not _TOPIC_IN.search(before)
            ):
                candidate.location_country = candidate.location_country or item.value
            elif (
                item.demonym
                and P.DEMONYM_PLACE_AFTER.match(text, item.end - sentence.start)
                and P.DEMONYM_PLACE_BEFORE.search(before)
            ):
                # "in the Indian state of Goa", "in the Saudi capital", "the southern Kazakh city"
                candidate.location_country = candidate.location_country or item.value
        if candidate.place is None:
            for item in sentence.items:
                if item.kind != KIND_ORG:
                    continue
                near = text[max(0, item.start - sentence.start - 30) : item.end - sentence.start + 20]
                if P.HEADQUARTERS.search(near):
                    candidate.place = f"{item.value.label()} headquarters"
                    hq = getattr(item.value, "headquarters", None)
                    if hq and candidate.location_country is None:
                        candidate.location_country = hq
                    break
        event = context_event_of(text, sentence.keys)
        if event:
            candidate.context_event = event

    def _merge(self, candidate: Candidate, existing: list[Candidate]) -> bool:
        if candidate.regrouped:
            return False
        ids = {id(p) for p in candidate.principals}
        for other in reversed(existing):
            other_ids = {id(p) for p in other.principals}
            if ids < other_ids and _another_encounter(candidate, other):
                continue  # "Before the summit, A held a bilateral meeting with B"
            if len(ids & other_ids) >= 2 and (
                ids <= other_ids or other_ids <= ids or len(ids & other_ids) >= 3
            ):
                for person in candidate.principals:
                    if id(person) not in other_ids:
                        other.principals.append(person)
                for person in candidate.attendees:
                    if not any(person is a for a in other.attendees):
                        other.attendees.append(person)
                other.place = other.place or candidate.place
                other.location_country = other.location_country or candidate.location_country
                other.context_event = other.context_event or candidate.context_event
                if other.date is None:
                    other.date = candidate.date
                if other.kind == KIND_IN_PERSON and candidate.kind != KIND_IN_PERSON:
                    other.kind = candidate.kind
                other.sentences.append(candidate.sentence)
                return True
        return False

    def _principal_before(self, sentence: Sentence, candidate: Candidate, cue_start: int) -> Person | None:
        """The candidate's principal the words before a cue name: by name or by a title that refers
        back; "he" or "she" is the first principal, "the delegation" the visitor's."""
        for mention in sentence.mentions:
            if mention.start - sentence.start >= cue_start:
                break
            if mention.person is not None and any(mention.person is p for p in candidate.principals):
                return mention.person
        if (opening := _PRONOUN_OR_DELEGATION.match(sentence.text)) and candidate.principals:
            if opening.group("delegation"):
                visitors = [p for p in candidate.principals if id(p) in candidate.visitors]
                return (visitors or candidate.principals[-1:])[0]
            return candidate.principals[0]
        return None

    def _attach_followup(
        self, sentence: Sentence, candidates: list[Candidate], reference: dt.date | None = None
    ) -> bool:
        """Sentences about a meeting already told: attendees ("X attended the meeting with Y",
        "X was present"), "The meeting took place on the margins of ..."."""
        last = candidates[-1]
        text = sentence.text
        if (
            sentence.keys.isdisjoint(P.TRIGGER_KEYS)
            and "attend" not in text
            and "present" not in text
            and "part" not in text
            and "accompanied" not in text
            and "included" not in text
            and "joined" not in text
            and "lso at the " not in text
            and "sat in" not in text
            and " room" not in text
            and "supported" not in text
            and "side included" not in text
        ):
            return False
        triggers = self._triggers(sentence)
        attendance = not sentence.keys.isdisjoint(_ATTENDANCE_KEYS) or "lso at the " in text
        companions = _ACCOMPANIED_AFTER.search(text) if not triggers else None
        lead = self._principal_before(sentence, last, companions.start()) if companions else None
        if companions and (lead is not None or _THE_GROUP.match(text)):
            # "The Prime Minister was accompanied by A and B", "The delegation included A": the people
            # after the cue came with a principal of the meeting told last, and are of that side.
            _add_attendees_after(sentence, last, companions.end(), lead, side_country=_side_named(sentence))
            return True
        if attendance and (passive := _ATTENDED_BY.search(text)) and (back := _REFERS_BACK_AT.match(text)):
            # "The meeting was attended by A and B", "Attending the talks were A and B": the people
            # after the cue attended the meeting told last ("The meetings were attended by": each of
            # the round-up's); "on the Russian side", of that state.
            told = _round_up(candidates, text[: back.end()]) if back.group("plural") else [last]
            for candidate in told:
                _add_attendees_after(sentence, candidate, passive.end(), side_country=_side_named(sentence))
            return True
        if attendance and not triggers and (several := _ATTENDED_SEVERAL.search(text)):
            # "Her deputy, X, attended all three meetings": the people before the cue.
            for candidate in _round_up(candidates, several.group()):
                _add_attendees_before(sentence, candidate, several.start())
            return True
        if (
            attendance
            and P.ATTENDEE_SENTENCE.search(text)
            and all(
                style == P.STYLE_NOUN and _REFERS_BACK.search(text[:start]) for start, _, style in triggers
            )
        ):
            # "was present at the meeting with Li": the meeting told before with that person.
            cut = triggers[0][0] if triggers else len(text)
            named_after = [
                m.person
                for m in sentence.mentions
                if m.person is not None and m.start - sentence.start >= cut
            ]
            target = last
            if named_after:
                target = next(
                    (
                        c
                        for c in reversed(candidates)
                        if any(p is q for p in named_after for q in c.principals)
                    ),
                    last,
                )
            _add_attendees_before(sentence, target, cut)
            return True
        if not triggers and (the_meeting := _THE_MEETING.search(text)):
            if _NOT_HELD.search(text):
                return False  # "had been due to meet in Hiroshima in May, but the meeting did not take place"
            if last.date is None and reference is not None:
                # "The meeting took place on May 10.": the day the meeting's own sentence did not
                # give. A written date, or a weekday told in the past tense ("The meeting took place
                # on Saturday"): "The talks will resume on Monday" is another day.
                found = meeting_date(text, the_meeting.start(), reference)
                if (
                    found is not None
                    and (found.basis == DATE_EXPLICIT or _TOOK_PLACE.search(text))
                    and 0 <= (reference - found.date).days <= _BACKGROUND_DAYS
                ):
                    last.date = found
            probe = Candidate([], sentence, 0, last.kind)
            self._place_and_context(sentence, probe, strict=True)
            last.context_event = last.context_event or probe.context_event
            if last.location_country is None and probe.location_country:
                last.place, last.location_country = probe.place, probe.location_country
            if P.VIDEO_CUE.search(text) and last.kind == KIND_IN_PERSON:
                last.kind = KIND_VIDEO_CALL
            elif P.PHONE_CUE.search(text) and last.kind == KIND_IN_PERSON:
                last.kind = KIND_PHONE_CALL
            last.sentences.append(sentence)
            return False  # it may still report another meeting
        return False

    # --- finishing -----------------------------------------------------------------------------
    def _finish(
        self,
        candidate: Candidate,
        reference: dt.date | None,
        published: dt.date | None,
        dateline: Dateline,
        home: str | None,
        article_context: str | None,
        article_place: tuple[str | None, str | None] | None,
    ) -> Meeting:
        meeting = Meeting(kind=candidate.kind)
        found = candidate.date
        if found is not None:
            meeting.date, meeting.date_end = found.date, found.date_end
            meeting.date_precision, meeting.date_basis = found.precision, found.basis
        elif reference is not None:
            meeting.date, meeting.date_precision, meeting.date_basis = (
                reference,
                PRECISION_DAY,
                DATE_PUBLICATION,
            )

        meeting.context_event = candidate.context_event or article_context
        if candidate.kind == KIND_IN_PERSON:
            place, country = candidate.place, candidate.location_country
            if country is None and dateline.country and _HERE.search(candidate.sentence.text):
                place, country = dateline.city, dateline.country  # "met here today": where the dateline is
            if country is None and article_place is not None:
                place, country = article_place
            if country is None and dateline.country:
                place, country = dateline.city, dateline.country
            if country is None:
                hosts = [p for p in candidate.principals if id(p) in candidate.hosts and p.country]
                if hosts:
                    country = hosts[0].country
            meeting.place, meeting.location_country = place, country

        principals = candidate.principals
        for person in (*principals, *candidate.attendees):
            if isinstance(person.org, OrganizationEntry):
                person.org = self.gazetteer.represented(person.org)
        # On the sidelines of a summit the venue's state is nobody's affiliation; during a visit to
        # it, it is the host's.
        gathering = meeting.context_event and not _VISIT.search(meeting.context_event)
        host_country = None if gathering else meeting.location_country
        dateline_home = None
        if (
            home is None
            and not self._outlet_named
            and dateline.country
            and meeting.location_country != dateline.country
        ):
            # Told from a capital, with no outlet named, about a call or a meeting abroad
            # ("MANILA - President X and Japanese Prime Minister Y spoke over the phone"): the
            # officials named with no state are the dateline's. Not a wire's: "RIYADH (AP) -" is
            # where its reporter travels with the Secretary of State; nor anyone the article has
            # meeting people in the dateline's state, who travelled there.
            dateline_home = dateline.country
        self._fill_affiliations(principals, home, host_country, candidate.hosts, candidate.visitors)
        if dateline_home is not None:
            stayed = [p for p in principals if id(p) not in self._met_at_dateline]
            self._fill_affiliations(stayed, dateline_home, None)
        self._fill_from_article(principals, meeting.location_country, candidate.hosts)
        for person in principals:
            if (
                person.country is None
                and person.org is None
                and _BARE_ORGANIZATION_OFFICE.match(person.title or "")
            ):
                person.org = self._organization_of_office(person, principals)
        for person in candidate.attendees:
            lead = candidate.companion_of.get(id(person))
            if lead is not None and person.country is None and person.org is None:
                person.country, person.org = lead.country, lead.org
        _fill_attendee_affiliations(candidate.attendees, principals, home)
        subject_title = next((p.title for p in principals if p.title), None)

        participants = []
        for person in principals:
            side = (
                SIDE_HOST
                if id(person) in candidate.hosts
                else SIDE_VISITOR
                if id(person) in candidate.visitors
                else None
            )
            title = person.title
            if title is None and getattr(person, "counterpart", False):
                # The subject's office, in the meeting where they were called counterparts; kept
                # for the later meetings, whose subjects hold other offices.
                title = person.title = subject_title
            participants.append(_participant(person, ROLE_PRINCIPAL, side, title))
        for person in candidate.attendees:
            participants.append(_participant(person, ROLE_ATTENDEE, None, person.title))
        meeting.participants = participants

        countries: list[str] = []
        organizations: list[OrganizationRef] = []
        for participant in participants:
            if participant.country and participant.country not in countries:
                countries.append(participant.country)
            if participant.organization and participant.organization not in organizations:
                organizations.append(participant.organization)
        meeting.countries = countries
        meeting.organizations = organizations

        start = min(s.start for s in candidate.sentences)
        end = max(s.end for s in candidate.sentences[:1])
        meeting.evidence = Span(start, end)
        told = sorted((*candidate.sentences, *candidate.topic_sentences), key=lambda s: s.start)
        meeting.topics = topics_of([s.text for s in told])
        meeting.confidence = _confidence(meeting, candidate)
        return meeting

    def _fill_from_article(self, principals: list[Person], venue: str | None, hosts: set[int]) -> None:
        """The last resorts for officials still written without a state, each over all of them in turn.

        - "Tinubu meets Lula, seeks stronger Nigeria-Brazil ties": the one state of a headline of two
          sides that no one else at the meeting serves. A headline of one ("Jaishankar, Blinken
          discuss Canada row") names a topic.
        - With no outlet named (a ministry's or a presidency's own release), the state the text names
          most, of those no one else at the meeting serves and not the venue of a visit: the issuer's
          officials are written without one ("Minister of Foreign Affairs Hakan Fidan had a phone
          call with ..."). A wire names its topic most.
        """
        for person in principals:
            if _unaffiliated_official(person):
                others = _states_of_others(person, principals)
                states = self._headline_states()
                left = [iso2 for iso2 in states if iso2 not in others]
                if len(left) == 1 and len(states) >= 2 and others & set(states):
                    person.country = left[0]
        if self._outlet_named:
            return
        for person in principals:
            if _unaffiliated_official(person):
                others = _states_of_others(person, principals)
                if venue and id(person) not in hosts:
                    others.add(venue)
                ranked = sorted(
                    ((n, iso2) for iso2, n in self._state_mentions().items() if iso2 not in others),
                    reverse=True,
                )
                if ranked and ranked[0][0] >= 2 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
                    person.country = ranked[0][1]

    def _state_mentions(self) -> dict[str, int]:
        """How often the article names each state, by its name or its demonym."""
        if self._state_counts is None:
            counts: dict[str, int] = {}
            for sentence in self._sentences:
                previous = None
                for item in sentence.items:
                    if item.kind == KIND_COUNTRY and not (
                        previous is not None
                        and previous.kind == ITEM_WORD
                        and previous.key in _TOPIC_PREPOSITIONS
                    ):
                        counts[item.value] = counts.get(item.value, 0) + 1
                    previous = item
            self._state_counts = counts
        return self._state_counts

    def _headline_states(self) -> list[str]:
        """The states a headline names ("Nigeria-Brazil ties" too): the document's title, else a first
        line of the text that ends with no full stop."""
        if self._headline_state_list is None:
            headline = self._headline
            if headline is None and len(self._sentences) > 1:
                first = self._sentences[0].text
                if len(first) < 200 and first[-1:] not in ".!?":
                    headline = first
            found: list[str] = []
            if headline:
                spaced = _HEADLINE_JOINER.sub(" ", headline)
                sentence = SentenceReader(self.gazetteer).read(spaced, 0, len(spaced))
                for item in sentence.items:
                    if item.kind == KIND_COUNTRY and item.value not in found:
                        found.append(item.value)
            self._headline_state_list = found
        return self._headline_state_list

    def _organization_of_office(self, person: Person, principals: list[Person]) -> OrganizationEntry | None:
        """The organization of a bare "Secretary-General" or "Director-General": the first one the
        article names that no other principal of the meeting represents; for a Secretary-General in
        an article that names none, the UN's, as international news means by the bare title."""
        if self._article_organizations is None:
            found: list[OrganizationEntry] = []
            for sentence in self._sentences:
                for item in sentence.items:
                    if item.kind == KIND_ORG and isinstance(item.value, OrganizationEntry):
                        entry = self.gazetteer.represented(item.value)
                        if entry not in found:
                            found.append(entry)
            self._article_organizations = found
        taken = [p.org for p in principals if p is not person and p.org is not None]
        for entry in self._article_organizations:
            if entry not in taken:
                return entry
        if "secretary" in person.title.lower() and not self._article_organizations:
            return self.gazetteer.organization("UN")
        return None

    def _fill_affiliations(
        self,
        principals: list[Person],
        home: str | None,
        location: str | None,
        hosts: set[int] = frozenset(),
        visitors: set[int] = frozenset(),
    ) -> None:
        """Give a state official with no written affiliation the agency's or the host's country.

        The venue's country goes to the host, else to the one met rather than the subject, who is
        more often the traveller ("Mr Lammy also met Vice-President Han Zheng at the Great Hall");
        never to a visitor."""
        missing = _unaffiliated_official

        def taken(iso2: str) -> bool:
            return any(p.country == iso2 for p in principals)

        if home and principals and missing(principals[0]) and not taken(home):
            principals[0].country = home
        for person in principals:
            if missing(person) and home and not taken(home):
                person.country = home
        if not location:
            return
        in_order = [p for p in principals if id(p) in hosts] + principals[1:] + principals[:1]
        for person in in_order:
            if (
                missing(person)
                and id(person) not in visitors
                and (id(person) in hosts or not taken(location))
            ):
                person.country = location


def _another_encounter(candidate: Candidate, larger: Candidate) -> bool:
    """Whether some of a meeting's principals met again on their own: the sentence says so
    ("held a bilateral meeting", "separate talks", "prior to the trilateral"), or the two days differ."""
    if _OWN_MEETING.search(candidate.sentence.text):
        return True
    return (
        candidate.date is not None
        and larger.date is not None
        and candidate.date.basis != DATE_PUBLICATION
        and larger.date.basis != DATE_PUBLICATION
        and candidate.date.date != larger.date.date
    )


_OWN_MEETING = WordPattern(
    r"\b(?:bilateral|separate|separately|one-on-one|tete-a-tete|tête-à-tête|again|(?:before|prior to|ahead of|after|following)\s+"
    r"the\s+(?:trilateral|summit|plenary|joint|three-way|four-way|multilateral))\b",
    needs=(
        "bilateral",
        "separate",
        "one-on-one",
        "tete",
        "tête",
        "again",
        "before",
        "prior",
        "ahead",
        "after",
        "following",
    ),
)


def _side_named(sentence: Sentence) -> str | None:
    """The state of "on the Russian side" in a sentence, if it names one."""
    items = sentence.items
    for index in range(2, len(items) - 1):
        item = items[index]
        if (
            item.kind == KIND_COUNTRY
            and item.demonym
            and items[index + 1].key in ("side", "delegation")
            and (items[index - 2].key, items[index - 1].key) == ("on", "the")
        ):
            return item.value
    if (
        len(items) > 2
        and items[0].key == "the"
        and items[1].kind == KIND_COUNTRY
        and items[1].demonym
        and items[2].key in ("side", "delegation")
    ):
        return items[1].value  # "The Kenyan delegation included ..."
    return None


# "..., while the US side was represented by A": the other side's people, after a clause break.
_OTHER_SIDE = re.compile(
    r"(?:,\s*(?:while|and|whereas)\s+|;\s*)the\s+(?P<side>[A-Z][\w.'’-]*)\s+(?:side|delegation)\b",
)


def _state_at(sentence: Sentence, offset: int) -> str | None:
    """The state of the country item that starts at `offset` of the sentence, if one does."""
    for item in sentence.items:
        if item.kind == KIND_COUNTRY and item.start - sentence.start == offset:
            return item.value
    return None


def _round_up(candidates: list[Candidate], words: str) -> list[Candidate]:
    """The meetings a plural refers back to: as many as its number says ("both", "the three"),
    else every meeting told last with the same subject."""
    count = next((_COUNT_WORDS[w] for w in words.lower().split() if w in _COUNT_WORDS), None)
    if count is not None:
        return candidates[-count:]
    subject = candidates[-1].principals[0] if candidates[-1].principals else None
    run = []
    for candidate in reversed(candidates):
        if not candidate.principals or candidate.principals[0] is not subject:
            break
        run.append(candidate)
    return run[::-1]


def _add_attendees_before(sentence: Sentence, candidate: Candidate, end: int) -> None:
    """The titled people named before `end` (an offset in the sentence) attend the candidate
    meeting, unless they are its principals already."""
    for mention in sentence.mentions:
        person = mention.person
        if person is None or mention.start - sentence.start >= end or not person.evidence:
            continue
        if any(person is p for p in candidate.principals) or any(person is a for a in candidate.attendees):
            continue
        candidate.attendees.append(person)


def _add_attendees_after(
    sentence: Sentence,
    candidate: Candidate,
    offset: int,
    lead: Person | None = None,
    side_country: str | None = None,
) -> None:
    """The people named after `offset` of the sentence attend the candidate meeting (with `lead`,
    whose side they then take, or on the side of `side_country`), unless they are its principals
    already. "..., while the US side was represented by A and B": A and B are of the other side."""
    other_side = _OTHER_SIDE.search(sentence.text, offset) if side_country or lead else None
    for mention in sentence.mentions:
        person = mention.person
        if person is None or mention.start - sentence.start < offset or not person.evidence:
            continue
        if other_side is not None and mention.start - sentence.start >= other_side.start():
            if not any(person is p for p in (*candidate.principals, *candidate.attendees)):
                candidate.attendees.append(person)
                state = _state_at(sentence, other_side.start("side"))
                if state and person.country is None and person.org is None:
                    person.country = state
            continue
        if any(person is p for p in candidate.principals) or any(person is a for a in candidate.attendees):
            continue
        candidate.attendees.append(person)
        if lead is not None:
            candidate.companion_of[id(person)] = lead
        elif side_country and person.country is None and person.org is None:
            person.country = side_country


# A title of an international organization's staff written with no organization: "The
# Secretary-General met ...", "Deputy Secretary-General Amina Mohammed".
_BARE_ORGANIZATION_OFFICE = re.compile(
    r"(?:(?:deputy|assistant|under)[- ])?(?:secretary|director)[- ]general$", re.IGNORECASE
)


# What may stand before a trigger such as "talks with" that opens a sentence with no subject.
_OPENS_WITH_THE_TALKS = re.compile(r"(?:The\s+|[\"“]\s*)?")
# An opening subject stands within this many characters of the start of its sentence: "Prime
# Minister X of Australia arrived ...", "On Saturday, X arrived ...".
_OPENING_SUBJECT_CHARS = 40


# "The two leaders", "Both ministers" opening a sentence, before its trigger.
_THE_TWO_SUBJECT = re.compile(
    r"\W*(?:the|both)\s+(?:two\s+)?(?:foreign\s+|prime\s+)?(?:leaders|ministers|presidents|premiers|"
    r"heads of state|heads of government)\b",
    re.IGNORECASE,
)


# "visited Rio de Janeiro", "arrived in Beijing", "is on an official visit to Hanoi".
_ARRIVAL_BEFORE = WordPattern(
    r"\b(?:visited|visits|arrived\s+in|arrives\s+in|landed\s+in|(?:is|was)\s+on\s+(?:an?\s+)?(?:[\w-]+\s+)?visit\s+to)"
    r"\s+(?:the\s+)?$",
    needs=("visit", "arrive", "landed"),
)


def _arrival_place(sentences: list[Sentence], first_meeting: Sentence | None) -> tuple[str, str] | None:
    """The city the article's traveller reached, told before its first meeting ("EAM visited Rio de
    Janeiro on 21-22 February ... EAM held a bilateral meeting with ..."): where its meetings were."""
    for sentence in sentences:
        if first_meeting is not None and sentence.start > first_meeting.start:
            return None
        for item in sentence.items:
            if item.kind == KIND_CITY and _ARRIVAL_BEFORE.search(
                sentence.text, max(0, item.start - sentence.start - 60), item.start - sentence.start
            ):
                return item.text, item.value
    return None


# A state after these is a place or a topic ("the mission to Haiti", "the war in Ukraine"), not the
# state a release speaks for.
_TOPIC_PREPOSITIONS = frozenset(
    {"in", "to", "on", "about", "over", "against", "into", "across", "toward", "towards"}
)

# Small words a title-case headline may leave in lower case.
_HEADLINE_SMALL_WORDS = frozenset(
    "a an the and or of on in at to for with by from as vs via after over amid".split()
)


def _title_case_headline(text: str) -> bool:
    """A first line written in title case, with no full stop: "Indonesia Welcomes the Advisory
    Opinion of the International Court of Justice"."""
    if text[-1:] in '.!?"”' or len(text) > 200:
        return False
    words = [w for w in text.split() if w[:1].isalpha()]
    if len(words) < 5:
        return False
    big = [w for w in words if w.lower() not in _HEADLINE_SMALL_WORDS]
    return bool(big) and all(w[:1].isupper() for w in big)


def _received_him(
    sentence: Sentence, trigger_start: int, subject: list[Person], last_subject: Person | None
) -> Person | None:
    """Who "him" is in "..., where General B received him on Monday": the titled person named last
    before the trigger ("the French president had tea with ..., and Starmer hosted him"), else the
    person the story follows; no one when an unresolved title stands before it."""
    named = [
        m.person
        for m in sentence.mentions
        if m.person is not None
        and m.person.evidence
        and m.start - sentence.start < trigger_start
        and not any(m.person is p for p in subject)
    ]
    if named:
        return named[-1]
    if any(
        m.kind == "title" and m.person is None and m.start - sentence.start < trigger_start
        for m in sentence.mentions
    ):
        return None
    if last_subject is None or any(last_subject is p for p in subject):
        return None
    return last_subject


def _opening_pair(sentence: Sentence) -> list[Person] | None:
    """The two titled people a sentence opens with, joined by "and": "Japanese Prime Minister A and
    South Korean President B agreed on Thursday ..."."""
    mentions = [m for m in sentence.mentions if m.person is not None and m.person.evidence][:2]
    if len(mentions) < 2 or mentions[0].start - sentence.start > _OPENING_SUBJECT_CHARS:
        return None
    between = sentence.text[mentions[0].end - sentence.start : mentions[1].start - sentence.start]
    if not _AND_BETWEEN.fullmatch(between) or mentions[0].person is mentions[1].person:
        return None
    return [mentions[0].person, mentions[1].person]


# What stands between the two names of an opening pair: "and", maybe with the second one's title.
_AND_BETWEEN = re.compile(r"(?:,?\s+and\s+)(?:[\w'’-]+\s+){0,6}", re.IGNORECASE)


def _opening_subject(sentence: Sentence) -> Person | None:
    """The titled person a sentence opens with, who "he" in the next sentences is."""
    for mention in sentence.mentions:
        if mention.start - sentence.start > _OPENING_SUBJECT_CHARS:
            return None
        if mention.person is not None and mention.person.evidence:
            return mention.person
    return None


# "Nigeria-Brazil", "India/Pakistan": two names joined in a headline, read apart.
_HEADLINE_JOINER = re.compile(r"(?<=\w)[-–—/](?=\w)")


def _states_of_others(person: Person, principals: list[Person]) -> set[str]:
    """The states the other principals of a meeting serve."""
    return {p.country for p in principals if p is not person and p.country}


def _unaffiliated_official(person: Person) -> bool:
    # Only someone with a title is known to be an official: "Mr Wang" in Kuala Lumpur is no Malaysian.
    return (
        person.country is None
        and person.org is None
        and (bool(person.heads) or getattr(person, "counterpart", False))
        and not (person.heads & _INTERNATIONAL_HEADS)
    )


# Attendees whose side a title does not tell: an ambassador at a meeting may be either side's.
_EITHER_SIDE_HEADS = frozenset({"ambassador", "envoy"})


def _fill_attendee_affiliations(attendees: list[Person], principals: list[Person], home: str | None) -> None:
    """An official attending without a written affiliation, in a report by an agency of one of the
    principals' states, is of that state: "The meeting was attended by Foreign Minister Hakan
    Fidan" in an Anadolu report of President Erdogan's meeting."""
    if not home or not any(p.country == home for p in principals):
        return
    for person in attendees:
        if _unaffiliated_official(person) and not (person.heads & _EITHER_SIDE_HEADS):
            person.country = home


def _participant(person: Person, role: str, side: str | None, title: str | None) -> Participant:
    org = person.org
    return Participant(
        name=_family_name_in_capitals(person.name),
        role=role,
        title=title,
        country=None if org is not None else person.country,
        organization=OrganizationRef(org.name, org.acronym) if isinstance(org, OrganizationEntry) else None,
        side=side,
        span=Span(person.start, person.end),
        aliases=list(person.aliases),
    )


_ROMAN_NUMERAL = re.compile(r"[IVX]+")


def _family_name_in_capitals(name: str) -> str:
    """ "KAMIKAWA Yoko" -> "Kamikawa Yoko": a family name some readouts write in capitals (Japan's
    foreign ministry), written as the rest of the name is. Not "Abdullah II", nor initials ("B.S."),
    nor a name written all in capitals."""
    words = name.split()
    capitals = [
        w.isupper() and len(w) > 2 and w.replace("-", "").isalpha() and not _ROMAN_NUMERAL.fullmatch(w)
        for w in words
    ]
    if not any(capitals) or all(w.isupper() for w in words):
        return name
    return " ".join(
        "-".join(part.capitalize() for part in word.split("-")) if upper else word
        for word, upper in zip(words, capitals, strict=True)
    )


def _participant_of_gathering(sentence: Sentence) -> Person | None:
    """The person a sentence says took part in a gathering it does not name the others of."""
    if "part" not in sentence.text:
        return None
    cue = _TOOK_PART.search(sentence.text)
    if cue is None:
        return None
    before = [
        m.person
        for m in sentence.mentions
        if m.person is not None and m.person.evidence and m.start - sentence.start < cue.start()
    ]
    return before[-1] if before else None


def _unique(people: list[Person]) -> list[Person]:
    out: list[Person] = []
    for person in people:
        if not any(person is p for p in out):
            out.append(person)
    return out


def _confidence(meeting: Meeting, candidate: Candidate) -> float:
    score = 0.55
    principals = meeting.principals
    affiliated = sum(1 for p in principals if p.country or p.organization)
    score += 0.15 * affiliated / max(1, len(principals))
    score += 0.1 if all(p.title for p in principals) else 0.0
    score += 0.1 if meeting.date_basis != DATE_PUBLICATION else 0.05
    if len(principals) > 3:
        score -= 0.1
    return max(0.05, min(0.99, score))
