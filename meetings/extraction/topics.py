"""Short topic phrases from the sentences that report a meeting. Not scored; read by people.

The rules:
- A topic list follows a cue ("discussed", "exchanged views on", "focused on", "reviewed",
  "covered", "talks on", ...) or precedes a passive one ("... were also discussed"). A cue after
  "will", "to", "due to", "expected to" is a plan and gives nothing.
- The list ends at a clause boundary: "; : ." , a reporting tail (", according to ...", ", the
  ministry said"), a new clause (", noting", "and agreed", "which", "who", "while") or
  "on the sidelines"/"during"/"with" adjuncts.
- Items split at commas, ", as well as", ", including" and " and " before a determiner; a list of
  one- or two-word items that fits in six words stays one topic ("trade, investment and energy").
- Each item loses leading determiners and framing ("the latest", "ways to strengthen",
  "prospects for developing", "the current state of", "the whole spectrum of", "fields of") and
  trailing "between the two countries"; items with reporting verbs or pronouns ("it", "them")
  are dropped, and so are bare generic words (cooperation, relations, issues, matters, fields) and
  "issues of mutual interest".
- Each topic keeps 1-6 words; its first letter is lowered unless the word is a proper name (a
  capital in mid-sentence, an acronym); topics are deduplicated case-insensitively.
"""

from __future__ import annotations

import functools
import re

from .wordpatterns import WordPattern

_CUE_WORDS = (
    r"discuss(?:ed|es|ing)?|exchanged (?:views|opinions|ideas) (?:on|about|regarding)|"
    r"(?:focus(?:ed|sed|ing)?|centred|centered|concentrated) (?:mainly |mostly |primarily )?on|"
    r"talks on|review(?:ed|ing)?|explored|touched (?:up)?on|covered|addressed|talked about|deliberated on|"
    r"consulted on|conferred on|(?:cooperation|partnership|collaboration) in(?=\s+(?:the\s+)?[a-z])"
)
_TOPIC_CUES = WordPattern(
    r"\b(?P<cue>"
    + _CUE_WORDS
    + r")\s+(?:also\s+|in detail\s+|at length\s+)?(?=(?P<topic>[^.;:\"“”()]{3,240}))"
)
_PASSIVE = re.compile(r"\s+(?:was|were)\s+(?:also\s+)?(?:discussed|reviewed|addressed|on the agenda)\b", re.I)
# Where the subject of a passive cue starts, looking back from the cue.
_PASSIVE_START = re.compile(
    r"(?:^|[,;]\s*|\bduring the (?:meeting|talks|call|conversation),?\s*)(?=[^,;]*$)", re.I
)
# "ready to meet them to discuss ...": a plan a few words before the cue.
_PLAN_NEAR = WordPattern(
    r"\b(?:will|shall|ready to|willing to|prepared to|expected to|due to|scheduled to|plans? to|intends? to)\s+"
    r"(?:[\w'’-]+\s+){0,8}?to\s+$"
)
_PLAN_BEFORE = WordPattern(
    r"\b(?:will|would|shall|due to|expected to|set to|likely to|plan(?:s|ned)? to|going to|intend(?:s|ed)? to|"
    r"(?:wants?|wish(?:es)?|hopes?|seeks?|agreed|agree|invited \w+) to)"
    r"\s+(?:also\s+|further\s+)?$"
)
# Where the topic list ends.
_END = re.compile(
    r",?\s+(?:according to|in order to|so as to|on the sidelines|during|with a view to|which|who|whom|where|while|"
    r"whereas|when|because|after|before|amid|at the|in a (?:statement|press release)|and (?:also\s+)?(?:the sides|they|"
    r"he|she|both|agreed|noted|stressed|expressed|underlined|emphasi[sz]ed|reaffirmed|signed|called|said|discussed|"
    r"reviewed|exchanged|touched|focused|explored|addressed|covered|welcomed|praised|hailed|decided))\b.*$"
    r"|,\s+(?:noting|stressing|saying|adding|underlining|emphasi[sz]ing|expressing|highlighting|agreeing|"
    r"reaffirming|describing|calling|urging)\b.*$"
    r"|,\s+(?:(?:the|a|an)\s+)?[\w' -]{0,40}?\b(?:said|says|stated|reported|added|told|noted|announced)\b.*$",
    re.I,
)
_SPLIT = re.compile(
    r",\s*(?:and\s+)?(?:on\s+)?|\s+and\s+(?:on\s+)?(?=(?:the|a|an|its|their)\s)|"
    r"\s+and\s+(?=(?:\w+\s+){0,2}(?:of|in|on|around|between|for)\s)",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:the|a|an|its|their|his|her|our|other|some|several|all)\s+|"
    r"(?:latest|current|recent|ongoing|present|further|possible|future|mutual)\s+(?=\w+\s)|"
    r"(?:whole|full|wide|broad|entire)\s+|(?:spectrum|range|array|host|number|variety|set|list) of\s+|"
    r"(?:state|status)(?: and prospects)? of\s+|prospects (?:of|for)\s+|ways (?:of|to)\s+|means of\s+|"
    r"(?:possibilities|opportunities|avenues|options|potential) (?:of|for|in)\s+|"
    r"(?:further\s+)?(?:strengthening|developing|expanding|enhancing|boosting|deepening|promoting|"
    r"strengthen|develop|expand|enhance|boost|deepen|promote|maintaining|ensuring|achieving|securing)\s+(?=\w+\s)|"
    r"(?:progress|development|course|results|march|path|expansion|strengthening|deepening|enhancement) of\s+|"
    r"(?:issues?|matters?|questions?|topics?|areas?|fields?|spheres?|sectors?) (?:of|related to|concerning|regarding)\s+|"
    r"(?:bilateral\s+)?cooperation in the (?:fields?|areas?|spheres?|sectors?) of\s+)",
    re.I,
)
_TRAIL = re.compile(
    r"\s+(?:between|of)\s+the\s+two\s+(?:friendly\s+|brotherly\s+|neighbouring\s+|neighboring\s+)?"
    r"(?:countries|nations|states|sides|peoples|governments)$|\s+(?:in|at)\s+(?:all|various|different) (?:fields|areas|spheres)$|"
    r"\s+in the (?:fields|areas|spheres|sectors)$|\s+(?:fields|areas|spheres|sectors)$",
    re.I,
)
_GENERIC = frozenset(
    """cooperation relations relationship ties issues issue matters matter fields field areas area sectors
    sphere spheres questions topics subjects developments situation agenda interests affairs aspects
    things ways means prospects steps measures efforts""".split()
)
_VAGUE = WordPattern(
    r"\bof (?:mutual|common|shared) (?:interest|concern)s?\b|^(?:regional and international|international and regional|"
    r"bilateral|other|various|a number of|a range of)\s+(?:issues|matters|questions|topics)$|"
    r"\b(?:topical|current|pressing|key|important) (?:issues|matters|questions)\b|\bbilateral agenda\b"
)
_VERBISH = WordPattern(
    r"\b(?:said|says|told|stated|noted|stressed|added|reported|statement|according|agreed|expressed|underlined|"
    r"emphasi[sz]ed|reaffirmed|welcomed|announced|informed|was|were|is|are|has|have|had|will|would|can|could|"
    r"should|must|it|them|they|he|she|we|i|you)\b"
)
_SEGMENT = re.compile(
    r",?\s+as well as\s+(?:on\s+)?|,\s*(?:including|in particular|particularly|notably|especially|such as|namely|"
    r"and in particular)\s+",
    re.I,
)
_NAMES_ONLY = re.compile(r"^(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of|the|and|[A-Z][\w'’.-]*))*$")
_ATOMS = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_DETERMINED = re.compile(r"(?:the|a|an|its|their|his|her)\s", re.I)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:[\w.'’-]+\s+){1,4}?and\s", re.I)
_ADJECTIVE_AND = re.compile(r"\b[a-z]+(?:al|ic|ive|ary|ern|ous)\s+and\s")
_LONG_TAIL = re.compile(
    r"\s+(?:between|in (?:the )?(?:fields?|areas?|spheres?|sectors?) of|through|via)\s.*$", re.I
)
_PROPER_FIRST = re.compile(r"^(?:[A-Z]{2,}|[A-Z][\w'’-]*[A-Z]|[A-Z][a-z]+(?:-[A-Z]))")
_MAX_TOPICS = 6
_MAX_WORDS = 6


def topics_of(sentences: list[str]) -> list[str]:
    topics: list[str] = []
    seen: set[str] = set()
    for sentence in sentences:
        for topic, key in _sentence_topics(sentence):
            if key in seen:
                continue
            seen.add(key)
            topics.append(topic)
            if len(topics) >= _MAX_TOPICS:
                return topics
    return topics


@functools.lru_cache(maxsize=1024)
def _sentence_topics(sentence: str) -> tuple[tuple[str, str], ...]:
    """(topic, dedup key) of one sentence; cached, as one sentence often serves several meetings."""
    found: list[tuple[str, str]] = []
    for raw, at_start in _phrases(sentence):
        inside_long = False  # the names after a dropped long item continue it ("of A, B and C")
        for part in _items(raw):
            if inside_long and _NAMES_ONLY.match(part):
                continue
            inside_long = len(part.split()) > _MAX_WORDS
            topic = _clean(part, at_start and raw.startswith(part))
            if topic is not None:
                found.append((topic, re.sub(r"[^a-z0-9]+", " ", topic.lower()).strip()))
    return tuple(found)


# Token keys one of which every cue holds: a set test before any regular expression runs.
CUE_KEYS = frozenset(
    """discuss discussed discusses discussing exchanged focus focused focussed focusing centred centered
    concentrated talks review reviewed reviews reviewing explored touched covered addressed talked
    deliberated consulted conferred agenda cooperation partnership collaboration""".split()
)


def has_topic_cue(keys: frozenset[str]) -> bool:
    """Whether a sentence after the one that reports a meeting may add topics to it (a set test;
    topics_of applies the rules)."""
    return not keys.isdisjoint(CUE_KEYS)


def _phrases(sentence: str) -> list[tuple[str, bool]]:
    """(topic list text, whether it opens the sentence) for every cue of a sentence."""
    found = []
    covered = 0  # a cue inside the list of the one before ("discussed cooperation in ...") adds nothing
    for match in _TOPIC_CUES.finditer(sentence):
        if match.start() < covered:
            continue
        before = sentence[max(0, match.start() - 80) : match.start()]
        if _PLAN_BEFORE.search(before[-30:]) or _PLAN_NEAR.search(before):
            continue
        topic = match.group("topic")
        if len(topic) >= 240:  # cut mid-list: the last item may be a fragment
            topic = topic.rsplit(",", 1)[0]
        topic = _END.sub("", topic)
        covered = match.start("topic") + len(topic)
        found.append((topic, False))
    if " was " in sentence or " were " in sentence:
        for match in _PASSIVE.finditer(sentence):
            window_start = max(0, match.start() - 120)
            window = sentence[window_start : match.start()]
            start = _PASSIVE_START.search(window)
            if start is None or (start.end() == 0 and window_start > 0):
                continue
            topic = window[start.end() :]
            if len(topic) >= 3:
                found.append((topic, window_start + start.end() == 0))
    return found


def _items(phrase: str) -> list[str]:
    items: list[str] = []
    for segment in _SEGMENT.split(phrase.strip(" ,")):
        segment = segment.strip(" ,")
        for _ in range(4):
            stripped = _LEAD.sub("", segment)
            if stripped == segment:
                break
            segment = stripped
        if not segment:
            continue
        atoms = _ATOMS.split(segment)
        if (
            len(atoms) > 1
            and len(segment.split()) <= _MAX_WORDS
            and all(0 < len(a.split()) <= 2 and not _DETERMINED.match(a) for a in atoms)
            and not any(a.lower() in _GENERIC for a in atoms)
        ):
            # "trade, investment and transport links": one topic, as written.
            items.append(segment)
            continue
        # "between A and B", "the historical and architectural heritage": one item.
        guarded = _BETWEEN.sub(lambda m: m.group().replace(" and ", " \x00 "), segment)
        guarded = _ADJECTIVE_AND.sub(lambda m: m.group().replace(" and ", " \x00 "), guarded)
        items.extend(
            _shorten(p.strip(" ,").replace(" \x00 ", " and ")) for p in _SPLIT.split(guarded) if p.strip(" ,")
        )
    return items


def _shorten(part: str) -> str:
    """A long item loses its "between ..." or "in the fields of ..." tail."""
    if len(part.split()) <= _MAX_WORDS:
        return part
    return _LONG_TAIL.sub("", part)


def _clean(part: str, sentence_initial: bool) -> str | None:
    text = part.strip(" ,'’\"-")
    for _ in range(4):
        before = text
        text = _LEAD.sub("", text)
        if text == before:
            break
    text = _TRAIL.sub("", text).strip(" ,")
    words = text.split()
    if not words or len(words) > _MAX_WORDS:
        return None
    if len(words) == 1 and words[0].lower() in _GENERIC:
        return None
    if all(
        w.lower() in _GENERIC or w.lower() in {"and", "bilateral", "the", "of", "other"} for w in words
    ) and not (len(words) == 2 and words[0].lower() == "bilateral"):
        return None
    if _VAGUE.search(text) or _VERBISH.search(text):
        return None
    # A capital only because the phrase opened the sentence (or a word that is never a name) goes.
    if (
        text[0].isupper()
        and text[1:2].islower()
        and (sentence_initial or (not _PROPER_FIRST.match(text) and words[0].lower() in _COMMON_CAPITALISED))
    ):
        text = text[0].lower() + text[1:]
    return text


# Words that open a topic with a capital only because a heading or sentence start put it there.
_COMMON_CAPITALISED = frozenset(
    """the trade energy security economic cooperation investment bilateral regional international
    humanitarian defence defense climate issues situation development developments relations""".split()
)
