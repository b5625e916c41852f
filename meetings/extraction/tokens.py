"""Tokens and sentences with character offsets into the clean text.

The whole extractor works on these: gazetteer phrases are stored as token keys made by the same
`token_key()`, so "Co-operation" in the text meets "Cooperation" in the data files.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .normalise import fold

# Dotted abbreviations first ("U.S.", "H.E.", the "St." of "St. Petersburg"), then words with inner
# hyphens/apostrophes, then any other single non-space character (punctuation). Split with both
# groups captured, the text comes back as [space, word, None, space, None, punctuation, space, ...]:
# offsets are sums of lengths, with no match object per token.
_TOKEN_SPLIT = re.compile(r"((?:[A-Z]\.){2,}|\w+(?:[-'’]\w+)*['’]?)|([^\w\s])")
# The same with "St.", "Mt.", ... as one word, for the few sentences that hold one: the extra branch
# costs every other sentence a tenth of its tokenizing.
_TOKEN_SPLIT_PLACE_ABBREVIATIONS = re.compile(
    r"((?:[A-Z]\.){2,}|(?:St|Ste|Mt|Ft)\.(?=\s+[A-Z])|\w+(?:[-'’]\w+)*['’]?)|([^\w\s])"
)
_PLACE_ABBREVIATIONS = ("St. ", "Ste. ", "Mt. ", "Ft. ")
_KEY_DROP = re.compile(r"[-'’.]")


# Item kinds of tokens that are neither part of a phrase, title nor name (see mentions.Item).
ITEM_WORD = "word"
ITEM_PUNCT = "punct"


@dataclass(slots=True)
class Token:
    text: str  # as written, without a possessive ending
    start: int
    end: int  # end of the written token, possessive ending included
    key: str  # folded, lower-case, without hyphens, apostrophes or dots
    is_word: bool
    cap: bool  # starts with an upper-case letter
    upper: bool  # all letters upper-case (acronyms)
    possessive: bool
    kind: str  # ITEM_WORD or ITEM_PUNCT

    # Most tokens of a sentence stand in its item list as they are (a plain word or a punctuation
    # mark), so a token answers the reads an item gets, and no second object is built per token.
    # Class attributes: a token never sets them.
    value = None
    demonym = False
    heads = ()
    country = None
    org = None
    attached = False


@functools.lru_cache(maxsize=100_000)
def token_key(text: str) -> str:
    return _KEY_DROP.sub("", fold(text).casefold())


# Per written form: (text, key, cap, upper, possessive), so a word seen before costs one dict probe.
_WORD_CACHE: dict[str, tuple[str, str, bool, bool, bool]] = {}
_WORD_CACHE_LIMIT = 200_000


def _word_info(raw: str) -> tuple[str, str, bool, bool, bool]:
    possessive = False
    word = raw
    if len(raw) > 3 and raw[-2] in "'’" and raw[-1] in "sS":
        word, possessive = raw[:-2], True
    elif len(raw) > 1 and raw[-1] in "'’":
        word, possessive = raw[:-1], True
    upper = word.isupper() and (len(word) >= 2 and not (len(word) == 2 and word[1] == "."))
    info = (word, token_key(word), word[0].isupper(), upper, possessive)
    if len(_WORD_CACHE) < _WORD_CACHE_LIMIT:
        _WORD_CACHE[raw] = info
    return info


def tokenize(text: str, offset: int = 0) -> list[Token]:
    tokens = []
    append = tokens.append
    cache = _WORD_CACHE
    split = _TOKEN_SPLIT
    for abbreviation in _PLACE_ABBREVIATIONS:
        if abbreviation in text:
            split = _TOKEN_SPLIT_PLACE_ABBREVIATIONS
            break
    parts = iter(split.split(text))
    position = offset + len(next(parts))
    for word, punctuation, space in zip(parts, parts, parts, strict=True):
        if word is None:
            end = position + 1
            append(Token(punctuation, position, end, punctuation, False, False, False, False, ITEM_PUNCT))
        else:
            end = position + len(word)
            info = cache.get(word) or _word_info(word)
            append(Token(info[0], position, end, info[1], True, info[2], info[3], info[4], ITEM_WORD))
        position = end + len(space)
    return tokens


def phrase_keys(text: str) -> tuple[str, ...]:
    """Token keys of a gazetteer phrase; commas do not count, so lists match with or without them."""
    return tuple(t.key for t in tokenize(text) if t.is_word or t.text in "&()")


# Words that end with a dot without ending a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "h.e", "he", "st", "gen", "lt", "col", "maj", "capt", "sgt", "adm",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos",
    "u.s", "u.k", "u.n", "e.g", "i.e", "vs", "jr", "sr", "rep", "sen", "gov", "hon", "amb", "eng", "rt",
    "inc", "ltd", "co", "corp", "d.c", "a.m", "p.m", "approx", "fig", "vol",
}  # fmt: skip
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n\s*\n|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a paragraph break always ends one."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group()[0] == ".":
            before = text[start : match.start()]
            last_word = before.rsplit(None, 1)[-1].lower() if before and not before.isspace() else ""
            last_word = last_word.lstrip("(\"'“")
            if (
                last_word in _ABBREVIATIONS
                or (len(last_word) == 1 and last_word.isalpha())
                or _INITIALS.fullmatch(last_word)  # "Muhammad B.S. Jallow"
            ):
                continue
            following = text[end : end + 3].lstrip()
            if following and following[0].islower():
                continue
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
