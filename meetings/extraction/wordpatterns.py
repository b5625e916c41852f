"""Case-insensitive patterns that start at a word boundary, found without trying every position.

Python's `re` has no quick way into a pattern that starts with `\\b` and ignores case: it tries the
whole pattern at every position of the text. On a 120-character sentence one search of a cue list
such as "summoned|protest note|démarche" costs about 10 µs, and the extractor runs a few dozen of
them per sentence. The same pattern without the `\\b` and in lower case, searched in the lower-cased
text, is found by its first letters in 1 to 2 µs. `WordPattern` uses that quick form to find the
positions where a match may start and confirms each with the real pattern, so it returns exactly
the matches `re` would. The quick form is only quick when it starts with plain words: an optional
head such as "(?:tele)?phone" sends `re` back to trying every position, so write such alternatives
out ("telephone|phone").

Why the quick form cannot miss a match: wherever the real pattern matches, ignoring case, its
lower-case form matches the lower-cased text at the same position, as long as lower-casing maps each
character to one character and to the letter `re` compares it with. Three characters break that
(found by trying every code point against every ASCII letter, see the tests): "İ" lower-cases to two
characters, and "ı" and "ſ" match "i" and "s" when ignoring case without lower-casing to them. Text
that holds one of them is searched with the real pattern alone.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

# Escapes (\W is not \w) and named groups keep their case when a pattern is lower-cased.
_KEEP_OR_UPPER = re.compile(r"\\.|\(\?P|[A-Z]+")


def _lower_pattern(source: str) -> str:
    return _KEEP_OR_UPPER.sub(lambda m: m.group().lower() if m.group().isalpha() else m.group(), source)


# The extractor searches one sentence with a few dozen patterns in a row: the sentence is lowered
# once. One (text, lowered) pair, replaced as a whole, so threads sharing it never see a mixed pair.
_last_lowered: tuple[str, str | None] = ("", "")


def _lowered(text: str) -> str | None:
    """`text` lower-cased, or None when the quick form cannot be trusted on it (see above)."""
    global _last_lowered
    last_text, last_lowered = _last_lowered
    if text is last_text:
        return last_lowered
    lowered = text.lower()
    if len(lowered) != len(text) or "ı" in lowered or "ſ" in lowered:
        lowered = None
    _last_lowered = (text, lowered)
    return lowered


def _holds_one_of(lowered: str, fragments: tuple[str, ...]) -> bool:
    # A plain loop: any() over a generator costs more than the `in` tests it runs.
    for fragment in fragments:  # noqa: SIM110
        if fragment in lowered:
            return True
    return False


class WordPattern:
    """`re.compile(source, re.IGNORECASE | flags)` for a source that starts with `\\b`, with the
    same `search`, `finditer` and `match` (the last is the plain one: it has no positions to skip).

    `needs`, when given, lists lower-case fragments one of which every match contains ("day" for
    "yesterday", "today" and the weekdays): text that holds none of them is not searched at all.
    It is for patterns whose first letters are too common for the quick form to skip much.
    """

    def __init__(self, source: str, flags: int = 0, *, needs: tuple[str, ...] = ()) -> None:
        if not source.startswith(r"\b"):
            raise ValueError(f"a word pattern starts with \\b: {source!r}")
        if flags & re.IGNORECASE:
            raise ValueError("word patterns always ignore case; pass only the other flags")
        self.pattern = re.compile(source, re.IGNORECASE | flags)
        self._quick = re.compile(_lower_pattern(source[2:]), flags)
        self.match = self.pattern.match
        self.needs = needs

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        lowered = _lowered(text)
        if lowered is None:
            return self.pattern.search(text, pos, endpos)
        if self.needs and not _holds_one_of(lowered, self.needs):
            return None
        quick = self._quick.search
        confirm = self.pattern.match
        while (candidate := quick(lowered, pos, endpos)) is not None:
            match = confirm(text, candidate.start(), endpos)
            if match is not None:
                return match
            pos = candidate.start() + 1
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        while (match := self.search(text, pos, endpos)) is not None:
            yield match
            # After an empty match move on by one; re.finditer would first try a longer match there.
            pos = match.end() if match.end() > match.start() else match.start() + 1


class CuePattern:
    """`re.compile(source, re.IGNORECASE | flags)` searched only in text that holds one of `needs`,
    lower-case fragments one of which every match contains. For cue patterns that do not start at
    a word boundary (anchored ones such as "^\\W*(?:\\w+\\W+){0,12}?(?:several times|...)"), which
    `re` would otherwise walk through on every call."""

    def __init__(self, source: str, flags: int = 0, *, needs: tuple[str, ...]) -> None:
        if not needs:
            raise ValueError("a cue pattern lists the fragments its matches contain")
        self.pattern = re.compile(source, re.IGNORECASE | flags)
        self.needs = needs

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        lowered = _lowered(text)
        if lowered is not None and not _holds_one_of(lowered, self.needs):
            return None
        return self.pattern.search(text, pos, endpos)
