from meetings.extraction.countries import country_records
from meetings.extraction.gazetteer import (
    KIND_CITY,
    KIND_COUNTRY,
    KIND_ORG,
    OrganizationEntry,
    PersonEntry,
    load_default,
)
from meetings.extraction.tokens import phrase_keys


def lookup(gazetteer, text):
    phrase = gazetteer.phrases.get(phrase_keys(text))
    return (
        (phrase.kind, phrase.value if isinstance(phrase.value, str | None) else phrase.value.label())
        if phrase
        else None
    )


def test_gazetteer_every_country_has_a_demonym():
    missing = [r.iso2 for r in country_records() if not r.demonyms]
    assert missing == []


def test_gazetteer_country_names_and_demonyms_resolve():
    g = load_default()
    assert [
        lookup(g, t) for t in ("Kingdom of Morocco", "Türkiye", "Turkey", "Britain", "UAE", "Azerbaijani")
    ] == [
        (KIND_COUNTRY, "MA"),
        (KIND_COUNTRY, "TR"),
        (KIND_COUNTRY, "TR"),
        (KIND_COUNTRY, "GB"),
        (KIND_COUNTRY, "AE"),
        (KIND_COUNTRY, "AZ"),
    ]


def test_gazetteer_country_beats_city_and_region_blocks_country():
    g = load_default()
    assert lookup(g, "Singapore") == (KIND_COUNTRY, "SG")
    assert lookup(g, "Rabat") == (KIND_CITY, "MA")
    assert lookup(g, "Latin America") == ("region", None)


def test_gazetteer_organizations_by_name_acronym_and_alias():
    g = load_default()
    assert lookup(g, "Organization of Turkic States") == (KIND_ORG, "OTS")
    assert lookup(g, "Turkic Council") == (KIND_ORG, "OTS")
    assert lookup(g, "ICESCO") == (KIND_ORG, "ICESCO")
    assert len(g.organizations) >= 150


def test_gazetteer_with_extra_returns_new_gazetteer_with_entries():
    base = load_default()
    extra = base.with_extra(
        organizations=[OrganizationEntry(name="Caspian Littoral Forum", acronym="CLF")],
        people=[PersonEntry(name="Orla Quinnsworth", country="IE")],
    )
    assert lookup(extra, "CLF") == (KIND_ORG, "CLF")
    assert extra.phrases[phrase_keys("Orla Quinnsworth")].kind == "person"
    assert lookup(base, "CLF") is None
