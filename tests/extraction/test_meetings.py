import datetime as dt

from .conftest import principals


def test_meetings_met_with_gives_one_meeting_with_affiliations(run):
    meetings = run(
        "Kenyan Foreign Minister Amina Odhiambo met with Chilean President Ricardo Soto in Nairobi on Monday."
    )
    assert len(meetings) == 1
    m = meetings[0]
    assert [(p["name"], p["country"], p["title"]) for p in m["participants"]] == [
        ("Amina Odhiambo", "KE", "Foreign Minister"),
        ("Ricardo Soto", "CL", "President"),
    ]
    assert (m["kind"], m["date"], m["date_basis"], m["location"], m["countries"]) == (
        "in_person",
        "2023-11-13",
        "relative",
        {"place": "Nairobi", "country": "KE"},
        ["KE", "CL"],
    )


def test_meetings_received_sets_host_and_visitor(run):
    m = run("President of Ghana Kwame Asante received Dutch Minister of Trade Femke de Vries in Accra.")[0]
    assert [(p["name"], p["side"]) for p in m["participants"]] == [
        ("Kwame Asante", "host"),
        ("Femke de Vries", "visitor"),
    ]


def test_meetings_phone_and_video_calls(run):
    phone = run(
        "Estonian Prime Minister Liis Tamm held a phone conversation with Greek Prime Minister Nikos Pappas."
    )
    video = run(
        "Japanese Foreign Minister Kenji Mori held talks via video conference with Indian Foreign Minister Ravi Kumar."
    )
    assert [phone[0]["kind"], video[0]["kind"]] == ["phone_call", "video_call"]
    assert phone[0]["location"] is None


def test_meetings_counterpart_takes_title_of_subject(run):
    m = run("Peruvian Foreign Minister Lucia Quispe met her Bolivian counterpart Mateo Condori in Lima.")[0]
    assert [(p["name"], p["country"], p["title"]) for p in m["participants"]] == [
        ("Lucia Quispe", "PE", "Foreign Minister"),
        ("Mateo Condori", "BO", "Foreign Minister"),
    ]


def test_meetings_organization_official(run):
    m = run(
        "UN Secretary-General Anton Grieg met Nepali Prime Minister Sita Rai in New York on 12 November."
    )[0]
    assert [(p["name"], p["country"], p["organization"]) for p in m["participants"]] == [
        ("Anton Grieg", None, "UN"),
        ("Sita Rai", "NP", None),
    ]
    assert (m["countries"], m["organizations"], m["date"]) == (
        ["NP"],
        [{"name": "United Nations", "acronym": "UN"}],
        "2023-11-12",
    )


def test_meetings_roundup_gives_separate_meetings_with_pronoun_subject(run):
    text = (
        "On the sidelines of the Gulf Energy Summit in Doha, Kenyan President Daniel Kiprop met "
        "Qatari Emir Sheikh Hamad bin Khalid.\n\nHe later met Omani Foreign Minister Badr Salim."
    )
    meetings = run(text)
    assert [principals(m) for m in meetings] == [
        ["Daniel Kiprop", "Hamad bin Khalid"],
        ["Daniel Kiprop", "Badr Salim"],
    ]
    assert meetings[0]["context_event"] == "Gulf Energy Summit"


def test_meetings_same_encounter_told_twice_is_one(run):
    text = (
        "Chilean Foreign Minister Ana Beltrán met Ghanaian Foreign Minister Yaw Boateng in Santiago.\n\n"
        "During the meeting with Boateng, Beltrán discussed trade."
    )
    assert len(run(text)) == 1


def test_meetings_attendees_are_not_principals(run):
    text = (
        "Chilean Foreign Minister Ana Beltrán met Ghanaian Foreign Minister Yaw Boateng in Santiago. "
        "Chilean Ambassador to Ghana Pablo Rojas also attended the meeting."
    )
    m = run(text)[0]
    assert [(p["name"], p["role"]) for p in m["participants"]] == [
        ("Ana Beltrán", "principal"),
        ("Yaw Boateng", "principal"),
        ("Pablo Rojas", "attendee"),
    ]


def test_meetings_plans_and_background_are_not_meetings(run):
    texts = [
        "Kenyan President Daniel Kiprop will meet Chilean President Ricardo Soto next week.",
        "Kenyan President Daniel Kiprop is expected to hold talks with Chilean President Ricardo Soto.",
        "Kenyan President Daniel Kiprop plans to meet Chilean President Ricardo Soto in March.",
        "Kenyan President Daniel Kiprop invited Chilean President Ricardo Soto to visit Nairobi.",
        "Kenyan President Daniel Kiprop and Chilean President Ricardo Soto last met in 2019.",
        "Kenyan President Daniel Kiprop had previously met Chilean President Ricardo Soto.",
    ]
    assert [run(t) for t in texts] == [[]] * len(texts)


def test_meetings_statements_are_not_meetings(run):
    text = "Kenyan Foreign Minister Amina Odhiambo condemned the attack and said in an interview that talks must resume."
    assert run(text) == []


def test_meetings_summoned_ambassador_is_not_a_meeting(run):
    text = (
        "The Foreign Ministry of Norway summoned Icelandic Ambassador to Norway Gunnar Jonsson, where "
        "Deputy Foreign Minister Ingrid Berg handed him a protest note."
    )
    assert run(text) == []


def test_meetings_publication_date_when_text_has_none(run):
    m = run(
        "Kenyan Foreign Minister Amina Odhiambo met Chilean President Ricardo Soto.",
        published=dt.date(2024, 2, 1),
    )[0]
    assert (m["date"], m["date_basis"]) == ("2024-02-01", "publication")


def test_meetings_agency_home_country_for_unaffiliated_official(run):
    m = run("Prime Minister Rafiq Anwar received Chilean President Ricardo Soto.", source="APP")[0]
    assert [p["country"] for p in m["participants"]] == ["PK", "CL"]


def test_meetings_visit_to_country_gives_location(run):
    m = run(
        "Azerbaijan's Minister of Foreign Affairs Rustam Veliyev met with ICESCO Director-General Omar Benali "
        "as part of his official visit to the Kingdom of Morocco."
    )[0]
    assert (m["location"]["country"], m["context_event"], m["countries"]) == (
        "MA",
        "official visit to the Kingdom of Morocco",
        ["AZ"],
    )
