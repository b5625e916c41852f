"""One small test per rule of the 2026.11.2 extractor, in invented sentences (published Tue 14 Nov 2023)."""

import datetime as dt

from meetings.extraction import load_default
from meetings.extraction.mentions import PersonRegistry, SentenceReader
from meetings.extraction.tokens import sentence_spans

from .conftest import principals


def people_of(text):
    reader, registry = SentenceReader(load_default()), PersonRegistry()
    for start, end in sentence_spans(text):
        for mention in reader.read(text, start, end).mentions:
            registry.resolve(mention)
    return registry.people


# --- triggers ----------------------------------------------------------------------------------
def test_rule_co_chaired_joins_both_sides(run):
    pair = run(
        "Kenyan President Amani Njoroge and Chilean President Ines Rojas co-chaired a business council."
    )
    single = run(
        "Kenyan Trade Minister Amani Njoroge co-chaired the third round of the council with Peru's Trade Minister Tomas Vera."
    )
    assert principals(pair[0]) == ["Amani Njoroge", "Ines Rojas"]
    assert principals(single[0]) == ["Amani Njoroge", "Tomas Vera"]


def test_rule_made_a_phone_call_to_is_a_phone_call(run):
    m = run("President of Ghana Kofi Mensah has made a phone call to President of Senegal Awa Diallo.")[0]
    assert (m["kind"], principals(m)) == ("phone_call", ["Kofi Mensah", "Awa Diallo"])


def test_rule_completed_their_talks_reports_a_meeting(run):
    m = run(
        "Norwegian Foreign Minister Ola Berg and Irish Foreign Minister Aine Walsh have completed their talks in Oslo."
    )
    assert principals(m[0]) == ["Ola Berg", "Aine Walsh"]


def test_rule_held_allows_a_few_free_words_before_the_meeting_noun(run):
    m = run(
        "Finnish Foreign Minister Aino Virtanen held annual security consultations with Thai Foreign Minister Somchai Dee."
    )
    assert principals(m[0]) == ["Aino Virtanen", "Somchai Dee"]


def test_rule_gathered_lists_every_principal_after_the_verb(run):
    m = run(
        "The forum gathered Peruvian Foreign Minister Lucia Quispe, Chilean Foreign Minister Ricardo Soto "
        "and Bolivian Foreign Minister Mateo Condori."
    )
    assert principals(m[0]) == ["Lucia Quispe", "Ricardo Soto", "Mateo Condori"]


def test_rule_no_date_set_for_a_meeting_is_a_plan(run):
    assert (
        run(
            "No date has yet been set for a meeting between Kenyan President Amani Njoroge and Chilean President Ines Rojas."
        )
        == []
    )


def test_rule_gerund_after_preposition_is_not_a_report(run):
    text = "Kenyan Foreign Minister Amani Njoroge thanked Chilean President Ines Rojas for hosting the conference."
    assert run(text) == []


def test_rule_first_since_a_year_is_not_background(run):
    m = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas, the first such visit since 2015."
    )
    assert len(m) == 1
    assert (
        run("Kenyan President Amani Njoroge met Chilean President Ines Rojas several times since 2015.") == []
    )


# --- people ------------------------------------------------------------------------------------
def test_rule_a_father_named_inside_a_patronymic_is_another_person():
    people = people_of(
        "King Faris bin Nasser Al Qadir spoke. Crown Prince Hamad bin Faris bin Nasser Al Qadir spoke."
    )
    assert [p.name for p in people] == ["Faris bin Nasser Al Qadir", "Hamad bin Faris bin Nasser Al Qadir"]


def test_rule_country_written_after_the_name(run):
    m = run("President Samuel K. Adeyemi Jr. of Nigeria met Prime Minister Lena Holm of Sweden in Abuja.")[0]
    assert [(p["name"], p["country"]) for p in m["participants"]] == [
        ("Samuel K. Adeyemi Jr", "NG"),
        ("Lena Holm", "SE"),
    ]


def test_rule_title_of_an_unknown_institution_of_a_country(run):
    m = run(
        "Chilean President Ines Rojas met Chairman of the Standing Committee of the Senate of Kenya Amani Njoroge."
    )[0]
    guest = m["participants"][1]
    assert (guest["name"], guest["country"]) == ("Amani Njoroge", "KE")
    assert guest["title"] == "Chairman of the Standing Committee of the Senate of Kenya"


def test_rule_head_of_state_refers_back_to_the_president(run):
    m = run(
        "President of Kenya Amani Njoroge opened the forum. Later, the Head of State met with Prime Minister of Peru Tomas Vera."
    )
    assert principals(m[0]) == ["Amani Njoroge", "Tomas Vera"]


def test_rule_generic_role_refers_back_by_affiliation(run):
    m = run(
        "WHO Director-General Nils Aberg arrived in Lima. The WHO chief then held talks with Peruvian Health Minister Rosa Paz."
    )
    assert principals(m[0]) == ["Nils Aberg", "Rosa Paz"]


def test_rule_official_of_an_eu_organ_represents_the_eu(run):
    m = run("European Commission President Hanna Lind met Kenyan President Amani Njoroge in Nairobi.")[0]
    assert m["participants"][0]["organization"] == "EU"


def test_rule_state_body_defined_in_the_text_is_no_organization(run):
    m = run(
        "Chilean President Ines Rojas met Head of the National Water Agency (NWA) Pablo Ruiz and Peruvian President Tomas Vera separately."
    )
    assert all(not meeting["organizations"] for meeting in m)


# --- attendees ---------------------------------------------------------------------------------
def test_rule_present_at_the_meeting_with_makes_an_attendee(run):
    m = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas. "
        "Kenyan Foreign Minister Wanjiru Kamau was present at the meeting with Rojas."
    )
    assert len(m) == 1
    roles = {p["name"]: p["role"] for p in m[0]["participants"]}
    assert roles == {"Amani Njoroge": "principal", "Ines Rojas": "principal", "Wanjiru Kamau": "attendee"}


def test_rule_with_someone_welcoming_is_an_attendee(run):
    m = run(
        "Kenyan Foreign Minister Amani Njoroge and Chilean Foreign Minister Ines Rojas met in Lima, "
        "with Peruvian Foreign Minister Tomas Vera welcoming the delegations."
    )[0]
    assert principals(m) == ["Amani Njoroge", "Ines Rojas"]


# --- places ------------------------------------------------------------------------------------
def test_rule_countries_talked_about_after_the_meeting_are_not_the_place(run):
    m = run(
        "Kenyan President Amani Njoroge received Chilean President Ines Rojas. "
        "During the meeting, they discussed the situation in Sudan."
    )[0]
    assert m["location"]["country"] == "KE"


def test_rule_demonym_with_a_place_noun_gives_the_country(run):
    m = run("Kenyan President Amani Njoroge met Chilean President Ines Rojas in the Indian state of Kerala.")[
        0
    ]
    assert m["location"]["country"] == "IN"


def test_rule_near_a_city(run):
    m = run("Kenyan President Amani Njoroge met Chilean President Ines Rojas near Madrid.")[0]
    assert m["location"] == {"place": "Madrid", "country": "ES"}


def test_rule_organization_headquarters_gives_the_country(run):
    m = run(
        "Kenyan Foreign Minister Amani Njoroge met NATO Secretary General Erik Olsen at NATO headquarters."
    )[0]
    assert m["location"]["country"] == "BE"


# --- dates -------------------------------------------------------------------------------------
def test_rule_the_same_day_takes_the_date_of_the_meeting_before(run):
    m = run(
        "On Friday, Kenyan President Amani Njoroge met Chilean President Ines Rojas. "
        "The same day, Njoroge met Peruvian President Tomas Vera."
    )
    assert [x["date"] for x in m] == ["2023-11-10", "2023-11-10"]


def test_rule_lead_date_applies_to_meetings_without_one(run):
    m = run(
        "Talks between the two delegations were hosted in Nairobi yesterday. "
        "Kenyan Foreign Minister Amani Njoroge sat down with Chilean Foreign Minister Ines Rojas."
    )
    assert m[0]["date"] == "2023-11-13"


def test_rule_date_in_a_side_clause_belongs_to_another_event(run):
    m = run(
        "Chilean President Ines Rojas, who arrived in Nairobi on Sunday, held talks with Kenyan President Amani Njoroge on Monday."
    )
    assert m[0]["date"] == "2023-11-13"


def test_rule_malaysian_and_iranian_honorifics_are_dropped(run):
    m = run("Prime Minister Datuk Seri Diraja Razak Omar met Thai Prime Minister Somchai Dee in Bangkok.")[0]
    assert principals(m) == ["Razak Omar", "Somchai Dee"]
    m = run("Iranian Foreign Minister Seyed Reza Tavakoli met Thai Prime Minister Somchai Dee in Bangkok.")[0]
    assert principals(m) == ["Reza Tavakoli", "Somchai Dee"]


def test_rule_published_date_at_the_edge_of_the_calendar(run):
    m = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas yesterday.",
        published=dt.date(1, 1, 1),
    )
    assert len(m) == 1


# --- places with lower-case particles -------------------------------------------------------------
def test_rule_a_place_keeps_the_lower_case_particles_its_gazetteer_form_has(run):
    """ "Rio de Janeiro" and "Dar es Salaam" are places, never a run of names that ends in "Salaam"."""
    rio = run("Kenyan President Amani Njoroge met Chilean President Ines Rojas in Rio de Janeiro on Monday.")[
        0
    ]
    assert rio["location"] == {"place": "Rio de Janeiro", "country": "BR"}
    assert principals(rio) == ["Amani Njoroge", "Ines Rojas"]
    dar = run(
        "In Dar es Salaam, Kenyan President Amani Njoroge received Peru's Trade Minister Tomas Vera on Monday."
    )[0]
    assert dar["location"] == {"place": "Dar es Salaam", "country": "TZ"}
    assert principals(dar) == ["Amani Njoroge", "Tomas Vera"]


def test_rule_a_place_with_particles_still_starts_with_a_capital(run):
    reader = SentenceReader(load_default())
    text = "They met in Rio De Janeiro, and later talked of rio de janeiro."
    places = [item.text for item in reader.read(text, 0, len(text)).items if item.kind == "city"]
    assert places == ["Rio De Janeiro"]  # a lower-case first word is never a place


def test_rule_the_month_may_before_a_day_is_not_the_modal_verb(run):
    m = run(
        "Kenyan President Amani Njoroge on May 19 received Peru's Trade Minister Tomas Vera.",
        dt.date(2024, 5, 20),
    )
    assert (principals(m[0]), m[0]["date"]) == (["Amani Njoroge", "Tomas Vera"], "2024-05-19")
    assert run("Kenyan President Amani Njoroge may receive Peru's Trade Minister Tomas Vera in May.") == []


def test_rule_external_affairs_is_a_foreign_ministry(run):
    m = run("External Affairs Minister Ravi Menon met Chilean President Ines Rojas in New Delhi.")[0]
    assert m["participants"][0]["title"] == "External Affairs Minister"


def test_rule_separate_meetings_with_several_people_are_one_meeting_each(run):
    found = run(
        "Kenya's Deputy Foreign Minister Amani Njoroge held separate bilateral meetings with Chile's Trade "
        "Minister Ines Rojas and Peru's Trade Minister Tomas Vera in Nairobi."
    )
    assert [principals(m) for m in found] == [
        ["Amani Njoroge", "Ines Rojas"],
        ["Amani Njoroge", "Tomas Vera"],
    ]
    together = run(
        "Kenya's Deputy Foreign Minister Amani Njoroge held a meeting with Chile's Trade Minister Ines Rojas "
        "and Peru's Trade Minister Tomas Vera in Nairobi."
    )
    assert [principals(m) for m in together] == [["Amani Njoroge", "Ines Rojas", "Tomas Vera"]]


def test_rule_a_title_with_a_list_of_portfolios_still_names_the_person_after_it(run):
    m = run(
        "Kenya's Minister of Foreign Affairs, African Cooperation and Kenyan Diaspora, Amani Njoroge, "
        "had talks in Nairobi with Peru's Trade Minister Tomas Vera."
    )[0]
    first = m["participants"][0]
    assert (first["name"], first["title"], first["country"]) == (
        "Amani Njoroge",
        "Minister of Foreign Affairs",
        "KE",
    )
    assert principals(m) == ["Amani Njoroge", "Tomas Vera"]
    # A name after an ordinary comma-separated phrase takes no title from before it.
    people = people_of("The Foreign Minister, speaking in Nairobi and Lima, thanked Amani Njoroge.")
    assert [p.title for p in people if p.name == "Amani Njoroge"] == [None]


def test_rule_talks_were_held_between_two_people_is_a_meeting(run):
    m = run(
        "Talks were held in Nairobi on Monday between Kenyan President Amani Njoroge and Peru's Trade Minister Tomas Vera."
    )
    assert [principals(x) for x in m] == [["Amani Njoroge", "Tomas Vera"]]
    assert m[0]["location"] == {"place": "Nairobi", "country": "KE"}
    call = run(
        "A telephone conversation was held between Kenyan President Amani Njoroge and Chilean President Ines Rojas."
    )
    assert (call[0]["kind"], principals(call[0])) == ("phone_call", ["Amani Njoroge", "Ines Rojas"])
    assert (
        run(
            "Talks will be held next week between Kenyan President Amani Njoroge and Chilean President Ines Rojas."
        )
        == []
    )


def test_rule_common_abbreviated_titles_are_titles(run):
    m = run(
        "EAM Ravi Menon met Chilean President Ines Rojas in New Delhi. VP Tomas Vera of Peru met Ines Rojas later."
    )
    titles = {p["name"]: p["title"] for meeting in m for p in meeting["participants"]}
    assert titles["Ravi Menon"] == "External Affairs Minister"
    assert titles["Tomas Vera"] == "Vice President"


def test_rule_welcoming_an_agreement_or_a_decision_is_not_hosting_anyone(run):
    assert (
        run(
            "Kenyan President Amani Njoroge welcomed the agreement between Chile and Peru and thanked Chilean "
            "President Ines Rojas and Peru's Trade Minister Tomas Vera for their efforts."
        )
        == []
    )
    assert (
        run(
            "Kenyan President Amani Njoroge welcomed the decision of Chilean President Ines Rojas to free trade."
        )
        == []
    )
    hosted = run("Kenyan President Amani Njoroge welcomed Chilean President Ines Rojas to Nairobi on Monday.")
    assert [principals(m) for m in hosted] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_a_given_name_that_is_also_a_word_belongs_to_the_name_after_a_title_or_comma(run):
    m = run("Austrian Chancellor Christian Stocker and Slovak Prime Minister Robert Fico met in Vienna.")[0]
    assert principals(m) == ["Christian Stocker", "Robert Fico"]
    m = run(
        "Cuban President Miguel Diaz met the General Secretary of the Communist Party of Vietnam, To Lam, "
        "and Vietnamese Deputy Foreign Minister Nguyen Van An in Havana."
    )[0]
    assert principals(m) == ["Miguel Diaz", "To Lam", "Nguyen Van An"]
    # Elsewhere these stay words: "Christian leaders", "in May".
    people = people_of(
        "On Monday, Christian leaders met in Rome. In May Kenyan President Amani Njoroge spoke."
    )
    assert [p.name for p in people] == ["Amani Njoroge"]


def test_rule_a_courtesy_call_received_is_a_visit_not_a_phone_call(run):
    m = run("Kenyan President Amani Njoroge received a courtesy call from Peru's Trade Minister Tomas Vera.")[
        0
    ]
    assert (m["kind"], principals(m)) == ("in_person", ["Amani Njoroge", "Tomas Vera"])
    call = run("Kenyan President Amani Njoroge received a phone call from Peru's Trade Minister Tomas Vera.")[
        0
    ]
    assert call["kind"] == "phone_call"


def test_rule_the_chairperson_in_office_is_a_title(run):
    m = run(
        "Kenyan President Amani Njoroge met the OSCE Chairperson-in-Office, Chilean Foreign Minister Ines Rojas."
    )[0]
    assert principals(m) == ["Amani Njoroge", "Ines Rojas"]


def test_rule_titles_that_name_a_ministry_a_body_or_another_title(run):
    m = run(
        "Minister of State at the Ministry of Foreign Affairs Dr. Amani Njoroge met today with the Special "
        "Envoy of the Secretary-General of the United Nations for Yemen Tomas Vera."
    )[0]
    first, second = m["participants"]
    assert (first["name"], first["title"]) == (
        "Amani Njoroge",
        "Minister of State at the Ministry of Foreign Affairs",
    )
    assert (second["name"], second["title"], second["organization"]) == (
        "Tomas Vera", "Special Envoy of the Secretary-General", "UN",
    )  # fmt: skip
    m = run("Kenyan President Amani Njoroge received the President of the ECOWAS Commission, Dr Tomas Vera.")[
        0
    ]
    assert m["participants"][1]["organization"] == "ECOWAS"
    m = run("Kenyan President Amani Njoroge met the UN Special Envoy for Yemen Tomas Vera in Nairobi.")[0]
    assert (m["participants"][1]["organization"], m["participants"][1]["country"]) == ("UN", None)


def test_rule_a_meeting_last_week_is_news_one_last_month_is_background(run):
    m = run("Kenyan President Amani Njoroge met Chilean President Ines Rojas last week.")[0]
    assert (m["date"], m["date_end"]) == ("2023-11-06", "2023-11-12")
    assert run("Kenyan President Amani Njoroge met Chilean President Ines Rojas last month.") == []


def test_rule_on_the_sidelines_the_venue_is_nobodys_affiliation(run):
    m = run(
        "Foreign Minister Amani Njoroge met Peru's Trade Minister Tomas Vera on the sidelines of the ASEAN "
        "foreign ministers' meeting in Kuala Lumpur."
    )[0]
    assert m["location"]["country"] == "MY"
    assert [p["country"] for p in m["participants"]] == [None, "PE"]
    # Without a summit around it, the host's country is still the unaffiliated host's.
    hosted = run("Foreign Minister Amani Njoroge received Peru's Trade Minister Tomas Vera in Nairobi.")[0]
    assert [p["country"] for p in hosted["participants"]] == ["KE", "PE"]


def test_rule_received_in_a_video_format_is_a_video_call(run):
    m = run("Kenyan President Amani Njoroge received in a video format Peru's Trade Minister Tomas Vera.")[0]
    assert m["kind"] == "video_call"


def test_rule_people_after_a_planned_encounter_are_not_the_other_side_of_a_meeting(run):
    m = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas and will meet Peru's Trade Minister "
        "Tomas Vera next week."
    )
    assert [principals(x) for x in m] == [["Amani Njoroge", "Ines Rojas"]]
    assert (
        run("Kenyan President Amani Njoroge spoke to reporters before meeting Chilean President Ines Rojas.")
        == []
    )
    # "visiting" as an adjective is the meeting's own guest.
    m = run("Kenyan President Amani Njoroge received on Monday visiting Chilean President Ines Rojas.")
    assert [principals(x) for x in m] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_a_host_verb_after_after_or_upon_still_reports_the_meeting(run):
    m = run(
        "After receiving Chilean President Ines Rojas, Kenyan President Amani Njoroge told reporters ties were strong."
    )
    assert len(m) == 1 and set(principals(m[0])) == {"Amani Njoroge", "Ines Rojas"}
    assert (
        run("Kenyan President Amani Njoroge thanked Chilean President Ines Rojas for hosting the talks.")
        == []
    )


def test_rule_a_meeting_later_placed_in_the_past_or_called_a_plan_is_not_reported(run):
    assert (
        run(
            "Kenyan President Amani Njoroge said on Monday that he discussed trade at length with Chilean President "
            "Ines Rojas during their meeting in Santiago last year."
        )
        == []
    )
    assert (
        run(
            "Kenyan President Amani Njoroge's meeting with Chilean President Ines Rojas, planned for next month, "
            "has been postponed."
        )
        == []
    )
    assert (
        run(
            "Kenyan President Amani Njoroge's talks with Chilean President Ines Rojas were postponed on Monday."
        )
        == []
    )
    kept = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas on Monday; the visit had been planned for years."
    )
    assert [principals(m) for m in kept] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_during_a_visit_the_host_country_is_still_the_unaffiliated_hosts(run):
    m = run(
        "Foreign Minister Amani Njoroge received Chilean President Ines Rojas, who is on a state visit to Kenya."
    )[0]
    assert [p["country"] for p in m["participants"]] == ["KE", "CL"]


def test_rule_exchanged_views_by_telephone_is_a_phone_call_between_the_subjects(run):
    m = run(
        "Kenyan President Amani Njoroge and Chilean President Ines Rojas exchanged views by telephone on Monday."
    )[0]
    assert (m["kind"], principals(m)) == ("phone_call", ["Amani Njoroge", "Ines Rojas"])


def test_rule_title_case_headline_words_do_not_join_a_name():
    reader = SentenceReader(load_default())
    text = "President Putin To Meet Xi In Beijing"
    names = [item.text for item in reader.read(text, 0, len(text)).items if item.kind == "name"]
    assert "Putin" in names and not any("To" in name.split() for name in names)


# --- 2026.11.5 ---------------------------------------------------------------------------------
def _people(meeting):
    return [(p["name"], p["role"], p["country"]) for p in meeting["participants"]]


def test_rule_an_attendee_cue_before_the_trigger_does_not_swallow_the_other_side(run):
    inside = run(
        "Kenyan President Amani Njoroge, accompanied by Foreign Minister Otieno Were, met Chilean "
        "President Ines Rojas in Santiago."
    )
    opening = run(
        "Accompanied by Foreign Minister Otieno Were and Trade Minister Mary Wambui, Kenyan President "
        "Amani Njoroge met Chilean President Ines Rojas."
    )
    after = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas in the presence of Foreign "
        "Minister Otieno Were."
    )
    assert [principals(m) for m in inside] == [["Amani Njoroge", "Ines Rojas"]]
    assert [principals(m) for m in opening] == [["Amani Njoroge", "Ines Rojas"]]
    assert [p["name"] for p in opening[0]["participants"] if p["role"] == "attendee"] == [
        "Otieno Were",
        "Mary Wambui",
    ]
    assert [(p["name"], p["country"]) for p in after[0]["participants"] if p["role"] == "attendee"] == [
        ("Otieno Were", None)  # "in the presence of" does not say whose side
    ]
    # "accompanied by" does: the companions are on the subject's side.
    assert [p["country"] for p in inside[0]["participants"] if p["role"] == "attendee"] == ["KE"]
    assert [p["country"] for p in opening[0]["participants"] if p["role"] == "attendee"] == ["KE", "KE"]


def test_rule_a_plural_title_gives_each_name_of_the_list_its_title_and_country(run):
    of_form = run(
        "The presidents of Kenya and Chile, Amani Njoroge and Ines Rojas, met in Nairobi on Monday."
    )
    demonyms = run(
        "The Peruvian, Chilean and Japanese foreign ministers, Lucia Quispe, Ricardo Soto, and Kenji Mori, "
        "held talks in Lima."
    )
    short = run("The presidents of Kenya and Chile, Amani Njoroge, met in Nairobi.")
    assert [(p["name"], p["title"], p["country"]) for p in of_form[0]["participants"]] == [
        ("Amani Njoroge", "President", "KE"),
        ("Ines Rojas", "President", "CL"),
    ]
    assert [(p["title"], p["country"]) for p in demonyms[0]["participants"]] == [
        ("Foreign Minister", "PE"),
        ("Foreign Minister", "CL"),
        ("Foreign Minister", "JP"),
    ]
    assert short == []  # two countries, one name: the lists do not pair up


def test_rule_their_meeting_names_the_people_who_met(run):
    before = run(
        "During their meeting in Nairobi, Kenyan President Amani Njoroge and Chilean President Ines Rojas "
        "reviewed trade."
    )
    inside = run(
        "Kenyan President Amani Njoroge and Chilean President Ines Rojas, during their summit talks in "
        "Nairobi on Monday, agreed on a roadmap."
    )
    plan = run(
        "Ahead of their meeting next week, Kenyan President Amani Njoroge and Chilean President Ines Rojas "
        "spoke about trade."
    )
    assert [principals(m) for m in before] == [["Amani Njoroge", "Ines Rojas"]]
    assert before[0]["location"]["place"] == "Nairobi"
    assert [principals(m) for m in inside] == [["Amani Njoroge", "Ines Rojas"]]
    assert inside[0]["date"] == "2023-11-13"
    assert plan == []


def test_rule_a_ministry_after_a_demonym_and_a_regional_mandate_stay_in_the_title(run):
    m = run(
        "The head of the Kenyan Foreign Ministry, Amani Njoroge, met with the Special Representative of "
        "the European Union for Central Asia, Ines Rojas."
    )[0]
    assert [(p["name"], p["country"]) for p in m["participants"]] == [
        ("Amani Njoroge", "KE"),
        ("Ines Rojas", None),
    ]
    assert m["participants"][1]["organization"] == "EU"
    assert m["participants"][1]["title"] == "Special Representative of the European Union for Central Asia"
    envoy = run("Kenyan President Amani Njoroge met Special Envoy for the Middle East Ines Rojas.")[0]
    assert envoy["participants"][1]["title"] == "Special Envoy for the Middle East"


def test_rule_a_delegation_leader_takes_the_delegations_affiliation(run):
    org = run(
        "Kenyan President Amani Njoroge received a delegation of the World Bank led by its Regional "
        "Director Ines Rojas."
    )[0]
    demonym = run(
        "Kenyan President Amani Njoroge received a Chilean business delegation, led by Chairman Ricardo "
        "Soto, in Nairobi."
    )[0]
    own = run("Kenyan President Amani Njoroge met a delegation led by Peruvian Minister Lucia Quispe.")[0]
    assert org["participants"][1]["organization"] == "WB"
    assert demonym["participants"][1]["country"] == "CL"
    assert own["participants"][1]["country"] == "PE"


def test_rule_the_pope_represents_the_holy_see(run):
    m = run("Pope Leo XIV received Kenyan President Amani Njoroge in Rome on Monday.")[0]
    assert [(p["name"], p["country"]) for p in m["participants"]] == [
        ("Leo XIV", "VA"),
        ("Amani Njoroge", "KE"),
    ]


def test_rule_a_place_whose_name_starts_with_the_keeps_it(run):
    m = run("Kenyan President Amani Njoroge met Chilean President Ines Rojas in The Hague on Monday.")[0]
    assert m["location"] == {"place": "The Hague", "country": "NL"}


def test_rule_a_bare_weekday_dates_the_meeting_but_next_weekday_does_not(run):
    met = run("Kenyan President Amani Njoroge met Monday with Chilean President Ines Rojas in Nairobi.")[0]
    assert met["date"] == "2023-11-13"
    planned = run(
        "Kenyan President Amani Njoroge, who meets Ines Rojas next Monday, met Peruvian President Lucia Quispe."
    )
    assert [m["date"] for m in planned if principals(m) == ["Amani Njoroge", "Lucia Quispe"]] == [
        "2023-11-14"
    ]


def test_rule_talked_on_the_phone_is_a_phone_call(run):
    m = run("Kenyan President Amani Njoroge and Chilean President Ines Rojas talked on the phone on Monday.")[
        0
    ]
    assert (m["kind"], principals(m), m["date"]) == (
        "phone_call",
        ["Amani Njoroge", "Ines Rojas"],
        "2023-11-13",
    )


def test_rule_a_counterpart_from_a_country_takes_its_country(run):
    comma = run(
        "Kenyan Foreign Minister Amani Njoroge met his counterpart from Chile, Ines Rojas, in Nairobi."
    )[0]
    the = run("Kenyan Foreign Minister Amani Njoroge met his counterpart from the Philippines Jose Cruz.")[0]
    assert [(p["name"], p["title"], p["country"]) for p in comma["participants"]] == [
        ("Amani Njoroge", "Foreign Minister", "KE"),
        ("Ines Rojas", "Foreign Minister", "CL"),
    ]
    assert the["participants"][1]["country"] == "PH"


def test_rule_the_city_after_a_named_venue_is_the_place(run):
    m = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas at State House, Nairobi, on Monday."
    )[0]
    assert m["location"] == {"place": "Nairobi", "country": "KE"}


def test_rule_called_on_someone_to_act_is_an_appeal_not_a_visit(run):
    appeal = run(
        "Kenyan President Amani Njoroge called on Chilean President Ines Rojas to release the detainees."
    )
    visit = run(
        "Kenyan Foreign Minister Amani Njoroge called on Chilean President Ines Rojas at the palace in Santiago."
    )
    assert appeal == []
    assert [principals(m) for m in visit] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_a_capitalised_to_in_a_name_is_not_an_infinitive(run):
    m = run(
        "Party General Secretary To Lam hosted a reception in Hanoi on Monday for Kenyan President Amani Njoroge."
    )
    assert [principals(x) for x in m] == [["To Lam", "Amani Njoroge"]]
    assert run("Kenyan President Amani Njoroge hopes to host Chilean President Ines Rojas soon.") == []


def test_rule_an_ambassador_to_the_kingdom_keeps_the_title_across_the_comma(run):
    m = run(
        "The letter was received by Kenyan Foreign Minister Amani Njoroge during his meeting with the "
        "Ambassador of Chile to the Kingdom, Ines Rojas, in Nairobi."
    )
    assert [(p["name"], p["title"], p["country"]) for p in m[0]["participants"]] == [
        ("Amani Njoroge", "Foreign Minister", "KE"),
        ("Ines Rojas", "Ambassador", "CL"),
    ]


def test_rule_talks_without_a_determiner_report_a_meeting_but_not_after_a_background_trigger(run):
    met = run(
        "Kenyan Foreign Minister Amani Njoroge and his Chilean counterpart Ines Rojas agreed on Monday to "
        "cooperate on trade, during talks in Nairobi."
    )
    background = run(
        "Kenyan Foreign Minister Amani Njoroge and his Chilean counterpart Ines Rojas last met in Lima in "
        "May at talks hosted by Peru."
    )
    told = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas on Monday. Peruvian Foreign "
        "Minister Lucia Quispe was present at the meeting with Rojas."
    )
    assert [principals(m) for m in met] == [["Amani Njoroge", "Ines Rojas"]]
    assert background == []
    assert [principals(m) for m in told] == [["Amani Njoroge", "Ines Rojas"]]
    assert [p["name"] for p in told[0]["participants"] if p["role"] == "attendee"] == ["Lucia Quispe"]


def test_rule_also_present_was_names_an_attendee(run):
    m = run(
        "Kenyan President Amani Njoroge received Chilean President Ines Rojas on Monday. Also present was "
        "Foreign Minister Otieno Were."
    )
    assert [p["name"] for p in m[0]["participants"] if p["role"] == "attendee"] == ["Otieno Were"]


def test_rule_a_one_word_place_after_a_given_name_is_a_surname(run):
    m = run("Kenyan President Amani Njoroge met Portuguese Prime Minister Luis Montenegro in Lisbon.")[0]
    assert principals(m) == ["Amani Njoroge", "Luis Montenegro"]
    assert m["location"] == {"place": "Lisbon", "country": "PT"}
    placed = run("Kenyan President Amani Njoroge met Chilean President Ines Rojas in Santiago, Chile.")[0]
    assert placed["location"]["country"] == "CL"


def test_rule_only_someone_with_a_title_takes_the_venues_country(run):
    m = run("Mr Njoroge met Mr Rojas in Santiago on Monday.")[0]
    assert [(p["name"], p["country"]) for p in m["participants"]] == [("Njoroge", None), ("Rojas", None)]


def test_rule_an_apposition_with_also_a_gives_a_title(run):
    m = run(
        "Amani Njoroge, also a member of the Political Bureau, met with Chilean Foreign Minister Ines Rojas in Lima."
    )
    assert [(p["name"], p["title"]) for p in m[0]["participants"]] == [
        ("Amani Njoroge", "Member of the Political Bureau"),
        ("Ines Rojas", "Foreign Minister"),
    ]


def test_rule_a_working_lunch_is_a_meeting(run):
    m = run(
        "Kenyan President Amani Njoroge and Chilean President Ines Rojas opened a road on Monday and later held "
        "a working lunch."
    )
    assert [principals(x) for x in m] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_talks_in_an_adverbial_before_a_plan_are_not_reported(run):
    plan = run(
        "During talks next week, Kenyan President Amani Njoroge and Chilean President Ines Rojas will discuss trade."
    )
    told = run(
        "During talks on Monday, Kenyan President Amani Njoroge and Chilean President Ines Rojas agreed that "
        "experts would meet in May."
    )
    assert plan == []
    assert [principals(m) for m in told] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_president_of_the_republic_is_a_title(run):
    m = run("The President of the Republic, Amani Njoroge, received Chilean Foreign Minister Ines Rojas.")[0]
    assert [(p["name"], p["title"]) for p in m["participants"]] == [
        ("Amani Njoroge", "President of the Republic"),
        ("Ines Rojas", "Foreign Minister"),
    ]


def test_rule_a_head_that_is_also_a_given_name_starts_the_name_after_a_title(run):
    m = run(
        "Kenyan Foreign Minister Otieno Were met Afghan acting Foreign Minister Amir Khan Muttaqi in Kabul."
    )[0]
    assert principals(m) == ["Otieno Were", "Amir Khan Muttaqi"]
    emir = run("Kenyan President Amani Njoroge met Emir Tamim bin Hamad Al Thani in Doha.")[0]
    assert [(p["name"], p["title"]) for p in emir["participants"]][1] == ("Tamim bin Hamad Al Thani", "Emir")


def test_rule_counterparts_from_a_list_of_countries_pair_with_the_names(run):
    m = run(
        "Kenyan Foreign Minister Otieno Were met with his counterparts from Chile, Peru and Japan, Ines Rojas, "
        "Lucia Quispe and Kenji Mori, in Nairobi."
    )[0]
    assert [(p["name"], p["title"], p["country"]) for p in m["participants"]] == [
        ("Otieno Were", "Foreign Minister", "KE"),
        ("Ines Rojas", "Foreign Minister", "CL"),
        ("Lucia Quispe", "Foreign Minister", "PE"),
        ("Kenji Mori", "Foreign Minister", "JP"),
    ]


def test_rule_mandates_after_a_title_stay_in_it(run):
    france = run(
        "Kenyan President Amani Njoroge met with Ines Rojas, Minister for Europe and Foreign Affairs of the "
        "French Republic, in Nairobi."
    )[0]
    sea = run(
        "Kenyan President Amani Njoroge held talks with EU Commissioner for the Mediterranean Ines Rojas."
    )[0]
    assert (france["participants"][1]["title"], france["participants"][1]["country"]) == (
        "Minister for Europe and Foreign Affairs",
        "FR",
    )
    assert principals(sea) == ["Amani Njoroge", "Ines Rojas"]
    assert sea["participants"][1]["organization"] == "EU"


def test_rule_a_policy_chief_is_present_but_the_policy_of_someone_is_not(run):
    chief = run(
        "EU foreign policy chief Ines Rojas held talks with Kenyan Foreign Minister Otieno Were in Nairobi."
    )
    policy = run(
        "Kenyan Foreign Minister Otieno Were met Chilean Foreign Minister Ines Rojas and praised the policy of "
        "President Lucia Quispe."
    )
    assert [principals(m) for m in chief] == [["Ines Rojas", "Otieno Were"]]
    assert [principals(m) for m in policy] == [["Otieno Were", "Ines Rojas"]]


def test_rule_a_virtual_summit_is_a_video_call(run):
    m = run(
        "Kenyan President Amani Njoroge and Chilean President Ines Rojas held a virtual summit on Monday."
    )[0]
    assert (m["kind"], principals(m), m["date"]) == (
        "video_call",
        ["Amani Njoroge", "Ines Rojas"],
        "2023-11-13",
    )


def test_rule_reported_speech_names_the_meeting_not_its_source(run):
    told = run(
        "Kenyan Foreign Ministry spokesperson Otieno Were announced that Foreign Minister Amani Njoroge had met "
        "Chilean Foreign Minister Ines Rojas in Santiago on Saturday."
    )
    own = run(
        "Kenyan Foreign Minister Amani Njoroge said that he met Chilean Foreign Minister Ines Rojas on Monday."
    )
    background = run(
        "Kenyan Foreign Minister Amani Njoroge said that he had met Chilean Foreign Minister Ines Rojas several times."
    )
    assert [(principals(m), m["date"]) for m in told] == [(["Amani Njoroge", "Ines Rojas"], "2023-11-11")]
    assert [principals(m) for m in own] == [["Amani Njoroge", "Ines Rojas"]]
    assert background == []


def test_rule_reported_speech_with_words_between_the_verb_and_that(run):
    statement = run(
        "Kenyan Foreign Ministry spokesperson Otieno Were said in a statement that Foreign Minister Amani Njoroge "
        "met his Chilean counterpart Ines Rojas in Nairobi on Monday."
    )
    briefing = run(
        "Spokesperson Otieno Were told a regular press briefing on Tuesday that Foreign Minister Amani Njoroge "
        "had met Chilean Foreign Minister Ines Rojas on Saturday."
    )
    # The teller is no participant, and the counterpart's title is the minister's, not the spokesperson's.
    assert [[(p["name"], p["title"]) for p in m["participants"]] for m in statement] == [
        [("Amani Njoroge", "Foreign Minister"), ("Ines Rojas", "Foreign Minister")]
    ]
    # Recent news in reported speech, dated to the meeting's day rather than the briefing's.
    assert [(principals(m), m["date"]) for m in briefing] == [(["Amani Njoroge", "Ines Rojas"], "2023-11-11")]


def test_rule_the_source_named_in_a_clause_of_its_own_is_no_participant(run):
    texts = [
        "Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines Rojas on Monday, Foreign "
        "Ministry spokesperson Otieno Were said.",
        "Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines Rojas on Monday, Kenyan "
        "Foreign Ministry spokeswoman Otieno Were told KNA.",
        "Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines Rojas on Monday, presidential "
        "spokesman Otieno Were said in a statement.",
        "Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines Rojas on Monday, according to "
        "presidential spokesperson Otieno Were.",
        "According to presidential spokesperson Otieno Were, Kenyan Foreign Minister Amani Njoroge met Chilean "
        "Foreign Minister Ines Rojas on Monday.",
    ]
    for text in texts:
        assert [principals(m) for m in run(text)] == [["Amani Njoroge", "Ines Rojas"]], text
    # A participant who speaks in a side clause stays one.
    spoke = run(
        "Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines Rojas, who said that ties had grown."
    )
    assert [principals(m) for m in spoke] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_today_and_yesterday_count_from_the_dateline_date():
    from meetings.extraction import extract
    from meetings.extraction.meetings import filing_date
    from meetings.extraction.schema import Document

    def dates(text, dateline_date, published=dt.date(2023, 11, 14)):
        document = Document(text=text, origin="t", published=published, dateline_date=dateline_date)
        return [m["date"] for m in extract(document).to_json()["meetings"]]

    today = "Kenyan President Amani Njoroge received Chilean Foreign Minister Ines Rojas today."
    yesterday = "Kenyan President Amani Njoroge received Chilean Foreign Minister Ines Rojas yesterday."
    # "NAIROBI, Nov 13 (KNA) --" on a page dated the 14th: filed on the 13th.
    assert dates(today, dt.date(2023, 11, 13)) == ["2023-11-13"]
    assert dates(yesterday, dt.date(2023, 11, 13)) == ["2023-11-12"]
    assert dates(today, None) == ["2023-11-14"]
    assert dates(today, dt.date(2023, 11, 13), published=None) == ["2023-11-13"]
    # A story filed weeks before the page's date still counts from its filing day; a dateline more
    # than a year away is more likely misread than the page's date wrong.
    assert filing_date(dt.date(2023, 11, 14), dt.date(2023, 10, 1)) == dt.date(2023, 10, 1)
    assert filing_date(dt.date(2023, 11, 14), dt.date(2022, 10, 1)) == dt.date(2023, 11, 14)
    assert filing_date(dt.date(2023, 11, 14), dt.date(2023, 11, 15)) == dt.date(2023, 11, 15)


def test_rule_given_names_that_are_also_months_or_modals(run):
    def people(text):
        return [[(p["name"], p["title"]) for p in m["participants"]] for m in run(text)]

    assert people("Czech Foreign Minister Jan Novak met Chilean Foreign Minister Ines Rojas on Monday.") == [
        [("Jan Novak", "Foreign Minister"), ("Ines Rojas", "Foreign Minister")]
    ]
    assert people(
        "Kenyan Foreign Minister Amani Njoroge met with Jan Novak, Secretary General of the Norwegian Refugee "
        "Council, on Monday."
    ) == [[("Amani Njoroge", "Foreign Minister"), ("Jan Novak", "Secretary General")]]
    assert people("Former Prime Minister Theresa May met with Irish President Ines Rojas on Monday.") == [
        [("Theresa May", "Former Prime Minister"), ("Ines Rojas", "President")]
    ]
    # Still a month before a number, and still a modal in lower case or in a title-case headline.
    assert people("Kenyan Foreign Minister Amani Njoroge may meet Chilean Foreign Minister Ines Rojas.") == []
    assert people("Kenyan President Amani Njoroge May Meet Chilean President Ines Rojas In Nairobi") == []
    on_may_13 = run(
        "On May 13 Kenyan President Amani Njoroge met Chilean President Ines Rojas.",
        published=dt.date(2023, 5, 14),
    )
    assert [m["date"] for m in on_may_13] == ["2023-05-13"]


def test_rule_titles_of_ireland_and_first_ladies(run):
    texts = {
        "Spanish Prime Minister Pedro Sanchez received Irish Taoiseach Simon Harris in Madrid.": "Taoiseach",
        "Swiss President Viola Amherd received Ukrainian First Lady Olena Zelenska in Bern.": "First Lady",
    }
    for text, title in texts.items():
        assert [m["participants"][1]["title"] for m in run(text)] == [title], text


def test_rule_a_call_and_a_meeting_in_one_sentence_keep_their_own_kinds(run):
    def kinds(text):
        return [(m["kind"], principals(m)[1]) for m in run(text)]

    assert kinds(
        "Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines Rojas, and then held a phone "
        "call with Peruvian Foreign Minister Lucia Quispe."
    ) == [("in_person", "Ines Rojas"), ("phone_call", "Lucia Quispe")]
    assert kinds(
        "Kenyan Foreign Minister Amani Njoroge held a phone call with Chilean Foreign Minister Ines Rojas and "
        "met Peruvian Foreign Minister Lucia Quispe."
    ) == [("phone_call", "Ines Rojas"), ("in_person", "Lucia Quispe")]
    # After a call, "spoke with" is likely another call; a cue that opens the sentence covers all.
    assert kinds(
        "Kenyan Foreign Minister Amani Njoroge received a telephone call from Chilean Foreign Minister Ines "
        "Rojas, and later spoke with Peruvian Foreign Minister Lucia Quispe."
    ) == [("phone_call", "Ines Rojas"), ("phone_call", "Lucia Quispe")]
    assert kinds(
        "In separate phone calls, Kenyan Foreign Minister Amani Njoroge spoke with Chilean Foreign Minister "
        "Ines Rojas and met Peruvian Foreign Minister Lucia Quispe."
    ) == [("phone_call", "Ines Rojas"), ("phone_call", "Lucia Quispe")]


def test_rule_a_clause_with_a_subject_of_its_own_is_another_meeting(run):
    def sides(text):
        return [[(p["name"], p["title"]) for p in m["participants"]] for m in run(text)]

    assert sides(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas, and later Kenyan Foreign Minister "
        "Otieno Were held talks with his Chilean counterpart Lucia Quispe."
    ) == [
        [("Amani Njoroge", "President"), ("Ines Rojas", "President")],
        [("Otieno Were", "Foreign Minister"), ("Lucia Quispe", "Foreign Minister")],
    ]
    assert sides(
        "Kenyan President Amani Njoroge received Chilean President Ines Rojas; Kenyan Foreign Minister Otieno "
        "Were met Peruvian Foreign Minister Lucia Quispe."
    ) == [
        [("Amani Njoroge", "President"), ("Ines Rojas", "President")],
        [("Otieno Were", "Foreign Minister"), ("Lucia Quispe", "Foreign Minister")],
    ]
    # Without a new subject the clause goes on with the first one.
    assert sides(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas, and then held talks with Peruvian "
        "President Lucia Quispe."
    ) == [
        [("Amani Njoroge", "President"), ("Ines Rojas", "President")],
        [("Amani Njoroge", "President"), ("Lucia Quispe", "President")],
    ]


def test_rule_an_untitled_name_beside_a_trigger_is_a_participant(run):
    assert [
        principals(m) for m in run("Amani Njoroge met with Chilean Foreign Minister Ines Rojas on Monday.")
    ] == [["Amani Njoroge", "Ines Rojas"]]
    assert [principals(m) for m in run("Amani Njoroge and Ines Rojas held talks on Monday.")] == [
        ["Amani Njoroge", "Ines Rojas"]
    ]
    assert [
        principals(m) for m in run("Kenyan President Amani Njoroge received Ines Rojas and Lucia Quispe.")
    ] == [["Amani Njoroge", "Ines Rojas", "Lucia Quispe"]]
    # Away from the trigger, or a single word, an untitled name is not taken for a person.
    assert run("The talks at Lancaster House were chaired by Kenyan President Amani Njoroge.") == []
    assert run("Njoroge met Rojas on Monday.") == []
    assert run("Amani Njoroge will meet Ines Rojas on Monday.") == []


def test_rule_names_of_bodies_ranks_of_counterparts_and_copies_of_credentials(run):
    def sides(text):
        return [[(p["name"], p["title"], p["country"]) for p in m["participants"]] for m in run(text)]

    # "Communist" of "the Chinese Communist Party" is no person.
    assert run("A delegation of the Chinese Communist Party called on Kenyan President Amani Njoroge.") == []
    # A rank after "counterpart" is no office: the counterpart holds the subject's.
    assert sides(
        "Kenyan Defence Minister Amani Njoroge held talks with his Chilean counterpart General Ines Rojas."
    ) == [[("Amani Njoroge", "Defence Minister", "KE"), ("Ines Rojas", "Defence Minister", "CL")]]
    # An audience for the copy of an ambassador's credentials is a meeting; a copy of a report is not.
    assert sides(
        "Kenyan Foreign Minister Amani Njoroge received a copy of the credentials of the newly appointed "
        "Ambassador of Chile, Ines Rojas."
    ) == [[("Amani Njoroge", "Foreign Minister", "KE"), ("Ines Rojas", "Ambassador", "CL")]]
    assert (
        run("Kenyan Foreign Minister Amani Njoroge received a copy of the report from Ambassador Ines Rojas.")
        == []
    )


def test_rule_passive_attendance_and_the_attendees_home_side(run):
    def attendees(text, source=None):
        (meeting,) = run(text, source=source)
        return [(p["name"], p["country"]) for p in meeting["participants"] if p["role"] == "attendee"]

    meeting = "Kenyan President Amani Njoroge received Chilean President Ines Rojas on Monday."
    for follow_up in (
        "The meeting was attended by Kenyan Foreign Minister Otieno Were and Chilean Ambassador Lucia Quispe.",
        "Attending the talks were Kenyan Foreign Minister Otieno Were and Chilean Ambassador Lucia Quispe.",
        "On the Kenyan side, the meeting was also attended by Kenyan Foreign Minister Otieno Were and Chilean "
        "Ambassador Lucia Quispe.",
    ):
        assert attendees(f"{meeting} {follow_up}") == [("Otieno Were", "KE"), ("Lucia Quispe", "CL")], (
            follow_up
        )
    # In a report by an agency of the host's state, an official attending without a written
    # affiliation is of that state; an ambassador may be of either side.
    assert attendees(
        f"{meeting} The meeting was attended by Foreign Minister Otieno Were and Ambassador Lucia Quispe.",
        source="Kenya News Agency",
    ) == [("Otieno Were", "KE"), ("Lucia Quispe", None)]
    assert attendees(f"{meeting} The summit was attended by Peruvian President Lucia Quispe.") == []


def test_rule_online_talks_ranks_and_malaysian_honorifics(run):
    (online,) = run("Kenyan President Amani Njoroge held online talks with Chilean President Ines Rojas.")
    assert online["kind"] == "video_call"
    (ranked,) = run(
        "Kenyan President Amani Njoroge received Chilean army commander Gen. Ines Rojas on Monday."
    )
    assert principals(ranked) == ["Amani Njoroge", "Ines Rojas"]
    (datuk,) = run("Foreign Minister Datuk Seri Utama Amani Njoroge met his Thai counterpart Ines Rojas.")
    assert principals(datuk) == ["Amani Njoroge", "Ines Rojas"]
    (assistant,) = run(
        "President Amani Njoroge received a delegation headed by Ines Rojas, Senior Assistant to the Chilean "
        "Foreign Minister."
    )
    assert [(p["name"], p["title"]) for p in assistant["participants"]][1] == (
        "Ines Rojas",
        "Senior Assistant",
    )


def test_rule_back_references_addressees_and_local_offices(run):
    def sides(text):
        return [[(p["name"], p["title"], p["country"]) for p in m["participants"]] for m in run(text)]

    later = sides(
        "Kenyan Foreign Minister Amani Njoroge met Chilean President Ines Rojas on Monday. The top Kenyan "
        "diplomat then held a meeting with his Chilean counterpart Lucia Quispe."
    )
    assert later[1] == [
        ("Amani Njoroge", "Foreign Minister", "KE"),
        ("Lucia Quispe", "Foreign Minister", "CL"),
    ]
    # The addressee of a message its bearer delivered was not at the meeting.
    assert sides(
        "Kenyan Foreign Minister Amani Njoroge received Chilean Foreign Minister Ines Rojas, who delivered a "
        "written message from President Lucia Quispe to His Excellency President Otieno Were."
    ) == [[("Amani Njoroge", "Foreign Minister", "KE"), ("Ines Rojas", "Foreign Minister", "CL")]]
    # A governor or mayor of a city holds office in the city's state.
    for city in ("St. Petersburg", "Saint Petersburg"):
        assert sides(f"Kenyan President Amani Njoroge met with Governor of {city} Ines Rojas on Monday.") == [
            [("Amani Njoroge", "President", "KE"), ("Ines Rojas", f"Governor of {city}", "RU")]
        ]


def test_rule_the_day_a_later_sentence_gives_the_meeting(run):
    meeting = "Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines Rojas in Santiago"
    assert [m["date"] for m in run(f"{meeting}. The meeting took place on November 10.")] == ["2023-11-10"]
    assert [m["date"] for m in run(f"{meeting}. The talks, on November 10, focused on trade.")] == [
        "2023-11-10"
    ]
    # The meeting's own sentence wins, and a later date of something else does not count.
    assert [m["date"] for m in run(f"{meeting} on Saturday. The meeting was announced on November 2.")] == [
        "2023-11-11"
    ]
    assert [m["date"] for m in run(f"{meeting}. The talks will resume on December 10.")] == ["2023-11-14"]


def test_rule_a_list_of_portfolios_with_no_comma_before_the_name(run):
    def sides(comma):
        (meeting,) = run(
            f"Minister of Foreign Affairs, Trade and Kenyan Diaspora{comma} Amani Njoroge{comma} held talks with "
            "the Foreign Minister of Chile, Ines Rojas.",
            source="Kenya News Agency",
        )
        return [(p["name"], p["title"], p["country"]) for p in meeting["participants"]]

    assert sides("") == sides(",")
    assert sides("")[0][0::2] == ("Amani Njoroge", "KE")
    assert sides("")[0][1].startswith("Minister of Foreign Affairs")


def test_rule_a_plural_title_with_each_country_before_its_name(run):
    meetings = run(
        "Kenyan Foreign Minister Amani Njoroge held separate meetings with the foreign ministers of Chile, "
        "Ines Rojas, and Peru, Lucia Quispe."
    )
    assert [[(p["name"], p["title"], p["country"]) for p in m["participants"]][1] for m in meetings] == [
        ("Ines Rojas", "Foreign Minister", "CL"),
        ("Lucia Quispe", "Foreign Minister", "PE"),
    ]


def test_rule_topic_places_given_names_of_places_and_inner_name_parts(run):
    def sides(text):
        return [[(p["name"], p["title"], p["country"]) for p in m["participants"]] for m in run(text)]

    # "the crisis in Haiti" is what they discussed, not where they met: no one is Haitian for it.
    (topic,) = run(
        "Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines Rojas on Monday to discuss the crisis "
        "in Haiti."
    )
    assert (topic["location"], topic["participants"][0]["country"]) == (None, None)
    # A country after a title and before a surname is a given name.
    assert sides("Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Chile Rojas.") == [
        [("Amani Njoroge", "Foreign Minister", "KE"), ("Chile Rojas", "Foreign Minister", "CL")]
    ]
    # "Sheikh" inside a name and the Portuguese "e" keep it whole.
    assert sides("Kenyan President Amani Njoroge met Somali President Hassan Sheikh Mohamud.")[0][1][0] == (
        "Hassan Sheikh Mohamud"
    )
    assert sides("Kenyan President Amani Njoroge met his Chilean counterpart Ines Rojas e Silva.")[0][1][
        0
    ] == ("Ines Rojas e Silva")


def test_rule_more_agency_wordings_of_meetings(run):
    def pairs(text):
        return [(m["kind"], principals(m)) for m in run(text)]

    assert pairs(
        "Kenyan President Amani Njoroge spoke on Monday with Chilean President Ines Rojas by videoconference."
    ) == [("video_call", ["Amani Njoroge", "Ines Rojas"])]
    assert pairs(
        "Kenyan Foreign Minister Amani Njoroge received a visit from Chilean Foreign Minister Ines Rojas."
    ) == [("in_person", ["Amani Njoroge", "Ines Rojas"])]
    # "and later with C", "and another from C": a meeting each.
    assert pairs(
        "Kenyan President Amani Njoroge met on Monday with Chilean President Ines Rojas, and later with Peruvian "
        "Ambassador Lucia Quispe."
    ) == [("in_person", ["Amani Njoroge", "Ines Rojas"]), ("in_person", ["Amani Njoroge", "Lucia Quispe"])]
    assert pairs(
        "Kenyan Foreign Minister Amani Njoroge received a phone call from his Chilean counterpart Ines Rojas, and "
        "another from Peruvian Foreign Minister Lucia Quispe."
    ) == [("phone_call", ["Amani Njoroge", "Ines Rojas"]), ("phone_call", ["Amani Njoroge", "Lucia Quispe"])]
    # Reported speech without "that": the spokesperson did not take part.
    assert pairs(
        "Spokesperson Otieno Were said Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines "
        "Rojas on Monday."
    ) == [("in_person", ["Amani Njoroge", "Ines Rojas"])]


def test_rule_companions_told_after_the_meeting_nuncios_and_the_day_it_took_place(run):
    def sides(text):
        return [
            [(p["name"], p["title"], p["country"], p["role"]) for p in m["participants"]] for m in run(text)
        ]

    meeting = "Kenyan President Amani Njoroge received Chilean President Ines Rojas."
    (companions,) = sides(f"{meeting} The Kenyan President was accompanied by Foreign Minister Otieno Were.")
    assert companions[2] == ("Otieno Were", "Foreign Minister", "KE", "attendee")
    (delegation,) = sides(f"{meeting} The delegation included Ambassador Otieno Were.")
    assert delegation[2] == ("Otieno Were", "Ambassador", "CL", "attendee")  # the visitor's side
    (nuncio,) = sides(
        "Kenyan President Amani Njoroge received the Apostolic Nuncio to Kenya, Archbishop Ines Rojas."
    )
    assert nuncio[1] == ("Ines Rojas", "Apostolic Nuncio", "VA", "principal")
    assert [m["date"] for m in run(f"{meeting} The meeting took place on Saturday.")] == ["2023-11-11"]


def test_rule_credentials_in_other_words_and_institutions_are_no_people(run):
    def sides(text):
        return [[(p["name"], p["country"]) for p in m["participants"]] for m in run(text)]

    expected = [[("Amani Njoroge", "KE"), ("Ines Rojas", "CL")]]
    assert sides(
        "Kenyan President Amani Njoroge accepted the credentials of the Ambassador of Chile Ines Rojas."
    ) == (expected)
    assert (
        sides(
            "Kenyan Foreign Minister Amani Njoroge received credentials copies from the Ambassador of Chile, Ines Rojas."
        )
        == expected
    )
    assert sides(
        "The Ambassador of Chile, Ines Rojas, presented copies of her credentials to Kenyan Foreign Minister "
        "Amani Njoroge."
    ) == [list(reversed(expected[0]))]
    # "the Turkish Presidency" is no person.
    assert [name for name, _ in sides(
        "Kenyan President Amani Njoroge met the Chief of Staff of the Chilean Presidency, Ambassador Ines Rojas."
    )[0]] == ["Amani Njoroge", "Ines Rojas"]  # fmt: skip


def test_rule_the_represented_and_a_governments_own_session_are_no_meeting_of_theirs(run):
    assert [principals(m) for m in run(
        "Kenyan President Amani Njoroge received President Lucia Quispe's special envoy Ines Rojas on Monday."
    )] == [["Amani Njoroge", "Ines Rojas"]]  # fmt: skip
    assert (
        run(
            "Kenyan President Amani Njoroge held a Security Council meeting on Monday, with Prime Minister Ines Rojas "
            "and Foreign Minister Lucia Quispe taking part."
        )
        == []
    )
    assert (
        run("Kenyan President Amani Njoroge chaired a cabinet meeting with Foreign Minister Ines Rojas.")
        == []
    )
    # A session told beside another trigger does not stop that one.
    fresh = run(
        "Kenyan President Amani Njoroge, fresh from a cabinet meeting, met Chilean President Ines Rojas."
    )
    assert [principals(m) for m in fresh] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_long_institutional_titles_hold_together(run):
    climate = run(
        "Kenyan Foreign Minister Otieno Were had a meeting with the Special Representative of the President of "
        "Chile on Climate Issues, Ines Rojas."
    )[0]
    congress = run(
        "The Chairman of the Standing Committee of the National People's Congress Amani Njoroge held talks with "
        "Speaker of the Lok Sabha Ines Rojas in Beijing."
    )[0]
    marshal = run(
        "Chief of Army Staff Field Marshal Otieno Were met Chilean President Ines Rojas in Santiago."
    )[0]
    assert (
        climate["participants"][1]["title"]
        == "Special Representative of the President of Chile on Climate Issues"
    )
    assert [(p["name"], p["title"]) for p in congress["participants"]] == [
        ("Amani Njoroge", "Chairman of the Standing Committee of the National People's Congress"),
        ("Ines Rojas", "Speaker of the Lok Sabha"),
    ]
    assert principals(marshal) == ["Otieno Were", "Ines Rojas"]


def test_rule_a_delegation_of_a_states_institution_takes_the_state(run):
    m = run(
        "Kenyan President Amani Njoroge received a delegation of the State Duma of the Russian Federation "
        "headed by its Chairman Ivan Petrov."
    )[0]
    assert (m["participants"][1]["name"], m["participants"][1]["country"]) == ("Ivan Petrov", "RU")


def test_rule_more_ways_two_leaders_meet(run):
    views = run(
        "Kenyan Foreign Minister Amani Njoroge and his Chilean counterpart Ines Rojas exchanged views on trade "
        "in Nairobi on Monday."
    )
    call = run(
        "Kenyan Foreign Minister Amani Njoroge briefed his Chilean counterpart Ines Rojas on the talks in a phone "
        "call on Monday."
    )
    signing = run(
        "Kenyan President Amani Njoroge and Chilean President Ines Rojas witnessed the signing of two agreements."
    )
    bilateral = run(
        "Kenyan President Amani Njoroge and Chilean President Ines Rojas held a bilateral in Lima."
    )
    alone = run("Kenyan President Amani Njoroge witnessed the signing of an agreement between two companies.")
    assert [principals(m) for m in views + signing + bilateral] == [["Amani Njoroge", "Ines Rojas"]] * 3
    assert [(m["kind"], principals(m)) for m in call] == [("phone_call", ["Amani Njoroge", "Ines Rojas"])]
    assert alone == []


def test_rule_an_adverbial_meeting_gives_way_to_the_sentences_own_trigger(run):
    m = run(
        "Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines Rojas on Monday. In a separate "
        "meeting, the foreign minister received Peruvian Foreign Minister Lucia Quispe."
    )
    assert [principals(x) for x in m] == [["Amani Njoroge", "Ines Rojas"], ["Amani Njoroge", "Lucia Quispe"]]


def test_rule_a_name_without_its_family_name_is_the_same_person(run):
    m = run(
        "Emirati President Mohamed bin Zayed Al Nahyan received Kenyan President Amani Njoroge on Monday. "
        "Mohamed bin Zayed and President Njoroge witnessed the signing of an agreement."
    )
    assert [principals(x) for x in m] == [["Mohamed bin Zayed Al Nahyan", "Amani Njoroge"]]


def test_rule_the_bearer_of_a_message_was_received(run):
    bearer = run(
        "Kenyan President Amani Njoroge received a written message from Chilean President Ines Rojas, handed "
        "over by Chilean Foreign Minister Ricardo Soto."
    )
    letter = run("Kenyan President Amani Njoroge received a letter from Chilean President Ines Rojas.")
    assert [principals(m) for m in bearer] == [["Amani Njoroge", "Ricardo Soto"]]
    assert letter == []


def test_rule_who_took_part_in_a_gathering_told_next_is_one_of_its_principals(run):
    m = run(
        "Kenyan Foreign Minister Otieno Were took part on Monday in the Lake Summit, which brought together the "
        "foreign ministers of Chile and Peru. The meeting gathered Chilean Foreign Minister Ines Rojas and "
        "Peruvian Foreign Minister Lucia Quispe."
    )
    other = run(
        "Kenyan Foreign Minister Otieno Were took part on Monday in the Lake Summit. Later, Chilean Foreign "
        "Minister Ines Rojas met Peruvian Foreign Minister Lucia Quispe."
    )
    assert [principals(x) for x in m] == [["Otieno Were", "Ines Rojas", "Lucia Quispe"]]
    assert [principals(x) for x in other] == [["Ines Rojas", "Lucia Quispe"]]


def test_rule_a_rank_between_office_and_name_leaves_the_office_as_title(run):
    m = run(
        "Deputy Prime Minister and Foreign Minister Senator Otieno Were met Chief of Army Staff Field Marshal "
        "Ines Rojas in Nairobi."
    )[0]
    assert [(p["name"], p["title"]) for p in m["participants"]] == [
        ("Otieno Were", "Deputy Prime Minister and Foreign Minister"),
        ("Ines Rojas", "Chief of Army Staff"),
    ]
    generals = run(
        "UN Secretary General Ines Rojas met Canadian Governor General Otieno Were and Consul General Jane Doe."
    )[0]
    assert [p["title"] for p in generals["participants"]] == [
        "Secretary General",
        "Governor General",
        "Consul General",
    ]
    council = run("Kenyan President Amani Njoroge met Secretary of the Chilean Security Council Ines Rojas.")[
        0
    ]
    assert (council["participants"][1]["title"], council["participants"][1]["country"]) == (
        "Secretary of the Chilean Security Council",
        "CL",
    )


def test_rule_the_day_of_the_telling_is_not_the_day_of_the_meeting(run):
    told = run(
        "Kenyan President Amani Njoroge told reporters on Monday that he had met Chilean President Ines Rojas "
        "on Sunday."
    )
    only = run(
        "The ministry said on Monday that Kenyan President Amani Njoroge met Chilean President Ines Rojas."
    )
    assert [m["date"] for m in told] == ["2023-11-12"]
    assert [m["date"] for m in only] == ["2023-11-13"]


def test_rule_the_republic_of_a_country_and_a_welcome_ceremony(run):
    republic = run(
        "Kenyan President Amani Njoroge and the President of the Republic of Chile Ines Rojas held an official "
        "talks session in Nairobi."
    )[0]
    ceremony = run(
        "Kenyan President Amani Njoroge held a welcome ceremony for visiting Chilean President Ines Rojas."
    )
    assert [(p["name"], p["country"]) for p in republic["participants"]] == [
        ("Amani Njoroge", "KE"),
        ("Ines Rojas", "CL"),
    ]
    assert [principals(m) for m in ceremony] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_portfolios_joined_before_the_head_are_one_title(run):
    joined = run(
        "Industry and Trade Minister Amani Njoroge of Kenya met with Chilean Foreign Affairs and International "
        "Cooperation Minister Ines Rojas in Nairobi."
    )[0]
    assert [p["title"] for p in joined["participants"]] == [
        "Industry and Trade Minister",
        "Foreign Affairs and International Cooperation Minister",
    ]


def test_rule_a_delegation_of_a_party_named_after_its_country_takes_that_country(run):
    m = run(
        "Kenyan Vice President Amani Njoroge received a delegation of the Chilean Socialist Party led by "
        "Ines Rojas in Nairobi."
    )[0]
    assert [(p["name"], p["country"]) for p in m["participants"]] == [
        ("Amani Njoroge", "KE"),
        ("Ines Rojas", "CL"),
    ]


def test_rule_a_denied_encounter_is_no_meeting(run):
    assert not run(
        "A spokesman said that no telephone conversation between Kenyan President Amani Njoroge and Chilean "
        "President Ines Rojas is planned."
    )
    assert run(
        "Kenyan President Amani Njoroge held no fewer than three meetings on Monday, among them talks with "
        "Chilean President Ines Rojas."
    )


def test_rule_a_plan_after_ahead_of_is_another_event(run):
    m = run(
        "Kenyan Foreign Minister Amani Njoroge held talks on Monday with her Chilean counterpart Ines Rojas, "
        "ahead of a summit planned for later this year."
    )
    assert [principals(meeting) for meeting in m] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_titles_that_go_on_after_the_head(run):
    m = run(
        "Kenyan Foreign Minister Amani Njoroge met with Ambassador Extraordinary and Plenipotentiary of Chile "
        "Ines Rojas."
    )[0]
    assert [(p["name"], p["title"], p["country"]) for p in m["participants"]][1] == (
        "Ines Rojas",
        "Ambassador Extraordinary and Plenipotentiary",
        "CL",
    )


def test_rule_an_organization_named_for_its_heads_office_gives_the_title(run):
    m = run(
        "Kenyan Foreign Minister Amani Njoroge met the UN High Commissioner for Refugees, Ines Rojas, on Monday."
    )[0]
    rojas = m["participants"][1]
    assert (rojas["name"], rojas["title"], rojas["organization"]) == (
        "Ines Rojas",
        "High Commissioner for Refugees",
        "UNHCR",
    )


def test_rule_a_past_perfect_with_a_recent_day_is_news(run):
    recent = run(
        "Kenyan Foreign Minister Amani Njoroge had held talks with Chilean Foreign Minister Ines Rojas on Sunday."
    )
    background = run(
        "Kenyan Foreign Minister Amani Njoroge had held talks with Chilean Foreign Minister Ines Rojas in 2019."
    )
    assert [principals(m) for m in recent] == [["Amani Njoroge", "Ines Rojas"]]
    assert recent[0]["date"] == "2023-11-12"
    assert background == []


def test_rule_a_meeting_took_place_between(run):
    m = run(
        "A meeting took place between Kenyan President Amani Njoroge and Chilean President Ines Rojas on Monday."
    )
    follow_up = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas. The meeting took place in Nairobi."
    )
    assert [principals(meeting) for meeting in m] == [["Amani Njoroge", "Ines Rojas"]]
    assert [(principals(meeting), meeting["location"]["place"]) for meeting in follow_up] == [
        (["Amani Njoroge", "Ines Rojas"], "Nairobi")
    ]


def test_rule_the_next_stop_of_a_journey_is_not_the_place(run):
    m = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas in Nairobi on Monday before travelling "
        "on to the coastal city of Mombasa."
    )[0]
    assert m["location"]["place"] == "Nairobi"
    onward = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas before heading to Mombasa."
    )[0]
    assert onward["location"] is None or onward["location"]["place"] != "Mombasa"


def test_rule_a_named_structure_is_not_a_person(run):
    m = run(
        "Kenyan Foreign Minister Amani Njoroge also met Ethiopian Foreign Minister Ines Rojas, where the Kenyan "
        "top diplomat raised the filling of the Grand Ethiopian Renaissance Dam (GERD) without delay."
    )[0]
    assert principals(m) == ["Amani Njoroge", "Ines Rojas"]


def test_rule_amb_is_an_honorific(run):
    m = run(
        "The Minister of Foreign Affairs of Kenya, Amb. Amani Njoroge, received Chilean Foreign Minister Ines Rojas."
    )[0]
    assert principals(m) == ["Amani Njoroge", "Ines Rojas"]


def test_rule_portfolios_of_expatriates_worship_and_the_national_community(run):
    m = run(
        "Minister of Foreign Affairs and the National Community Abroad, Amani Njoroge, received the Chilean "
        "Minister of Foreign Affairs, International Trade and Worship, Ines Rojas."
    )[0]
    assert [p["title"] for p in m["participants"]] == [
        "Minister of Foreign Affairs and the National Community Abroad",
        "Minister of Foreign Affairs, International Trade and Worship",
    ]


def test_rule_a_titles_short_form_in_brackets_before_the_name(run):
    m = run(
        "External Affairs Minister (EAM) Amani Njoroge of Kenya held talks with Chilean President Ines Rojas."
    )[0]
    assert [(p["name"], p["title"]) for p in m["participants"]][0] == (
        "Amani Njoroge",
        "External Affairs Minister",
    )


def test_rule_a_second_verb_under_a_plan_is_planned_too(run):
    assert not run(
        "Kenyan Foreign Minister Amani Njoroge is expected to call on President Tomas Vera and hold talks with "
        "his Chilean counterpart Ines Rojas."
    )
    assert run("Kenya's Njoroge, Chile's Rojas hold talks in Nairobi")  # a headline in the present tense


def test_rule_a_city_after_a_title_and_before_a_surname_is_a_given_name(run):
    m = run("Foreign Minister Santiago Vera of Chile met his Kenyan counterpart Amani Njoroge on Monday.")[0]
    assert principals(m) == ["Santiago Vera", "Amani Njoroge"]


def test_rule_jun_inside_a_name(run):
    m = run("Kenyan Defence Minister Amani Njoroge met Chinese Defence Minister Dong Jun in Beijing.")[0]
    assert principals(m) == ["Amani Njoroge", "Dong Jun"]


def test_rule_an_agency_name_two_agencies_share_takes_the_datelines_state():
    from meetings.extraction.meetings import agency_country

    assert agency_country(None, "Dakar (APA) - The president received ...", "SN") == "SN"
    assert agency_country(None, "Baku (APA) - The president received ...", "AZ") == "AZ"
    assert agency_country(None, "Banjul (APA) - The president received ...", "GM") is None
    assert agency_country(None, "Algiers (APS) - The minister received ...", "DZ") == "DZ"


def test_rule_met_with_one_and_with_another_are_two_meetings(run):
    repeated = run(
        "Kenyan Foreign Minister Amani Njoroge met with Chilean Foreign Minister Ines Rojas and with Peruvian "
        "Foreign Minister Tomas Vera on Monday."
    )
    bilateral = run(
        "Kenyan Foreign Minister Amani Njoroge held bilateral meetings with Chilean Foreign Minister Ines Rojas, "
        "Peruvian Foreign Minister Tomas Vera and Japanese Foreign Minister Kenji Mori."
    )
    assert [principals(m) for m in repeated] == [
        ["Amani Njoroge", "Ines Rojas"],
        ["Amani Njoroge", "Tomas Vera"],
    ]
    assert [principals(m)[1] for m in bilateral] == ["Ines Rojas", "Tomas Vera", "Kenji Mori"]


def test_rule_in_the_presence_of_after_the_meeting_and_a_long_title(run):
    later = run(
        "Kenyan President Amani Njoroge received Chilean President Ines Rojas on Monday. The audience took place "
        "in the presence of the Chilean Minister of Foreign Affairs, Tomas Vera."
    )[0]
    long_title = run(
        "Kenyan President Amani Njoroge received Chilean President Ines Rojas on Monday, in the presence of the "
        "Minister of African Integration and Foreign Affairs, Tomas Vera."
    )[0]
    assert [(p["name"], p["role"]) for p in later["participants"]][2] == ("Tomas Vera", "attendee")
    assert [(p["name"], p["title"], p["role"]) for p in long_title["participants"]][2] == (
        "Tomas Vera",
        "Minister of African Integration and Foreign Affairs",
        "attendee",
    )


def test_rule_the_state_after_a_list_of_portfolios(run):
    m = run(
        "Kenyan President Amani Njoroge received Ines Rojas, Minister of Foreign Affairs, European Union and "
        "Cooperation of Chile, in Nairobi."
    )[0]
    assert [(p["name"], p["country"]) for p in m["participants"]][1] == ("Ines Rojas", "CL")


def test_rule_a_city_named_as_a_topic_is_not_the_place(run):
    m = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas on Monday and thanked her for Chile's "
        "position on the war in Gaza."
    )[0]
    assert m["location"] is None or m["location"]["place"] != "Gaza"


def test_rule_shri_is_an_honorific_and_the_nation_is_no_name(run):
    m = run(
        "Prime Minister Shri Amani Njoroge of Kenya met Leader of the Nation, President Ines Rojas of Chile."
    )[0]
    assert principals(m) == ["Amani Njoroge", "Ines Rojas"]


def test_rule_a_back_reference_with_a_nationality_prefers_that_nationality(run):
    meetings = run(
        "NAIROBI, Nov 13 (KNA) - Prime Minister Amani Njoroge received Chilean Foreign Minister Ines Rojas on "
        "Sunday. On Monday, the Chilean Foreign Minister held talks with Deputy Prime Minister Tomas Vera."
    )
    assert [principals(m) for m in meetings] == [
        ["Amani Njoroge", "Ines Rojas"],
        ["Ines Rojas", "Tomas Vera"],
    ]


def test_rule_here_is_the_datelines_city(run):
    m = run(
        "NAIROBI, Nov 13 (KNA) - Kenyan Foreign Minister Amani Njoroge met his Chilean counterpart Ines Rojas "
        "here today. Earlier, Njoroge received Peruvian Foreign Minister Tomas Vera in Mombasa."
    )
    assert [meeting["location"]["place"] for meeting in m] == ["Nairobi", "Mombasa"]


def test_rule_names_with_haji_initials_and_a_given_name_that_is_an_office(run):
    haji = run(
        "Kenyan President Amani Njoroge received Foreign Minister Datuk Seri Mohamad Haji Hasan of Malaysia."
    )
    initials = run(
        "Kenyan President Amani Njoroge received Vice-President Muhammad B.S. Jallow of The Gambia."
    )
    sultan = run(
        "Kenyan President Amani Njoroge received Dr. Sultan bin Ahmed Al Jaber, Minister of Industry."
    )
    captain = run("Kenyan President Amani Njoroge received President Captain Ibrahim Traore of Burkina Faso.")
    assert [principals(m[0])[1] for m in (haji, initials, sultan, captain)] == [
        "Mohamad Haji Hasan",
        "Muhammad B.S. Jallow",
        "Sultan bin Ahmed Al Jaber",
        "Ibrahim Traore",
    ]


def test_rule_received_on_a_day_by_is_still_the_passive(run):
    m = run(
        "Kenyan President Amani Njoroge was received on Monday by Chilean President Ines Rojas in Santiago."
    )[0]
    assert [(p["name"], p["side"]) for p in m["participants"]] == [
        ("Amani Njoroge", "visitor"),
        ("Ines Rojas", "host"),
    ]


def test_rule_a_counterparts_title_stays_that_of_the_meeting_that_called_them_so(run):
    meetings = run(
        "Kenyan Foreign Minister Amani Njoroge received his Chilean counterpart Ines Rojas on Monday. Rojas was "
        "also received by Prime Minister Tomas Vera."
    )
    assert [[p["title"] for p in m["participants"]] for m in meetings] == [
        ["Foreign Minister", "Foreign Minister"],
        ["Foreign Minister", "Prime Minister"],
    ]


def test_rule_a_bilateral_among_the_people_of_a_larger_meeting_is_its_own(run):
    meetings = run(
        "Kenyan President Amani Njoroge, Chilean President Ines Rojas and Peruvian President Tomas Vera held a "
        "trilateral summit in Nairobi on Monday. Before the summit, Njoroge held a bilateral meeting with Vera."
    )
    assert [principals(m) for m in meetings] == [
        ["Amani Njoroge", "Ines Rojas", "Tomas Vera"],
        ["Amani Njoroge", "Tomas Vera"],
    ]


def test_rule_a_title_after_a_place_and_a_comma_is_the_next_persons(run):
    residence = run(
        "Kenyan President Amani Njoroge met Chilean President Ines Rojas at Kesaranta, the president's official "
        "residence, on Monday."
    )[0]
    margins = run(
        "On the margins of the summit in Charlevoix, Kenyan Foreign Minister Amani Njoroge met Chilean Foreign "
        "Minister Ines Rojas."
    )[0]
    assert principals(residence) == ["Amani Njoroge", "Ines Rojas"]
    assert [(p["name"], p["title"], p["country"]) for p in margins["participants"]][0] == (
        "Amani Njoroge",
        "Foreign Minister",
        "KE",
    )


def test_rule_the_office_after_a_possessive_title(run):
    m = run(
        "Kenyan Foreign Minister Amani Njoroge met Ines Rojas, the UN Secretary-General's Special Envoy for "
        "Yemen, in Nairobi."
    )[0]
    assert [(p["name"], p["title"], p["organization"]) for p in m["participants"]][1] == (
        "Ines Rojas",
        "Special Envoy",
        "UN",
    )


def test_rule_welcoming_someones_something_is_no_visit(run):
    meetings = run(
        "Kenyan President Amani Njoroge received Chilean President Ines Rojas on Monday. The President welcomed "
        "Chile's full alignment with the EU's Common Foreign and Security Policy."
    )
    assert [principals(m) for m in meetings] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_travelling_for_talks_in_the_future_is_a_plan(run):
    assert not run(
        "Kenyan President Amani Njoroge will travel to Santiago on Thursday for talks with Chilean President Ines Rojas."
    )
    past = run(
        "Kenyan President Amani Njoroge travelled to Santiago on Monday for talks with Chilean President Ines Rojas."
    )
    assert [(principals(m), m["location"]["place"]) for m in past] == [
        (["Amani Njoroge", "Ines Rojas"], "Santiago")
    ]


def test_rule_had_a_call_with_is_a_phone_call(run):
    m = run("Kenyan President Amani Njoroge had a call with Chilean President Ines Rojas on Monday.")[0]
    assert m["kind"] == "phone_call"


def test_rule_a_former_office_is_not_the_title(run):
    m = run(
        "Kenyan Prime Minister Amani Njoroge met Chilean President Ines Rojas on Monday. Njoroge, a former head of "
        "the Kenyan intelligence service, took office last year."
    )[0]
    assert m["participants"][0]["title"] == "Prime Minister"


def test_rule_negotiations_between(run):
    m = run(
        "Negotiations between Kenyan Foreign Minister Amani Njoroge and Chilean Foreign Minister Ines Rojas have "
        "started in Nairobi."
    )
    assert [principals(meeting) for meeting in m] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_the_venues_state_goes_to_the_one_met_not_the_traveller(run):
    m = run("Foreign Minister Amani Njoroge also met Vice-President Ines Rojas in Santiago on Monday.")[0]
    assert [(p["name"], p["country"]) for p in m["participants"]] == [
        ("Amani Njoroge", None),
        ("Ines Rojas", "CL"),
    ]


def test_rule_was_then_received_in_audience_by(run):
    m = run(
        "Kenyan Foreign Minister Amani Njoroge was then received in audience by President Ines Rojas in Santiago."
    )[0]
    assert [(p["name"], p["side"], p["country"]) for p in m["participants"]] == [
        ("Amani Njoroge", "visitor", "KE"),
        ("Ines Rojas", "host", "CL"),
    ]


def test_rule_the_two_ministers_received_together_are_the_two_who_met(run):
    meetings = run(
        "Kenyan Foreign Minister Amani Njoroge and Chilean Foreign Minister Ines Rojas held talks in Nairobi on "
        "Monday. Peruvian President Tomas Vera received the two ministers at his residence."
    )
    others = run(
        "Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines Rojas on Monday. The meeting "
        "came after talks between the foreign ministers of Peru and Japan."
    )
    assert [principals(m) for m in meetings] == [
        ["Amani Njoroge", "Ines Rojas"],
        ["Tomas Vera", "Amani Njoroge", "Ines Rojas"],
    ]
    assert [principals(m) for m in others] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_attendees_taking_part_on_a_side_and_joining_later(run):
    side = run(
        "Kenyan President Amani Njoroge held talks with Chilean President Ines Rojas on Monday. Also taking part "
        "in the expanded talks on the Chilean side was Foreign Minister Tomas Vera."
    )[0]
    joined = run(
        "Kenyan Foreign Minister Amani Njoroge met Chilean Foreign Minister Ines Rojas on Monday. The ministers "
        "were later joined by Deputy Foreign Minister Tomas Vera."
    )[0]
    assert [(p["name"], p["country"], p["role"]) for p in side["participants"]][2] == (
        "Tomas Vera",
        "CL",
        "attendee",
    )
    assert [(p["name"], p["role"]) for p in joined["participants"]][2] == ("Tomas Vera", "attendee")


def test_rule_a_family_name_in_capitals_is_written_as_the_rest(run):
    m = run(
        "Minister for Foreign Affairs NJOROGE Amani of Kenya met Vice-President Muhammad B.S. Jallow of The Gambia."
    )[0]
    assert principals(m) == ["Njoroge Amani", "Muhammad B.S. Jallow"]


def test_rule_a_bare_title_after_an_opening_phrase_is_the_subject(run):
    meetings = run(
        "External Affairs Minister Amani Njoroge of Kenya met Chilean President Ines Rojas on Tuesday. On 14 "
        "November, EAM held talks with Peruvian Foreign Minister Tomas Vera."
    )
    assert [principals(m) for m in meetings] == [
        ["Amani Njoroge", "Ines Rojas"],
        ["Amani Njoroge", "Tomas Vera"],
    ]


# --- 2026.11.38: probe sets G-J ----------------------------------------------------------------
def test_rule_the_crown_prince_refers_back_to_the_named_crown_prince(run):
    meetings = run(
        "Crown Prince Amani Njoroge met Chilean President Ines Rojas on Monday. The Crown Prince also met "
        "with Peruvian Foreign Minister Tomas Vera."
    )
    assert [principals(m) for m in meetings] == [
        ["Amani Njoroge", "Ines Rojas"],
        ["Amani Njoroge", "Tomas Vera"],
    ]


def test_rule_a_style_without_a_name_stands_for_the_last_subject(run):
    meetings = run(
        "Crown Prince Amani Njoroge met on Monday with leaders attending the summit. His Royal Highness met "
        "with Chilean President Ines Rojas. His Highness also received Peruvian Foreign Minister Tomas Vera."
    )
    assert [principals(m) for m in meetings] == [
        ["Amani Njoroge", "Ines Rojas"],
        ["Amani Njoroge", "Tomas Vera"],
    ]


def test_rule_he_after_a_meeting_with_no_named_counterpart_is_its_subject(run):
    meetings = run(
        "On Monday, Foreign Minister Amani Njoroge of Kenya held a series of bilateral meetings in New York. "
        "In the morning, he met with President Ines Rojas of Chile."
    )
    assert [principals(m) for m in meetings] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_a_bare_secretary_general_serves_the_organization_the_article_names(run):
    readout = run(
        "Secretary-General Amani Njoroge spoke by phone with President Ines Rojas of Chile. They discussed "
        "climate finance."
    )[0]
    named = run(
        "Secretary-General Amani Njoroge of the Arab League met President Ines Rojas of Chile. "
        "Deputy Secretary-General Tomas Vera met Chilean Foreign Minister Lucia Quispe in Cairo."
    )
    assert [(p["name"], p["organization"]) for p in readout["participants"]][0] == ("Amani Njoroge", "UN")
    assert [(p["name"], p["organization"]) for p in named[1]["participants"]][0] == (
        "Tomas Vera",
        "Arab League",
    )


def test_rule_an_agency_set_off_by_a_dash_gives_its_home_state(run):
    opening = run("NNA - Prime Minister Amani Njoroge met Chilean President Ines Rojas on Monday.")[0]
    closing = run(
        "Baghdad - INA\n\nPrime Minister Amani Njoroge held a video call with Chilean President Ines Rojas."
    )[0]
    after_date = run(
        "Riyadh, November 13, 2023, SPA -- Prime Minister Amani Njoroge spoke by phone with Chilean President "
        "Ines Rojas."
    )[0]
    assert [m["participants"][0]["country"] for m in (opening, closing, after_date)] == ["LB", "IQ", "SA"]


def test_rule_officials_of_a_call_told_from_a_capital_are_of_the_datelines_state(run):
    call = run(
        "MANILA - President Amani Njoroge and Japanese Prime Minister Ines Rojas spoke over the phone on Monday."
    )[0]
    abroad = run(
        "MANILA - President Amani Njoroge held talks with Japanese Prime Minister Ines Rojas in Tokyo on Monday."
    )[0]
    at_home = run("MANILA - President Amani Njoroge received Prime Minister Ines Rojas in Manila on Monday.")[
        0
    ]
    assert [p["country"] for p in call["participants"]] == ["PH", "JP"]
    assert [p["country"] for p in abroad["participants"]] == ["PH", "JP"]
    # At home the venue decides, and it is the host's: the visitor stays without a state.
    assert [p["country"] for p in at_home["participants"]] == ["PH", None]


def test_rule_a_portfolio_that_is_also_a_modifier_ends_a_list_of_portfolios(run):
    m = run(
        "Minister for Foreign Affairs and Trade Amani Njoroge of Kenya met Minister of Agrarian Policy and Food "
        "of Chile Ines Rojas."
    )[0]
    assert [p["title"] for p in m["participants"]] == [
        "Minister for Foreign Affairs and Trade",
        "Minister of Agrarian Policy and Food",
    ]


def test_rule_a_day_word_between_the_verb_and_the_call(run):
    spoke = run("Kenyan President Amani Njoroge spoke yesterday by phone with Chilean President Ines Rojas.")[
        0
    ]
    received = run(
        "Kenyan Foreign Minister Amani Njoroge received today a phone call from Chilean Foreign Minister Ines Rojas."
    )[0]
    assert [(m["kind"], principals(m)) for m in (spoke, received)] == [
        ("phone_call", ["Amani Njoroge", "Ines Rojas"]),
        ("phone_call", ["Amani Njoroge", "Ines Rojas"]),
    ]


def test_rule_a_working_session_is_a_meeting(run):
    m = run(
        "Kenyan Trade Minister Amani Njoroge held a working session with Chilean Trade Minister Ines Rojas."
    )
    assert principals(m[0]) == ["Amani Njoroge", "Ines Rojas"]


def test_rule_he_after_an_opening_sentence_is_its_subject(run):
    meetings = run(
        "Prime Minister Amani Njoroge of Kenya arrived in Santiago on Saturday for a four-day visit. He met "
        "Chilean President Ines Rojas on Monday. Talks with Peruvian President Tomas Vera focused on trade."
    )
    assert [principals(m) for m in meetings] == [
        ["Amani Njoroge", "Ines Rojas"],
        ["Amani Njoroge", "Tomas Vera"],
    ]


def test_rule_a_meeting_with_someone_opening_the_sentence_is_the_subjects(run):
    first = run(
        "In his first meeting with Chilean President Ines Rojas since taking office, Kenyan President Amani "
        "Njoroge called for closer trade links."
    )[0]
    with_first = run(
        "Kenyan President Amani Njoroge held talks with Chilean President Ines Rojas on Monday. With Peruvian "
        "President Tomas Vera, the Kenyan president discussed fisheries."
    )
    assert principals(first) == ["Ines Rojas", "Amani Njoroge"]
    assert [principals(m) for m in with_first] == [
        ["Amani Njoroge", "Ines Rojas"],
        ["Amani Njoroge", "Tomas Vera"],
    ]


def test_rule_bilateral_meetings_with_the_leaders_of_one_country_and_of_another(run):
    meetings = run(
        "President Amani Njoroge of Kenya held bilateral meetings this Saturday (11) with the prime ministers "
        "of Chile, Ines Rojas, and of Peru, Tomas Vera.",
        published=dt.date(2023, 11, 12),
    )
    assert [
        (m["date"], [(p["name"], p["title"], p["country"]) for p in m["participants"]]) for m in meetings
    ] == [
        ("2023-11-11", [("Amani Njoroge", "President", "KE"), ("Ines Rojas", "Prime Minister", "CL")]),
        ("2023-11-11", [("Amani Njoroge", "President", "KE"), ("Tomas Vera", "Prime Minister", "PE")]),
    ]


def test_rule_this_weekday_is_past_only_up_to_the_day_of_publication(run):
    done = run("Kenyan President Amani Njoroge met Chilean President Ines Rojas this Monday.")[0]
    assert done["date"] == "2023-11-13"
    ahead = run("Kenyan President Amani Njoroge met Chilean President Ines Rojas this Friday.")[0]
    assert ahead["date"] == "2023-11-14"  # Friday is still to come: the publication date stands


def test_rule_a_place_told_as_the_past_or_a_plan_is_not_where_they_met(run):
    past = run(
        "NAIROBI - Kenyan President Amani Njoroge met Chilean President Ines Rojas on Monday to follow up the "
        "agreement reached in Santiago last November."
    )[0]
    plan = run(
        "NAIROBI - Kenyan President Amani Njoroge met Chilean President Ines Rojas on Monday and discussed the "
        "president's upcoming visit to Chile."
    )[0]
    topic = run(
        "NAIROBI - Kenyan President Amani Njoroge met Chilean President Ines Rojas on Monday and discussed the "
        "African Union mission in Somalia."
    )[0]
    assert [m["location"]["country"] for m in (past, plan, topic)] == ["KE", "KE", "KE"]


def test_rule_caretaker_between_a_state_and_an_office(run):
    m = run("Lebanon's caretaker Foreign Minister Amani Njoroge met Chilean President Ines Rojas.")[0]
    assert (m["participants"][0]["title"], m["participants"][0]["country"]) == (
        "Caretaker Foreign Minister",
        "LB",
    )


def test_rule_the_sender_of_a_message_after_a_long_style_is_not_there(run):
    m = run(
        "Kenyan President Amani Njoroge received the Foreign Minister of Chile, Ines Rojas, who handed him a "
        "written message from His Excellency the President of Chile, Tomas Vera."
    )[0]
    assert principals(m) == ["Amani Njoroge", "Ines Rojas"]


def test_rule_names_keep_a_fathers_name_that_is_an_office_and_drop_letters_after_them(run):
    m = run(
        "Ambassador Reema bint Bandar bin Sultan met Prime Minister Amani Njoroge MP of Kenya. The Rt Hon Ines "
        "Rojas KC, Secretary-General of the Commonwealth, also met Amani Njoroge."
    )
    assert [principals(meeting) for meeting in m] == [
        ["Reema bint Bandar bin Sultan", "Amani Njoroge"],
        ["Ines Rojas", "Amani Njoroge"],
    ]
    assert m[1]["participants"][0]["title"] == "Secretary-General"


def test_rule_commissioner_general_and_congressman_are_offices(run):
    m = run(
        "The Commissioner-General of UNRWA, Amani Njoroge, met on Wednesday with Congressman Tomas Vera."
    )[0]
    assert [(p["name"], p["title"], p["organization"]) for p in m["participants"]] == [
        ("Amani Njoroge", "Commissioner-General", "UNRWA"),
        ("Tomas Vera", "Congressman", None),
    ]


def attendees(meeting):
    return [p["name"] for p in meeting["participants"] if p["role"] == "attendee"]


def test_rule_an_attendance_sentence_may_cover_every_meeting_of_a_round_up(run):
    lead = (
        "Kenyan President Amani Njoroge received Chilean President Ines Rojas on Monday. He also received "
        "Peruvian Foreign Minister Lucia Quispe. "
    )
    plural = run(lead + "The meetings were attended by Foreign Minister Tomas Vera of Kenya.")
    counted = run(lead + "Deputy Foreign Minister Tomas Vera of Kenya attended both meetings.")
    assert [attendees(m) for m in plural] == [["Tomas Vera"], ["Tomas Vera"]]
    assert [attendees(m) for m in counted] == [["Tomas Vera"], ["Tomas Vera"]]


def test_rule_more_ways_of_saying_someone_attended(run):
    lead = "Kenyan President Amani Njoroge held talks with Chilean President Ines Rojas on Monday. "
    extended = run(
        lead + "Talks in an extended format were attended by Foreign Minister Tomas Vera of Kenya."
    )[0]
    audience = run(
        lead + "The audience, at State House, was attended by Foreign Minister Tomas Vera of Kenya."
    )[0]
    also_at = run(lead + "Foreign Minister Tomas Vera of Kenya was also at the meeting.")[0]
    call = run(
        "Kenyan President Amani Njoroge held a video call with Chilean President Ines Rojas on Monday. Foreign "
        "Minister Tomas Vera of Kenya joined the call, as did Peru's Minister of Finance Lucia Quispe."
    )[0]
    assert [attendees(m) for m in (extended, audience, also_at)] == [["Tomas Vera"]] * 3
    assert attendees(call) == ["Tomas Vera", "Lucia Quispe"]


def test_rule_the_one_accompanied_and_the_sides_attending_are_not_a_meeting(run):
    accompanied = run(
        "Chilean President Ines Rojas arrived in Nairobi on Monday. Kenyan Foreign Minister Amani Njoroge held "
        "talks with his Chilean counterpart Tomas Vera, who is part of the delegation accompanying the Chilean "
        "President."
    )
    sides = run(
        "Kenyan President Amani Njoroge received Chilean President Ines Rojas on Monday for talks in an "
        "extended format, which were attended on the Kenyan side by Foreign Minister Tomas Vera and on the "
        "Chilean side by Foreign Minister Lucia Quispe."
    )
    assert [principals(m) for m in accompanied] == [["Amani Njoroge", "Tomas Vera"]]
    assert [principals(m) for m in sides] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_a_ministers_quoted_post_about_meeting_someone(run):
    meetings = run(
        "Foreign Minister Amani Njoroge of Kenya held a number of bilateral meetings in Tokyo on Monday. "
        '"Glad to meet FM Ines Rojas of Chile this morning. We covered trade and fisheries," the minister '
        "wrote on X."
    )
    assert [principals(m) for m in meetings] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_the_office_after_a_party_rank_is_the_title(run):
    m = run(
        "Amani Njoroge, a member of the Political Bureau of the Communist Party of Vietnam Central Committee "
        "and chairman of the National Assembly of Vietnam, held talks with Chilean President Ines Rojas."
    )[0]
    assert (m["participants"][0]["title"], m["participants"][0]["country"]) == (
        "Chairman of the National Assembly",
        "VN",
    )


def test_rule_more_verbs_and_offices_from_european_readouts(run):
    spoke = run("Kenyan President Amani Njoroge spoke this Monday with Chilean President Ines Rojas.")[0]
    spent = run(
        "Kenyan President Amani Njoroge spent five hours in talks with Chilean President Ines Rojas."
    )[0]
    offices = run(
        "Speaker of the Seimas Amani Njoroge met European Commissioner for Trade Ines Rojas in Vilnius."
    )[0]
    assert [principals(m) for m in (spoke, spent)] == [["Amani Njoroge", "Ines Rojas"]] * 2
    assert [(p["title"], p["organization"]) for p in offices["participants"]] == [
        ("Speaker of the Seimas", None),
        ("European Commissioner for Trade", "EU"),
    ]


def test_rule_a_headline_of_two_sides_gives_the_state_no_one_else_serves(run):
    two_sides = run(
        "Kenya and Chile pledge closer ties\n\nPresident Amani Njoroge received President Ines Rojas of Chile "
        "on Monday."
    )[0]
    topic = run(
        "Njoroge, Rojas discuss Peru row\n\nPresident Amani Njoroge met President Ines Rojas of Chile on Monday."
    )[0]
    assert [p["country"] for p in two_sides["participants"]] == ["KE", "CL"]
    assert [p["country"] for p in topic["participants"]] == [None, "CL"]


def test_rule_a_wire_or_a_traveller_does_not_take_the_datelines_state(run):
    wire = run(
        "NAIROBI (AP) - Secretary of State Amani Njoroge spoke by phone with Chilean President Ines Rojas."
    )[0]
    travelled = run(
        "NAIROBI - Director Amani Njoroge held talks in Nairobi on Monday with Kenyan President Tomas Vera. "
        "Njoroge also spoke by phone with Chilean President Ines Rojas."
    )
    assert wire["participants"][0]["country"] is None
    assert [p["country"] for p in travelled[1]["participants"]] == [None, "CL"]


def test_rule_a_party_rank_does_not_replace_an_office_and_a_top_diplomat_is_received(run):
    m = run(
        "Chilean President Ines Rojas received Kenya's top diplomat Amani Njoroge on Monday. Njoroge, also a "
        "member of the Political Bureau of the ruling party, said ties were strong."
    )[0]
    assert [(p["name"], p["title"]) for p in m["participants"]] == [
        ("Ines Rojas", "President"),
        ("Amani Njoroge", "Top Diplomat"),
    ]


def test_rule_every_host_takes_the_venues_state(run):
    m = run(
        "In Nairobi, the Chilean President was received by Speaker of the National Assembly Amani Njoroge and "
        "Prime Minister Tomas Vera. Chilean President Ines Rojas arrived on Monday."
    )
    hosts = [
        p for meeting in m for p in meeting["participants"] if p["name"] in ("Amani Njoroge", "Tomas Vera")
    ]
    assert hosts and all(p["country"] == "KE" for p in hosts)


def test_rule_he_is_a_chinese_name_after_a_title_and_mawlawi_a_style(run):
    he = run("Treasury Secretary Amani Njoroge met Vice Premier He Lifeng of China in Beijing.")[0]
    liu = run("Treasury Secretary Amani Njoroge met former Vice Premier Liu He of China on Sunday.")[0]
    mawlawi = run(
        "Kenyan Foreign Minister Tomas Vera met Acting Foreign Minister Mawlawi Amir Khan Muttaqi."
    )[0]
    assert [principals(m) for m in (he, liu, mawlawi)] == [
        ["Amani Njoroge", "He Lifeng"],
        ["Amani Njoroge", "Liu He"],
        ["Tomas Vera", "Amir Khan Muttaqi"],
    ]


def test_rule_national_newspapers_sign_with_their_home_state(run):
    m = run("Prime Minister Amani Njoroge met Chilean President Ines Rojas in Lima on Monday.\n\n—Dawn")[0]
    assert m["participants"][0]["country"] == "PK"


def test_rule_yet_more_ways_of_saying_someone_attended(run):
    lead = "Kenyan President Amani Njoroge held talks with Chilean President Ines Rojas on Monday. "
    sentences = [
        "The Kenyan delegation included Foreign Minister Tomas Vera.",
        "Foreign Minister Tomas Vera of Kenya took part on the Kenyan side.",
        "Foreign Minister Tomas Vera of Kenya sat in on the meeting.",
        "Foreign Minister Tomas Vera of Kenya was also in attendance.",
        "Also at the meeting was Foreign Minister Tomas Vera of Kenya.",
        "Njoroge was accompanied to the meeting by Foreign Minister Tomas Vera.",
        "Foreign Minister Tomas Vera of Kenya took part in the delegation-level talks.",
        "Foreign Minister Tomas Vera of Kenya participated in the enlarged session.",
    ]
    for sentence in sentences:
        m = run(lead + sentence)[0]
        assert [(p["name"], p["country"]) for p in m["participants"] if p["role"] == "attendee"] == [
            ("Tomas Vera", "KE")
        ], sentence


def test_rule_the_two_leaders_after_a_pair_that_agreed(run):
    meetings = run(
        "Kenyan President Amani Njoroge and Chilean President Ines Rojas agreed on Monday to resume regular "
        "visits. The two leaders held talks at State House in Nairobi."
    )
    assert [principals(m) for m in meetings] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_huddled_and_had_spoken_by_phone(run):
    huddled = run(
        "Kenyan President Amani Njoroge and Chilean President Ines Rojas huddled for an hour on Monday at a hotel."
    )[0]
    spoken = run(
        "A spokesperson for Kenyan President Amani Njoroge said he had spoken by phone with Chilean President "
        "Ines Rojas on Monday evening."
    )[0]
    assert principals(huddled) == ["Amani Njoroge", "Ines Rojas"]
    assert (spoken["kind"], principals(spoken)) == ("phone_call", ["Amani Njoroge", "Ines Rojas"])


def test_rule_a_king_is_not_the_prime_minister_who_shares_his_name(run):
    meetings = run(
        "Foreign Minister Tomas Vera of Chile met Prime Minister Amani Ibrahim of Malaysia on Monday. Before the "
        "talks, Vera called on Malaysia's King, Sultan Ibrahim, at the palace in Kuala Lumpur."
    )
    assert [principals(m) for m in meetings] == [["Tomas Vera", "Amani Ibrahim"], ["Tomas Vera", "Ibrahim"]]


def test_rule_a_meeting_years_ago_or_one_that_did_not_happen_gives_no_meeting_nor_place(run):
    meetings = run(
        "NAIROBI - Kenyan President Amani Njoroge met Chilean President Ines Rojas on Monday. The two leaders "
        "had been due to meet at a summit in Lima in May, but the meeting did not take place. The last such "
        "visit was in 2011, when Tomas Vera hosted Lucia Quispe in Santiago."
    )
    assert [(principals(m), m["location"]["country"]) for m in meetings] == [
        (["Amani Njoroge", "Ines Rojas"], "KE")
    ]


def test_rule_received_him_is_the_person_the_story_follows(run):
    meetings = run(
        "Kenyan Foreign Minister Amani Njoroge began a regional tour on Monday. The last leg took him to "
        "Santiago, where Chilean President Ines Rojas received him on Wednesday."
    )
    assert [principals(m) for m in meetings] == [["Ines Rojas", "Amani Njoroge"]]


def test_rule_an_office_of_a_states_government_keeps_its_state(run):
    m = run(
        "President of the Spanish Government Amani Njoroge met Speaker of the Grand National Assembly of "
        "Turkey Ines Rojas."
    )[0]
    assert [(p["title"], p["country"]) for p in m["participants"]] == [
        ("President of the Spanish Government", "ES"),
        ("Speaker of the Grand National Assembly", "TR"),
    ]


def test_rule_the_meeting_between_the_ministers_refers_back(run):
    meetings = run(
        "Kenyan Foreign Minister Amani Njoroge received Chilean Foreign Minister Ines Rojas in Nairobi on "
        "Monday. The meeting between the ministers was seen as a sign of rapprochement after tensions between "
        "President Tomas Vera and Chilean President Lucia Quispe."
    )
    assert [principals(m) for m in meetings] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_told_someone_by_phone_and_a_colleague_of_another_state(run):
    told = run(
        "Kenyan President Amani Njoroge told Chilean President Ines Rojas by phone on Monday that he would visit."
    )[0]
    colleague = run("Kenyan Foreign Minister Amani Njoroge met his Chilean colleague Ines Rojas in Nairobi.")[
        0
    ]
    assert (told["kind"], principals(told)) == ("phone_call", ["Amani Njoroge", "Ines Rojas"])
    assert [(p["name"], p["title"], p["country"]) for p in colleague["participants"]] == [
        ("Amani Njoroge", "Foreign Minister", "KE"),
        ("Ines Rojas", "Foreign Minister", "CL"),
    ]
    assert run("Kenyan President Amani Njoroge told reporters by phone on Monday that he would travel.") == []


def test_rule_a_release_with_no_outlet_names_its_own_state_most(run):
    text = (
        "Minister of Foreign Affairs Amani Njoroge held a phone call with Chilean Foreign Minister Ines Rojas. "
        "They discussed trade between Kenya and Chile and Kenya's bid for a seat on the Security Council. "
        "The Minister thanked Chile for its support of Kenya."
    )
    release = run(text)[0]
    wire = run("(Reuters) - " + text)[0]
    assert [p["country"] for p in release["participants"]] == ["KE", "CL"]
    assert [p["country"] for p in wire["participants"]] == [None, "CL"]


def test_rule_plans_being_considered_and_encounters_weeks_before_are_not_meetings(run):
    assert (
        run(
            "A meeting of Kenyan President Amani Njoroge with Chilean President Ines Rojas is being considered."
        )
        == []
    )
    assert (
        run(
            "Kenyan President Amani Njoroge spoke at the forum, less than two weeks after Njoroge met Chilean "
            "President Ines Rojas in Santiago."
        )
        == []
    )
    kept = run(
        "Kenyan President Amani Njoroge held talks with Chilean President Ines Rojas on Saturday, during his "
        "first trip abroad since taking office last month."
    )
    assert [principals(m) for m in kept] == [["Amani Njoroge", "Ines Rojas"]]


def test_rule_the_one_replaced_is_absent_and_an_interaction_is_a_meeting(run):
    replaced = run(
        "Chilean President Ines Rojas received Kenyan Deputy Foreign Minister Amani Njoroge, who led the "
        "delegation in place of Foreign Minister Tomas Vera."
    )[0]
    interaction = run(
        "Samdech Moha Borvor Thipadei Amani Njoroge had a brief interaction with Chilean President Ines Rojas."
    )[0]
    assert principals(replaced) == ["Ines Rojas", "Amani Njoroge"]
    assert principals(interaction) == ["Amani Njoroge", "Ines Rojas"]


def test_rule_readouts_numbered_paragraphs_and_the_city_visited(run):
    meetings = run(
        "External Affairs Minister Amani Njoroge of Kenya visited Rio de Janeiro on 21-22 February for the "
        "G20 meeting.\n\n2. On the evening of 21 February, EAM held a bilateral meeting with Chilean Foreign "
        "Minister Ines Rojas.\n\n3. On 22 February, on the sidelines of the Meeting, EAM met Peruvian Foreign "
        "Minister Tomas Vera.",
        published=dt.date(2024, 2, 23),
    )
    assert [(principals(m), m["location"]["place"]) for m in meetings] == [
        (["Amani Njoroge", "Ines Rojas"], "Rio de Janeiro"),
        (["Amani Njoroge", "Tomas Vera"], "Rio de Janeiro"),
    ]


def test_rule_a_place_the_visitor_came_from_is_not_the_venue(run):
    m = run(
        "Chilean President Ines Rojas received Kenyan Foreign Minister Amani Njoroge on Friday, who is on an "
        "official visit to Chile after taking part in the meeting of G20 foreign ministers in Rio de Janeiro."
    )[0]
    assert m["location"]["country"] == "CL"


def test_rule_counterparts_of_two_states_and_the_pontiff(run):
    pair = run(
        "Peruvian Foreign Minister Tomas Vera hosted his Kenyan and Chilean counterparts, Amani Njoroge and "
        "Ines Rojas, in Lima."
    )[0]
    pontiff = run(
        "Pope Francis held audiences on Friday. The pontiff then received Chilean President Ines Rojas."
    )[0]
    assert [(p["name"], p["country"]) for p in pair["participants"]] == [
        ("Tomas Vera", "PE"),
        ("Amani Njoroge", "KE"),
        ("Ines Rojas", "CL"),
    ]
    assert principals(pontiff) == ["Francis", "Ines Rojas"]


def test_rule_a_title_case_headline_is_no_meeting_and_lord_is_a_style(run):
    headline = run(
        "Kenya Welcomes the Opinion of the Court on Chile's Policies in the Occupied Territory\n\nThe "
        "Government of Kenya welcomes the advisory opinion issued today."
    )
    lord = run("Foreign Minister Amani Njoroge of Kenya held talks with Lord Tomas Vera in Nairobi.")[0]
    assert headline == []
    assert principals(lord) == ["Amani Njoroge", "Tomas Vera"]


def test_rule_a_state_named_as_a_place_or_topic_is_not_the_releases_own(run):
    m = run(
        "Foreign Secretary Amani Njoroge spoke to Chilean Foreign Minister Ines Rojas about the attacks in "
        "Peru. They discussed the crisis in Peru and aid to Peru."
    )[0]
    assert m["participants"][0]["country"] is None


def test_rule_the_other_side_after_while_is_of_its_own_state(run):
    m = run(
        "Kenyan Foreign Minister Amani Njoroge held talks with Chilean Foreign Minister Ines Rojas on Monday. "
        "The Kenyan delegation also included Trade Minister Tomas Vera, while the Chilean side was represented "
        "by Finance Minister Lucia Quispe."
    )[0]
    assert [(p["name"], p["country"]) for p in m["participants"] if p["role"] == "attendee"] == [
        ("Tomas Vera", "KE"),
        ("Lucia Quispe", "CL"),
    ]


def test_rule_the_addressee_of_a_message_is_there_and_its_sender_is_not(run):
    m = run(
        "Special Envoy Amani Njoroge of Kenya handed over a written message to Prime Minister Tomas Vera of "
        "Chile from Kenyan President Ines Rojas during a meeting in Santiago."
    )[0]
    assert principals(m) == ["Amani Njoroge", "Tomas Vera"]
