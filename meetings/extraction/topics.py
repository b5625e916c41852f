"""Short topic phrases from the sentences that report a meeting. Not scored; read by people."""

from __future__ import annotations

import re

_TOPIC_CUES = re.compile(
    r"\b(?:discuss(?:ed|es|ing)?|exchanged (?:views|opinions) on|(?:focus(?:ed|ing)?|centred|centered) on|"
    r"talks on|review(?:ed|ing)?|explored|touched upon|touched on|prospects for|cooperation in)\s+(?P<topic>[^.;:\"“]{4,160})",
    re.I,
)
_CUT = re.compile(
    r"\s+(?:with|during|as well as|in order to|which|who|where|and (?:the sides|they|he|she)|at the|on the sidelines)\b.*$",
    re.I,
)
_LEAD = re.compile(
    r"^(?:the|a|an|issues? of|matters? of|ways (?:of|to)|prospects (?:of|for)|the issues? of)\s+", re.I
)
_MAX_TOPICS = 6
_MAX_WORDS = 8


def topics_of(sentences: list[str]) -> list[str]:
    topics: list[str] = []
    for sentence in sentences:
        for match in _TOPIC_CUES.finditer(sentence):
            phrase = _CUT.sub("", match.group("topic")).strip(" ,")
            for part in re.split(r",\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+)?\w+\s+(?:of|in|on)\b)", phrase):
                part = _LEAD.sub("", part.strip(" ,"))
                words = part.split()
                if len(words) < 1 or len(words) > _MAX_WORDS:
                    continue
                if part.lower() not in (t.lower() for t in topics):
                    topics.append(part)
                if len(topics) >= _MAX_TOPICS:
                    return topics
    return topics
