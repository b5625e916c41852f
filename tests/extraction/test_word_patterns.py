"""WordPattern finds exactly what `re` finds, only faster.

The quick search is only a way to skip positions; these tests hold it to the plain compiled
pattern over every sentence of the demo corpus and over text built to catch the edge cases.
"""

import re
import string
import sys
from pathlib import Path

import pytest

from meetings.extraction import dates, events, meetings, patterns, topics
from meetings.extraction.tokens import sentence_spans
from meetings.extraction.wordpatterns import CuePattern, WordPattern

DEMO = Path(__file__).resolve().parents[2] / "meetings" / "data" / "demo"


def word_patterns() -> list[tuple[str, WordPattern]]:
    found = []
    for module in (patterns, dates, meetings, topics, events):
        for name, value in vars(module).items():
            if isinstance(value, WordPattern):
                found.append((f"{module.__name__}.{name}", value))
    found += [(f"patterns.TRIGGERS[{i}]", pattern) for i, (pattern, _) in enumerate(patterns.TRIGGERS)]
    return found


def demo_sentences() -> list[str]:
    sentences = []
    for path in sorted(DEMO.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [text[start:end] for start, end in sentence_spans(text)]
    return sentences


EDGE_CASES = [
    "",
    "Unmet, the minister MET his Counterpart; they Met again and HELD TALKS with the IAEA.",
    "He summoned the envoy. Summons, summonses and a protest note.",
    "They spoke by telephone on Monday evening and again on Tuesday's afternoon.",
    "The talks, held in Istanbul on 12 November 2023, were the first since 2019.",
    "İstanbul: the minister met the İMO chief; ıt was a mEETıng. Tranſport talkſ were held.",
    "Straße talks: the Minister met Σίσυφος; ΜΕΤ ΟΔΟΣ met",
    "met" * 50,
    "xmet met_ met2 _met met-met met.met",
    "They met late Monday evening, early Friday's night talks, the day before yesterday and tonight.",
    "Last night, this week and last week; on Sunday; Tuesday morning; yesterday and later today.",
    "The talks were held in Sept 2023, on Nov. 12, 2023, on December 3-4 and since May; by Jan 2024.",
    " with Lavrov, whom he had met SEVERAL TIMES, and LAST YEAR in Ankara; back in 2019; years ago.",
    " with Lavrov in the paſt, on ſeveral occaſions, laſt week",
]


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    sentences = demo_sentences()
    assert len(sentences) > 300
    return sentences + EDGE_CASES


@pytest.mark.parametrize(("name", "pattern"), word_patterns(), ids=lambda v: v if isinstance(v, str) else "")
def test_a_word_pattern_matches_exactly_where_re_does(name, pattern, corpus):
    plain = re.compile(pattern.pattern.pattern, pattern.pattern.flags)
    for text in corpus:
        expected = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in pattern.finditer(text)] == expected, (name, text)
        first = plain.search(text)
        found = pattern.search(text)
        assert (found and found.span()) == (first and first.span()), (name, text)
        # With a window, as callers search part of a text.
        middle = len(text) // 2
        windowed = plain.search(text, 3, middle)
        found = pattern.search(text, 3, middle)
        assert (found and found.span()) == (windowed and windowed.span()), (name, text)


def test_the_patterns_the_extractor_searches_most_are_word_patterns():
    names = {name.split(".")[-1] for name, _ in word_patterns()}
    assert {"RELATIVE", "MONTH_ONLY", "SUMMONS", "VIDEO_CUE", "PHONE_CUE", "ATTENDEE_CUE"} <= names
    assert len([n for n in names if n.startswith("TRIGGERS")]) == len(patterns.TRIGGERS)


def test_only_three_characters_match_an_ascii_letter_ignoring_case_without_lowering_to_it():
    """The quick search relies on this list (see the module's docstring): checked against every code point."""
    any_letter = re.compile("[a-z]", re.IGNORECASE)
    exceptions = {
        chr(code_point)
        for code_point in range(0x80, sys.maxunicode + 1)
        if not 0xD800 <= code_point <= 0xDFFF
        and any_letter.fullmatch(chr(code_point))
        and chr(code_point).lower() not in string.ascii_lowercase
    }
    assert exceptions == {"İ", "ı", "ſ"}


def test_a_word_pattern_must_start_at_a_word_boundary_and_always_ignores_case():
    with pytest.raises(ValueError, match="starts with"):
        WordPattern(r"(?:met|held)")
    with pytest.raises(ValueError, match="ignore case"):
        WordPattern(r"\bmet\b", re.IGNORECASE)


def test_upper_case_escapes_keep_their_meaning():
    pattern = WordPattern(r"\bMET\W+(?P<Who>\S+)")
    assert pattern.search("They met, Lavrov said").group("Who") == "Lavrov"
    assert pattern.search("They metLavrov") is None


def cue_patterns() -> list[tuple[str, CuePattern]]:
    return [
        (f"{module.__name__}.{name}", value)
        for module in (patterns, dates, meetings, topics, events)
        for name, value in vars(module).items()
        if isinstance(value, CuePattern)
    ]


@pytest.mark.parametrize(("name", "pattern"), cue_patterns(), ids=lambda v: v if isinstance(v, str) else "")
def test_a_cue_pattern_matches_exactly_where_re_does(name, pattern, corpus):
    """Its fragments only skip text: every match the plain pattern finds, it finds too, in whole
    sentences and in the windows after a trigger that the extractor searches."""
    plain = re.compile(pattern.pattern.pattern, pattern.pattern.flags)
    for text in corpus:
        for window in (text, text[len(text) // 3 :], text[-80:]):
            expected = plain.search(window)
            found = pattern.search(window)
            assert (found and found.span()) == (expected and expected.span()), (name, window)


def test_the_background_cue_after_a_trigger_is_a_cue_pattern():
    assert "meetings.extraction.patterns.BACKGROUND_AFTER" in {name for name, _ in cue_patterns()}
    assert patterns.BACKGROUND_AFTER.search(" Lavrov, whom he has met several times") is not None
    assert patterns.BACKGROUND_AFTER.search(" Lavrov in Ankara on Monday") is None


def test_a_cue_pattern_lists_its_fragments():
    with pytest.raises(ValueError, match="fragments"):
        CuePattern(r"^\W*met", needs=())
