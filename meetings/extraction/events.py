"""The event a meeting took place on the sidelines of or as part of. Not scored; read by people.

A value is a noun phrase naming an event ("79th session of the UN General Assembly", "SCO summit
in Astana", "official visit to Morocco", "COP29"), never a clause fragment:
- a cue ("on the sidelines of", "as part of", "during", "at", "who is on a ... visit") opens the
  phrase, and it ends at the first clause boundary: a comma or semicolon, a relative or subordinate
  clause ("which", "where", "before", "followed by", "since"), a verb ("and urged", "held at"),
  a time expression ("on Monday", "last week", "here") or a preposition that starts an adjunct;
- "at" stays only before a proper name ("summit at the White House"); "in <place>" goes, the
  place is the meeting's location ("the Gulf Energy Summit in Doha" gives "Gulf Energy Summit");
- bracketed acronyms go ("(UNGA)"), and so do leading determiners, honorific possessives
  ("His Highness's") and partitives ("the start of", "the end of", "the margins of");
- the head noun (the last word before the first preposition) must come from the event vocabulary,
  or be a container such as "edition"/"round" of an event; press conferences are not events;
- the phrase must say which event: a proper name, a number or an ordinal. "the forum", "talks" and
  "international forum" give None, so that the event named elsewhere in the article stands.
"""

from __future__ import annotations

import functools
import re

from .wordpatterns import WordPattern

# Where a candidate phrase may start: the cue, then an optional determiner.
_CUE = re.compile(
    r"\b(?P<cue>on the (?:sidelines?|margins?) of|in the margins? of|(?:with)?in the framework of|as part of|"
    r"in conjunction with|during|on the (?:\w+ )?day of|at|(?:who|which) (?:is|was|are|were) (?:on|paying|making|conducting)|on|"
    r"(?:to )?attend(?:s|ed|ing)?|part (?:on \w+ )?in|participat(?:e|es|ed|ing) in|"
    r"(?:arrived|arrives|came|is|was|were|are) in [A-Z][\w-]+ (?:for|to attend))\s+"
    r"(?=(?P<event>[^;:]{2,220}))",
    re.I,
)
_DETERMINER = re.compile(r"^(?:the|his|her|their|its|an?|this|that)\s+", re.I)
_HONORIFIC_POSSESSIVE = re.compile(
    r"^(?:(?:his|her|their)\s+)?(?:(?:royal|imperial|serene)\s+)?(?:highness|majesty|excellency|holiness)(?:'s|’s)\s+",
    re.I,
)
_PARTITIVE = re.compile(
    r"^(?:(?:very\s+)?(?:start|end|beginning|outset|close|conclusion|course|eve|margins?|sidelines?|"
    r"opening|closing|first|second|third|last|final)\s+(?:day\s+|session\s+|leg\s+)?of)\s+",
    re.I,
)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
# Where the noun phrase ends.
_BOUNDARY = re.compile(
    r"\s*[,;:\"“”]|\s+(?:(?:"
    # relative and subordinate clauses
    r"which|who|whom|whose|that|where|when|while|whereas|before|after|as|because|since|until|unless|"
    r"following|followed|amid|ahead|despite|if|though|although|so|than|to\s+(?:discuss|meet|hold|sign|attend)|"
    # participles and verbs that start a clause or a reduced relative
    r"held|hosted|organi[sz]ed|convened|chaired|attended|being|taking|took|takes|was|were|is|are|has|have|had|"
    r"will|would|said|says|told|noted|added|met|meets|urged|called|stressed|expressed|agreed|signed|"
    r"[a-z]+ed\s+(?:by|on|in|at|with|that|to)|"
    # adjuncts
    r"with|by|from|between|among|against|under|through|via|within|for|here|there|"
    r"today|yesterday|tonight|recently|earlier|later|last|next|this\s+(?:week|month|year|morning|afternoon|evening)|"
    r"and\s+(?:also\s+|then\s+|later\s+)?(?:[a-z]+ed|said|says|held|met|told|took|gave|spoke|made|urged|urges|"
    r"called|calls|expressed|noted|stressed|discussed|agreed|signed|will|would|was|were|is|are|has|have|had)"
    r")\b|(?i:on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
    r"may|june|july|august|september|october|november|december)\b)|on\s+(?![A-Z])|"
    r"in\s|at\s+(?!(?:the\s+)?[A-Z])|at\s+the\s+invitation\b)",
)
_AND_VERB = re.compile(r"\s+and\s+(?:[a-z]+ed|[a-z]+s)\s+(?:the|a|an|to|that|his|her|their)\b")
_HEAD_STOP = re.compile(r"\s+(?:of|to|in|at|on|for|between|with|among|hosted|mediated)\b", re.I)
_EVENT_HEADS = frozenset(
    """summit summits forum forums session sessions assembly conference conferences meeting meetings
    visit visits tour trip talks dialogue dialogues congress games olympics expo exhibition ceremony
    council ministerial gathering celebration celebrations inauguration funeral festival convention
    cup championship anniversary commemoration week consultations negotiations mechanism retreat
    symposium roundtable round-table workshop fair show parade jubilee coronation""".split()
)
# Heads that stand for an event only as "<head> of <event>": "21st edition of the Doha Forum".
_CONTAINER_HEADS = frozenset("edition round sitting leg stage part segment day".split())
_NOT_EVENTS = re.compile(r"\b(?:press|news|media)\s+(?:conference|briefing)s?\b|\bbriefing\b", re.I)
_EVENT_ANYWHERE = WordPattern(r"\b(?:" + "|".join(sorted(_EVENT_HEADS)) + r")\b|\bcop\d+\b|\bg-?\d{1,2}\b")
_NUMBERED_EVENT = WordPattern(r"\b(?:COP|G-?)\d")
_NAMED_EVENT = re.compile(r"^(?:COP\s?\d+|G-?\d{1,2}|[A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*)*\s+\d{4})$")
_ORDINAL = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|\w+teenth|\w+tieth)\b",
    re.I,
)
_SPECIFIC_WORD = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*")
# Visits and tours only for the bare "on" cue: "on an official visit to Oman", not "on the agenda".
_TRAVEL_HEADS = frozenset({"visit", "visits", "tour", "trip"})
_MAX_WORDS = 16


@functools.lru_cache(maxsize=1024)
def context_event_of(text: str, keys: frozenset[str] | None = None) -> str | None:
    """The first event phrase of a sentence that passes the rules above, or None. `keys` (the
    sentence's token keys) make the common case, no event word at all, a set test."""
    if keys is not None:
        if keys.isdisjoint(_EVENT_HEADS) and not _NUMBERED_EVENT.search(text):
            return None
    elif not _EVENT_ANYWHERE.search(text):
        return None
    for match in _CUE.finditer(text):
        cue = match.group("cue").lower()
        event = clean_event(match.group("event"), travel_only=cue == "on" or cue.startswith(("who", "which")))
        if event:
            return event
    return None


def clean_event(raw: str, *, travel_only: bool = False) -> str | None:
    """A noun phrase naming an event from the text after a cue, or None when it is not one."""
    phrase = _PARENTHESES.sub("", raw).strip()
    for _ in range(3):
        before = phrase
        phrase = _HONORIFIC_POSSESSIVE.sub("", phrase)
        phrase = _DETERMINER.sub("", phrase)
        phrase = _PARTITIVE.sub("", phrase)
        if phrase == before:
            break
    boundary = _BOUNDARY.search(phrase)
    if boundary:
        phrase = phrase[: boundary.start()]
    and_verb = _AND_VERB.search(phrase)
    if and_verb:
        phrase = phrase[: and_verb.start()]
    phrase = re.sub(r"\s+", " ", phrase).strip(" .-–—'’")
    phrase = re.sub(r"\s+(?:of|to|in|at|on|for|and|the|a|an|&)$", "", phrase, flags=re.I)
    if not phrase or len(phrase.split()) > _MAX_WORDS:
        return None
    if _NAMED_EVENT.match(phrase) and _EVENT_ANYWHERE.search(phrase):
        return phrase
    if _NOT_EVENTS.search(phrase):
        return None
    stop = _HEAD_STOP.search(phrase)
    head_part = phrase[: stop.start()] if stop else phrase
    head_part = re.sub(r"\s+(?:abroad|overseas|together|jointly)$", "", head_part, flags=re.I)
    head = head_part.split()[-1].lower().strip("'’") if head_part.split() else ""
    head = head.rsplit("-", 1)[-1] if head not in _EVENT_HEADS else head
    rest = phrase[stop.end() :] if stop else ""
    if re.fullmatch(r"cop\d+|g-?\d{1,2}", head):
        pass
    elif head in _EVENT_HEADS:
        if travel_only and head not in _TRAVEL_HEADS:
            return None
        if head in {"meeting", "meetings"} and not (
            len(head_part.split()) > 1 or (stop and stop.group().strip().lower() == "of")
        ):
            return None
    elif head in _CONTAINER_HEADS and stop and stop.group().strip().lower() == "of":
        if travel_only or not _EVENT_ANYWHERE.search(rest):
            return None
    else:
        return None
    if not (
        _SPECIFIC_WORD.search(phrase) or _ORDINAL.search(phrase) or re.search(r"\bcop\d+\b", phrase, re.I)
    ):
        return None
    return phrase
