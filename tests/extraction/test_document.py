"""clean_scrape(): scraped noise out, article sentences kept, what the noise says kept as data.

All texts here are written for these tests.
"""

import datetime as dt

import pytest

from meetings.extraction.document import (
    CleanedText,
    agency_name,
    canonical_source,
    clean_scrape,
    date_from_month_day,
    normalise_characters,
    parse_date,
)

MEETING = "The foreign minister of Chile received the ambassador of Ghana in Santiago on Monday."
FOLLOW_UP = "Both sides agreed to hold political consultations next spring."


def test_clean_scrape_plain_text_is_unchanged():
    result = clean_scrape(f"{MEETING}\n\n{FOLLOW_UP}")

    assert result == CleanedText(text=f"{MEETING}\n\n{FOLLOW_UP}")


def test_clean_scrape_date_header_with_font_controls_on_the_same_line():
    result = clean_scrape(f" date 2024-03-05 + ↺ − 16 px\n\n{MEETING}\n\n{FOLLOW_UP}")

    assert (result.published, result.text) == (dt.date(2024, 3, 5), f"{MEETING}\n\n{FOLLOW_UP}")


@pytest.mark.parametrize(
    "header",
    ["date 2024-03-05", "Date: 2024-03-05", "published: 5 March 2024", "date 2024-03-05T08:15:00+05:00"],
)
def test_clean_scrape_date_header_forms(header):
    assert clean_scrape(f"{header}\n{MEETING}").published == dt.date(2024, 3, 5)


def test_clean_scrape_title_and_url_headers():
    result = clean_scrape(f"title: Chile and Ghana talk trade\nurl: https://news.example/a1\n\n{MEETING}")

    assert (result.title, result.url, result.text) == (
        "Chile and Ghana talk trade",
        "https://news.example/a1",
        MEETING,
    )


def test_clean_scrape_sentence_starting_like_a_header_is_kept():
    text = "Published reports said the ministers met twice.\n\nSource of the leak was not named."

    assert clean_scrape(text).text == text


@pytest.mark.parametrize(
    "junk",
    [
        "+ ↺ − 16 px",
        "A A A",
        "A+ A-",
        "Share",
        "Print",
        "Share | Tweet | Email",
        "Font size: A A A",
        "Read more: Chile opens embassy in Accra",
        "READ MORE",
        "See also: Ghana and Chile sign accord",
        "Follow us on X and Telegram",
        "Follow The Example Times on Google News",
        "Copyright © 2024 Example Times",
        "Example Times. All rights reserved.",
        "pic.twitter.com/AbC123xyz",
        "Advertisement",
    ],
)
def test_clean_scrape_removes_page_control_lines(junk):
    result = clean_scrape(f"{MEETING}\n\n{junk}\n\n{FOLLOW_UP}")

    assert result.text == f"{MEETING}\n\n{FOLLOW_UP}"


@pytest.mark.parametrize(
    "sentence",
    [
        "See also the statement the ministry issued on Tuesday.",
        "Copyright law was among the topics discussed.",
        "Follow the minister's schedule on the ministry website.",
        "A delegation of Ghana arrived on Sunday.",
        "Share prices rose after the talks.",
        "Reset of relations was the aim of the visit.",
    ],
)
def test_clean_scrape_keeps_sentences_that_look_like_junk(sentence):
    assert clean_scrape(f"{MEETING}\n\n{sentence}").text == f"{MEETING}\n\n{sentence}"


def test_clean_scrape_junk_line_inside_a_paragraph_joins_its_neighbours():
    assert clean_scrape(f"{MEETING}\nShare\n{FOLLOW_UP}").text == f"{MEETING}\n{FOLLOW_UP}"


DATELINES = [
    # (dateline, source, place, month and day of the dateline)
    ("ISLAMABAD, Nov 22 (APP/DNA):", "APP", "Islamabad", (11, 22)),
    ("BAKU, November 12. /TASS/.", "TASS", "Baku", (11, 12)),
    ("Ankara (AA) -", "Anadolu Agency", "Ankara", None),
    ("Tashkent, Uzbekistan (UzA) —", "UzA", "Tashkent", None),
    ("RABAT, Nov 13 (MAP) -", "MAP", "Rabat", (11, 13)),
    ("Beijing, Nov. 12 (Xinhua) --", "Xinhua", "Beijing", (11, 12)),
    ("NEW YORK (Reuters) -", "Reuters", "New York", None),
    ("ASTANA. KAZINFORM -", "Kazinform", "Astana", None),
    ("Baku, November 13, AZERTAC.", "AZERTAC", "Baku", (11, 13)),
    ("(Reuters) -", "Reuters", None, None),
    ("WASHINGTON —", None, "Washington", None),
    ("ISLAMABAD:", None, "Islamabad", None),
    ("BAKU, Azerbaijan, November 13.", None, "Baku", (11, 13)),
    ("YEREVAN, NOV 13, ARMENPRESS.", "Armenpress", "Yerevan", (11, 13)),  # the month in capitals
    ("New Delhi, Nov 13 (PTI)", "PTI", "New Delhi", (11, 13)),  # a known agency, then the story
    ("Accra, Nov 13, GNA -", "GNA", "Accra", (11, 13)),
    ("Addis Ababa, Nov 13/2023 (ENA)", "ENA", "Addis Ababa", (11, 13)),
    ("Damascus, SANA-", "SANA", "Damascus", None),
    ("Madrid, Nov 13 (EFE).-", "EFE", "Madrid", (11, 13)),
    ("HAVANA, Nov 13 (Prensa Latina) -", "Prensa Latina", "Havana", (11, 13)),
    ("Bucharest, 13 Nov /Agerpres/ -", "Agerpres", "Bucharest", (11, 13)),
    ("NNA -", "NNA", None, None),  # a known agency alone, in the place of a place
]


def test_clean_scrape_place_and_agency_on_a_line_of_their_own():
    result = clean_scrape(f"date 2023-11-23\n\nBaghdad - INA\n\n{MEETING}")
    assert (result.text, result.source, result.dateline_place) == (MEETING, "INA", "Baghdad")
    # An unknown word after the dash is not an agency: the line stays.
    assert clean_scrape(f"Baghdad - Update\n\n{MEETING}").text.startswith("Baghdad - Update")


@pytest.mark.parametrize(("dateline", "source", "place", "month_day"), DATELINES)
def test_clean_scrape_dateline_is_removed_and_read(dateline, source, place, month_day):
    result = clean_scrape(f"date 2023-11-23\n\n{dateline} {MEETING}\n\n{FOLLOW_UP}")

    expected_date = dt.date(2023, *month_day) if month_day else None
    assert (result.text, result.source, result.dateline_place, result.dateline_date, result.dateline) == (
        f"{MEETING}\n\n{FOLLOW_UP}",
        source,
        place,
        expected_date,
        dateline,
    )


def test_clean_scrape_unknown_code_in_brackets_needs_a_separator_to_be_an_agency():
    text = "Kenyan President Amani Njoroge (KPA) met the Chilean ambassador."
    assert clean_scrape(text).dateline is None
    assert clean_scrape(f"Nairobi, Nov 13 (XYZ) {MEETING}").dateline is None


def test_clean_scrape_dateline_with_year_gives_the_publication_date():
    result = clean_scrape(f"Abu Dhabi, 12th November, 2023 (WAM) -- {MEETING}")

    assert (result.text, result.source, result.published, result.dateline_place) == (
        MEETING,
        "WAM",
        dt.date(2023, 11, 12),
        "Abu Dhabi",
    )


def test_clean_scrape_date_header_wins_over_the_dateline_year():
    result = clean_scrape(f"date 2023-11-13\n\nAbu Dhabi, 12th November, 2023 (WAM) -- {MEETING}")

    assert (result.published, result.dateline_date) == (dt.date(2023, 11, 13), dt.date(2023, 11, 12))


def test_clean_scrape_dateline_without_year_and_without_date_header_leaves_the_date_open():
    result = clean_scrape(f"RABAT, Nov 13 (MAP) - {MEETING}")

    assert (result.published, result.dateline_date, result.dateline) == (None, None, "RABAT, Nov 13 (MAP) -")


def test_clean_scrape_dateline_in_december_published_in_january_is_last_year():
    result = clean_scrape(f"date 2024-01-02\n\nBeijing, Dec. 31 (Xinhua) -- {MEETING}")

    assert result.dateline_date == dt.date(2023, 12, 31)


def test_clean_scrape_menafn_prefix_names_the_agency_after_it():
    result = clean_scrape(f"(MENAFN- The Peninsula) QNA\n\nDoha: {MEETING}")

    assert (result.source, result.dateline_place, result.text) == ("QNA", "Doha", MEETING)


def test_clean_scrape_menafn_prefix_with_place_on_the_same_line():
    result = clean_scrape(f"(MENAFN- The Peninsula) QNA Doha: {MEETING}")

    assert (result.source, result.dateline_place, result.text) == ("QNA", "Doha", MEETING)


def test_clean_scrape_menafn_prefix_without_agency_names_the_publisher():
    result = clean_scrape(f"(MENAFN- Gulf Harbour Daily) {MEETING}")

    assert (result.source, result.text) == ("Gulf Harbour Daily", MEETING)


@pytest.mark.parametrize(
    "opening",
    [
        "UN Secretary-General Jane Roe (UNSG) met the President on Monday.",
        "Foreign Minister Jane Roe (FM) met her counterpart.",
        "NATO – the alliance – met in Brussels.",
        "President Ana Soto received the delegation.",
        "Chile's foreign minister, Ana Soto, met her Ghanaian counterpart.",
        "UN Special Envoy (UNSE): talks will resume in May.",
        "(UPDATED): The ministers met again on Friday.",
    ],
)
def test_clean_scrape_openings_that_are_not_datelines_are_kept(opening):
    result = clean_scrape(opening)

    assert (result.text, result.dateline) == (opening, None)


def test_clean_scrape_menafn_known_agency_starting_a_sentence_is_kept():
    result = clean_scrape("(MENAFN- Gulf Harbour Daily) Trend reported that the ministers met.")

    assert (result.text, result.source) == ("Trend reported that the ministers met.", "Gulf Harbour Daily")


def test_clean_scrape_weekday_date_line_gives_a_date_and_no_place():
    result = clean_scrape(f"Tuesday, November 14, 2023.\n\n{MEETING}")

    assert (result.text, result.published, result.dateline_place) == (MEETING, dt.date(2023, 11, 14), None)


def test_clean_scrape_unknown_agency_code_in_a_capitals_dateline():
    result = clean_scrape(f"SEOUL, Nov 1 (KCNA) - {MEETING}")

    assert (result.text, result.source, result.dateline_place) == (MEETING, "KCNA", "Seoul")


def test_clean_scrape_headline_above_a_dateline_becomes_the_title():
    result = clean_scrape(f"Chile and Ghana deepen ties\n\nRABAT, Nov 13 (MAP) - {MEETING}\n\n{FOLLOW_UP}")

    assert (result.title, result.text) == ("Chile and Ghana deepen ties", f"{MEETING}\n\n{FOLLOW_UP}")


def test_clean_scrape_headline_right_above_a_dateline_without_a_blank_line_becomes_the_title():
    """A headline of the form "Chile, Ghana ministers hold talks" would otherwise be read as a
    sentence, and "Chile, Ghana ministers" as a name and its title."""
    result = clean_scrape(f"Chile and Ghana deepen ties\nRABAT, Nov 13 (MAP) - {MEETING}\n\n{FOLLOW_UP}")

    assert (result.title, result.source, result.text) == (
        "Chile and Ghana deepen ties", "MAP", f"{MEETING}\n\n{FOLLOW_UP}",
    )  # fmt: skip
    # A first line that ends like a sentence is the story itself.
    kept = clean_scrape(f"Ministers met on Monday.\nRABAT, Nov 13 (MAP) - {MEETING}")
    assert kept.title is None and kept.text.startswith("Ministers met on Monday.")


def test_clean_scrape_first_line_without_dateline_is_not_a_title():
    result = clean_scrape(f"Chile and Ghana deepen ties\n\n{MEETING}")

    assert (result.title, result.text) == (None, f"Chile and Ghana deepen ties\n\n{MEETING}")


@pytest.mark.parametrize(
    ("signature", "source"),
    [
        ("News.Az", "News.Az"),
        ("Source: Saudi Press Agency", "Saudi Press Agency"),
        ("Source: SPA", "Saudi Press Agency"),
        ("—Kazinform", "Kazinform"),
        ("- Xinhua", "Xinhua"),
        ("/ Trend /", "Trend"),
        ("/TASS/", "TASS"),
        ("AzerTac", "AZERTAC"),
        ("(ends)", None),
        ("-- END --", None),
    ],
)
def test_clean_scrape_trailing_signature_is_removed_and_read(signature, source):
    result = clean_scrape(f"{MEETING}\n\n{FOLLOW_UP}\n\n{signature}")

    assert (result.text, result.source) == (f"{MEETING}\n\n{FOLLOW_UP}", source)


def test_clean_scrape_stacked_signature_and_end_mark():
    result = clean_scrape(f"{MEETING}\n\nTrend\n(ends)")

    assert (result.text, result.source) == (MEETING, "Trend")


def test_clean_scrape_signature_glued_to_the_last_sentence():
    result = clean_scrape(f"{MEETING} {FOLLOW_UP} News.Az")

    assert (result.text, result.source) == (f"{MEETING} {FOLLOW_UP}", "News.Az")


def test_clean_scrape_last_line_that_is_a_sentence_is_kept():
    text = f"{MEETING}\n\nThe talks ended late in the evening."

    assert clean_scrape(text).text == text


def test_clean_scrape_dateline_agency_wins_over_signature():
    result = clean_scrape(f"RABAT, Nov 13 (MAP) - {MEETING}\n\nNews.Az")

    assert (result.text, result.source) == (MEETING, "MAP")


def test_clean_scrape_in_text_mention_sets_source_and_stays():
    text = f"The ministers of Chile and Ghana met in Santiago, News.az reports.\n\n{FOLLOW_UP}"

    result = clean_scrape(text)

    assert (result.text, result.source) == (text, "News.Az")


def test_clean_scrape_in_text_mention_of_a_person_is_not_a_source():
    text = "The talks were friendly, the Foreign Minister reports."

    assert clean_scrape(text).source is None


def test_clean_scrape_embedded_tweet_block_is_removed():
    text = (
        f"{MEETING}\n\n"
        "Warm talks with my friend from Accra today on trade and culture. pic.twitter.com/Qw3rTy12\n\n"
        "— Ana Soto (@anasoto_cl) November 13, 2023\n\n"
        f"{FOLLOW_UP}"
    )

    assert clean_scrape(text).text == f"{MEETING}\n\n{FOLLOW_UP}"


def test_clean_scrape_embedded_tweet_on_adjacent_lines_is_removed():
    text = (
        f"{MEETING}\n\n"
        "Warm talks with my friend from Accra today.\n"
        "pic.twitter.com/Qw3rTy12\n"
        "— Ana Soto (@anasoto_cl) November 13, 2023\n\n"
        f"{FOLLOW_UP}"
    )

    assert clean_scrape(text).text == f"{MEETING}\n\n{FOLLOW_UP}"


def test_clean_scrape_embedded_tweet_on_one_line_is_removed():
    text = f"{MEETING}\nWarm talks today! pic.twitter.com/Qw3rTy12— Ana Soto (@anasoto_cl) Nov 13, 2023\n{FOLLOW_UP}"

    assert clean_scrape(text).text == f"{MEETING}\n{FOLLOW_UP}"


def test_clean_scrape_tweet_signature_never_takes_a_long_article_paragraph():
    paragraph = f"{MEETING} {FOLLOW_UP}\nThe minister thanked her hosts."
    text = f"{paragraph}\n\n— Ana Soto (@anasoto_cl) November 13, 2023"

    assert clean_scrape(text).text == paragraph


def test_clean_scrape_inline_twitter_link_is_stripped_and_sentence_kept():
    text = "The minister posted a photo of the meeting pic.twitter.com/Zx9Yw8 on Monday."

    assert clean_scrape(text).text == "The minister posted a photo of the meeting on Monday."


def test_clean_scrape_whitespace_is_normalised_and_paragraphs_kept():
    raw = f"  {MEETING}  \r\n\r\n\r\n\t{FOLLOW_UP}\u00a0 \n\n\n"

    assert clean_scrape(raw).text == f"{MEETING}\n\n{FOLLOW_UP}"


def test_clean_scrape_removes_zero_width_and_control_characters_and_composes_accents():
    raw = "The minister of Pe\u0301ru\u200b met Ana\u00adSoto\x07 in Bogota\u0301.\ufeff"

    assert clean_scrape(raw).text == "The minister of Péru met AnaSoto in Bogotá."


def test_clean_scrape_empty_and_junk_only_inputs_give_empty_text():
    assert [clean_scrape(raw).text for raw in ["", "   \n\n", "Share\nPrint\nA A A\n(ends)"]] == ["", "", ""]


def test_clean_scrape_keeps_every_sentence_of_a_realistic_scrape():
    sentences = [
        "The foreign minister of Chile met the foreign minister of Ghana in Accra on Tuesday.",
        "The ministers discussed cocoa exports, copper and a direct air link.",
        "They also signed a memorandum on diplomatic training.",
    ]
    raw = (
        "date 2024-05-14 + ↺ − 16 px\n\nShare\n\n"
        f"ACCRA, May 14 (AFP) - {sentences[0]}\n\n{sentences[1]}\n\nRead more: Other news\n\n"
        f"{sentences[2]}\n\nFollow us on Telegram\n\n(ends)"
    )

    result = clean_scrape(raw)

    assert (result.text, result.source, result.published, result.dateline_date) == (
        "\n\n".join(sentences),
        "AFP",
        dt.date(2024, 5, 14),
        dt.date(2024, 5, 14),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-11-13", dt.date(2023, 11, 13)),
        ("2023-11-13T23:30:00+04:00", dt.date(2023, 11, 13)),
        ("2023-11-13T23:30:00Z", dt.date(2023, 11, 13)),
        ("Mon, 13 Nov 2023 23:30:00 +0400", dt.date(2023, 11, 13)),
        ("13 November 2023", dt.date(2023, 11, 13)),
        ("November 13, 2023", dt.date(2023, 11, 13)),
        ("Nov. 13, 2023", dt.date(2023, 11, 13)),
        ("13th of November, 2023", dt.date(2023, 11, 13)),
        ("2023/11/13", dt.date(2023, 11, 13)),
        ("13.11.2023", dt.date(2023, 11, 13)),
        ("2023-02-30", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date_forms(value, expected):
    assert parse_date(value) == expected


def test_date_from_month_day_uses_reference_year_or_the_one_before():
    assert [
        date_from_month_day(11, 12, dt.date(2023, 11, 13)),
        date_from_month_day(12, 30, dt.date(2024, 1, 2)),
        date_from_month_day(2, 30, dt.date(2024, 3, 1)),
    ] == [dt.date(2023, 11, 12), dt.date(2023, 12, 30), None]


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("AA", "Anadolu Agency"),
        ("APP", "APP"),
        ("QNA", "QNA"),
        ("news.az", "News.Az"),
        ("Daily Mirror", "Daily Mirror"),
    ],
)
def test_agency_name_normalises_known_codes(code, name):
    assert agency_name(code) == name


def test_normalise_characters_line_breaks_and_spaces():
    assert normalise_characters("a\r\nb\rc\u2028d\u00a0e\u2009f") == "a\nb\nc\nd e f"


# --- Page furniture as wire sites print it (texts written for these tests) ---------------------------


def test_clean_scrape_headline_subtitle_byline_stamp_and_place_line():
    raw = (
        "Chile and Ghana open new chapter in relations\n"
        "Ministers agree on visa waiver and direct flights\n\n"
        "Desk Editor   |14.05.2024 - Update : 15.05.2024\n"
        "SANTIAGO\n\n"
        f"{MEETING}\n\n"
        "Example Agency website contains selected stories only."
    )

    result = clean_scrape(raw)

    assert (result.title, result.published, result.dateline_place, result.text) == (
        "Chile and Ghana open new chapter in relations",
        dt.date(2024, 5, 14),
        "Santiago",
        f"Ministers agree on visa waiver and direct flights\n\n{MEETING}\n\nExample Agency website contains selected stories only.",
    )


@pytest.mark.parametrize(
    "stamp",
    [
        "14 MAY 2024, 15:47",
        "14 May 2024, 13:58",
        "May 14, 2024, 6:31 pm",
        "14/05/2024 03:25 PM",
        "14.05.2024 [16:05]",
        "Tuesday 14 May 2024 - 17:15",
        "14 May 2024 15:22 (UTC +04:00)",
        "2024-05-14 22:10",
    ],
)
def test_clean_scrape_page_stamp_and_section_label_above_the_article(stamp):
    result = clean_scrape(f"{stamp}\nWorld politics\n\n{MEETING}")

    assert (result.published, result.text) == (dt.date(2024, 5, 14), MEETING)


def test_clean_scrape_section_label_naming_an_agency_is_a_source_hint():
    result = clean_scrape(f"May 14, 2024, 23:10\nIRNA English\n\n{MEETING}")

    assert (result.source, result.text) == ("IRNA", MEETING)


def test_clean_scrape_mixed_case_place_below_a_stamp_is_a_dateline():
    result = clean_scrape(f"Tuesday 14 May 2024 - 17:15\n\nSantiago (Chile) - {MEETING}")

    assert (result.dateline_place, result.text) == ("Santiago", MEETING)


def test_clean_scrape_agency_after_the_place():
    result = clean_scrape(f"Santiago, IRNA -- {MEETING}")

    assert (result.source, result.dateline_place, result.text) == ("IRNA", "Santiago", MEETING)


def test_clean_scrape_dateline_with_two_calendars_and_agency():
    result = clean_scrape(f"Riyadh, Dhu al-Qadah 6, 1445, May 14, 2024, SPA -- {MEETING}")

    assert (result.source, result.published, result.dateline_place, result.text) == (
        "Saudi Press Agency",
        dt.date(2024, 5, 14),
        "Riyadh",
        MEETING,
    )


def test_clean_scrape_slash_region_in_dateline():
    result = clean_scrape(f"PANAJI /India/, May 4. /TASS/. {MEETING}")

    assert (result.source, result.dateline_place, result.text) == ("TASS", "Panaji", MEETING)


def test_clean_scrape_place_line_alone_above_the_first_sentence():
    result = clean_scrape(f"SANTIAGO, Chile\n\n{MEETING}\n\n{FOLLOW_UP}")

    assert (result.dateline_place, result.text) == ("Santiago", f"{MEETING}\n\n{FOLLOW_UP}")


def test_clean_scrape_menu_bar_is_junk():
    result = clean_scrape(f"Home | National | Business | World | Sports\n\n{MEETING}")

    assert (result.title, result.text) == (None, MEETING)


@pytest.mark.parametrize(
    ("trailer", "source", "published"),
    [
        ("Source: Xinhua| 2024-05-14 21:40:03|Editor: desk", "Xinhua", dt.date(2024, 5, 14)),
        ("APP/ZZK", "APP", None),
        ("WAM/Jane Roe", "WAM", None),
        ("MENAFN14052024000063011010ID1100000000", None, None),
        ("-- BERNAMA", "Bernama", None),
        ("(END)", None, None),
    ],
)
def test_clean_scrape_trailers_give_source_and_date(trailer, source, published):
    result = clean_scrape(f"{MEETING}\n\n{trailer}")

    assert (result.text, result.source, result.published) == (MEETING, source, published)


def test_clean_scrape_agency_in_brackets_after_the_last_sentence():
    result = clean_scrape(f"{MEETING} (PNA)")

    assert (result.text, result.source) == (MEETING, "PNA")


def test_clean_scrape_end_mark_and_editor_initials_after_the_last_sentence():
    assert clean_scrape(f"{MEETING} (end) ab.cd").text == MEETING


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Yonhap News Agency", "Yonhap"),
        ("IRNA English - Politics", "IRNA"),
        ("UzA - National News Agency of Uzbekistan", "UzA"),
        ("Harbour Gazette", "Harbour Gazette"),
        ("AA Gazette", "AA Gazette"),
        # Full names and acronyms of one agency are stored as one source.
        ("Emirates News Agency", "WAM"),
        ("Qatar News Agency - Politics", "QNA"),
        ("Anadolu", "Anadolu Agency"),
    ],
)
def test_canonical_source_reduces_outlet_names_to_known_agencies(name, expected):
    assert canonical_source(name) == expected


def test_agencies_file_names_each_spelling_once_with_a_known_home_state():
    from meetings.extraction.agencies import agency_spellings
    from meetings.extraction.gazetteer import load_default

    spellings = agency_spellings()
    written = [spelling.written.casefold() for spelling in spellings]
    countries = {entry.value for entry in load_default().phrases.values() if entry.kind == "country"}

    assert len(written) == len(set(written)) > 100
    assert all(spelling.name for spelling in spellings)
    assert {
        state for spelling in spellings if spelling.country for state in spelling.country.split("|")
    } <= countries
    # The cleaner's names and the home states come from the same lines.
    assert agency_home("Saudi Press Agency") == agency_home("SPA") == "SA"


def agency_home(written: str) -> str | None:
    from meetings.extraction.agencies import home_countries

    return home_countries().get(written)
