from meetings.extraction.gazetteer import load_default
from meetings.extraction.mentions import PersonRegistry, SentenceReader


def people(text):
    reader = SentenceReader(load_default())
    sentence = reader.read(text, 0, len(text))
    return [
        (m.name, m.title, m.country, m.org.label() if m.org else None, m.counterpart)
        for m in sentence.mentions
        if m.kind == "name"
    ]


def test_mentions_possessive_country_and_title_before_name():
    assert people("Kenya's Minister of Trade Amina Odhiambo arrived.") == [
        ("Amina Odhiambo", "Minister of Trade", "KE", None, False)
    ]


def test_mentions_title_of_the_republic_of_country():
    assert people(
        "The Minister of Foreign Affairs of the Republic of Uzbekistan Farrukh Tashkentov spoke."
    ) == [("Farrukh Tashkentov", "Minister of Foreign Affairs", "UZ", None, False)]


def test_mentions_name_comma_title_after():
    assert people("Rustam Veliyev, Azerbaijan's foreign minister, spoke.") == [
        ("Rustam Veliyev", "Foreign Minister", "AZ", None, False)
    ]


def test_mentions_counterpart_with_demonym():
    assert people("He met his Peruvian counterpart Lucia Quispe.") == [
        ("Lucia Quispe", None, "PE", None, True)
    ]


def test_mentions_honorifics_are_dropped():
    assert people("H.E. Mr. Omar Haddad, the Ambassador of Jordan to Japan, spoke.") == [
        ("Omar Haddad", "Ambassador", "JO", None, False)
    ]
    assert people("Foreign Minister Sheikh Khalid bin Nasser attended.")[0][0] == "Khalid bin Nasser"


def test_mentions_organization_official_has_org_and_no_country():
    assert people("WHO Director-General Petra Lindqvist said.") == [
        ("Petra Lindqvist", "Director-General", None, "WHO", False)
    ]


def test_mentions_acronym_defined_in_text_is_reused():
    reader = SentenceReader(load_default())
    first = "She visited the Caspian Water Council (CWC) yesterday."
    reader.read(first, 0, len(first))
    second = "CWC Chairman Daniyar Omarov welcomed her."
    sentence = reader.read(second, 0, len(second))
    mention = [m for m in sentence.mentions if m.kind == "name"][0]
    assert (mention.name, mention.org.label()) == ("Daniyar Omarov", "CWC")


def test_mentions_surname_and_title_back_references_resolve_with_aliases():
    reader = SentenceReader(load_default())
    registry = PersonRegistry()
    text = [
        "Chilean Foreign Minister Ana Beltrán met Ghanaian President Kofi Mensah-Boateng.",
        "FM Beltrán praised the talks.",
        "The minister said trade would grow.",
    ]
    resolved = []
    for sentence_text in text:
        for mention in reader.read(sentence_text, 0, len(sentence_text)).mentions:
            person = registry.resolve(mention)
            if person is not None:
                resolved.append(person.name)
    assert resolved == ["Ana Beltrán", "Kofi Mensah-Boateng", "Ana Beltrán", "Ana Beltrán"]
    assert registry.people[0].aliases == ["Beltrán"]
