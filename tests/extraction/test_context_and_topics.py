"""Rules for context_event and topics (meetings/extraction/events.py, topics.py), on invented sentences."""

import pytest

from meetings.extraction.events import context_event_of
from meetings.extraction.topics import topics_of


# --- context_event ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a clause after the event goes
        (
            "Minister Lina Varga met President Tomas Reed on the sidelines of the 12th session of the "
            "Northern Waters Assembly and urged the delegates to act.",
            "12th session of the Northern Waters Assembly",
        ),
        # bracketed acronyms go
        (
            "Ola Berg met Ken Sato on the margins of the 5th summit of the Coastal States Union (CSU), "
            "which opened on Monday.",
            "5th summit of the Coastal States Union",
        ),
        # partitives go: "the start of", "the first day of"
        (
            "Ola Berg held talks with Ken Sato in Lima, at the start of a two-day official visit to Peru.",
            "two-day official visit to Peru",
        ),
        (
            "They met on the first day of the Riverside Energy Forum.",
            "Riverside Energy Forum",
        ),
        # "in <place>" is the location, not part of the event
        ("Ola Berg met Ken Sato at the Harbour Trade Forum in Lima.", "Harbour Trade Forum"),
        # a name with a number needs no determiner
        ("Ola Berg met Ken Sato on the sidelines of COP31 in Lima.", "COP31"),
        # honorific possessives go
        ("The talks were held during His Majesty's state visit to Chile.", "state visit to Chile"),
        # "who is on a ... visit"
        ("The president received Ken Sato, who is on an official visit to Kenya.", "official visit to Kenya"),
        # "edition of" an event
        (
            "They met on the sidelines of the 3rd edition of the Valley Forum.",
            "3rd edition of the Valley Forum",
        ),
        # attending
        (
            "Ken Sato, who is in Lima to attend the 7th Andean Water Conference, met Ola Berg.",
            "7th Andean Water Conference",
        ),
    ],
)
def test_context_event_is_a_noun_phrase_naming_an_event(sentence, expected):
    assert context_event_of(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # no event head: a place, a subordinate clause
        "Ola Berg welcomed Ken Sato at the airport before the two held a meeting followed by talks.",
        "The meeting took place at the Foreign Ministry's headquarters on Sunday.",
        # the end of a meeting is not an event it took place at
        "At the end of the session, Ola Berg and Ken Sato spoke briefly.",
        # generic phrases that do not say which event
        "Ola Berg met Ken Sato on the sidelines of the forum, she said.",
        "Ola Berg met Ken Sato on the sidelines of an international forum.",
        "During the talks, Ola Berg and Ken Sato discussed trade.",
        # press conferences report a meeting, they are not its setting
        "Ola Berg spoke at a joint press conference with Ken Sato after the meeting.",
        # the bare "on" cue only takes visits and tours
        "Ola Berg briefed Ken Sato on the Harbour Summit preparations.",
    ],
)
def test_context_event_is_none_rather_than_a_fragment(sentence):
    assert context_event_of(sentence) is None


def test_generic_context_falls_back_to_the_event_named_in_the_article(run):
    text = (
        "Kenyan Foreign Minister Amina Odhiambo met Chilean Foreign Minister Ricardo Soto on the sidelines "
        "of the 4th Pacific Rim Forum in Lima on Monday.\n\n"
        "Odhiambo also met Peruvian Foreign Minister Lucia Quispe on the sidelines of the forum."
    )
    meetings = run(text)
    assert [m["context_event"] for m in meetings] == ["4th Pacific Rim Forum", "4th Pacific Rim Forum"]


# --- topics -------------------------------------------------------------------------------------
def test_topics_drop_reporting_tails_and_generic_words():
    topics = topics_of(
        [
            "The sides discussed cooperation, energy security and regional stability, a ministry statement said."
        ]
    )
    assert topics == ["energy security and regional stability"]


def test_topics_keep_a_short_list_as_one_phrase():
    assert topics_of(["The ministers discussed trade, investment and transport links."]) == [
        "trade, investment and transport links"
    ]


def test_topics_split_longer_lists_and_as_well_as():
    topics = topics_of(
        [
            "The two sides exchanged views on the war in the Sahel and the efforts to secure a truce, "
            "as well as on the situation in the Horn of Africa."
        ]
    )
    assert topics == ["war in the Sahel", "efforts to secure a truce", "situation in the Horn of Africa"]


def test_topics_lose_framing_words():
    topics = topics_of(
        [
            "They reviewed the current state and prospects of Kenya-Peru cooperation and discussed ways to "
            "strengthen cooperation in the fields of fisheries and tourism."
        ]
    )
    assert topics == ["Kenya-Peru cooperation", "fisheries and tourism"]


def test_topics_case_is_normalised_and_duplicates_go():
    topics = topics_of(
        [
            "Maritime safety and the situation in the Red Sea were also discussed.",
            "The ministers discussed maritime safety and the Red Sea.",
        ]
    )
    assert topics == ["maritime safety", "situation in the Red Sea", "Red Sea"]


def test_topics_skip_plans_and_pronoun_fragments():
    assert topics_of(["The leaders are expected to discuss climate finance at the summit."]) == []
    assert topics_of(["He said he was ready to meet them to discuss their return."]) == []
    assert topics_of(
        ["They discussed the partnership and means of strengthening it in the economic field."]
    ) == ["partnership"]


def test_topics_between_a_and_b_stays_together_or_loses_the_tail():
    topics = topics_of(
        [
            "They reviewed the strategic relations between Chile and the Republic of Kenya, and the trade in copper."
        ]
    )
    assert topics == ["strategic relations", "trade in copper"]


def test_topics_are_at_most_six_words_and_at_most_six_topics():
    topics = topics_of(
        [
            "The sides discussed the long and complicated history of bilateral fishing disputes in the area, "
            "tourism, mining, fisheries, health, education, culture and sport."
        ]
    )
    assert all(1 <= len(t.split()) <= 6 for t in topics)
    assert len(topics) <= 6
    assert "long and complicated history of bilateral fishing disputes in the area" not in topics


def test_topics_come_from_sentences_after_the_meeting(run):
    text = (
        "Kenyan Foreign Minister Amina Odhiambo met Chilean Foreign Minister Ricardo Soto in Santiago on Monday.\n\n"
        "The sides discussed copper trade and the situation in the Andes, the ministry said.\n\n"
        "Odhiambo also met Peruvian Foreign Minister Lucia Quispe.\n\n"
        "The two ministers focused on fisheries."
    )
    meetings = run(text)
    assert [m["topics"] for m in meetings] == [["copper trade", "situation in the Andes"], ["fisheries"]]
