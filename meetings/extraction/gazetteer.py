"""What the extractor knows before it reads an article: countries, cities, offices, organizations.

Everything comes from human-editable files in meetings/data/gazetteer/ plus pycountry (through
countries.py). `load_default()` reads them once; `Gazetteer.with_extra()` returns a new gazetteer
with curated entries (from the database, built by the caller) merged in, so the extractor itself
never touches the database.

Lookups are built once per Gazetteer: one dict from phrase token keys to a single `Phrase`, plus
the longest phrase length per first token, so matching an article is a dict probe per token.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources

from .countries import CountryRecord, country_records
from .tokens import phrase_keys

KIND_COUNTRY = "country"
KIND_CITY = "city"
KIND_ORG = "org"
KIND_PERSON = "person"
KIND_REGION = "region"  # a phrase that contains a country name but is not the country ("Latin America")

# Lower number wins when two kinds share one phrase ("Singapore" the country, not the city).
_PRIORITY = {KIND_PERSON: 0, KIND_COUNTRY: 1, KIND_ORG: 2, KIND_CITY: 3, KIND_REGION: 4}

# Regions and other phrases that would otherwise be read as the country they contain.
_REGIONS = (
    "Latin America", "South America", "North America", "Central America", "Northern Ireland",
    "New Mexico", "Gulf of Guinea", "Korean Peninsula", "Congo Basin", "Sea of Japan",
    "Indian Ocean", "Central African", "South China Sea", "East China Sea", "Persian Gulf",
    "Arabian Gulf", "Arabian Sea", "Arab world", "Islamic world", "Turkic world", "Anglo-Saxon",
    "Jordan River", "Georgia Tech", "Indian Ocean Rim", "Irish Sea", "Dutch Caribbean",
    # Regions that are an envoy's mandate ("Commissioner for the Mediterranean"), never a name.
    # Not those whose words are title domains ("Europe", "Central Asia"): titles read them already.
    "Sahel", "Maghreb", "Lake Chad Basin", "Western Balkans", "Balkans", "South Caucasus", "Caucasus",
    "Caribbean", "Asia-Pacific", "Indo-Pacific", "Mediterranean", "Black Sea", "Baltic Sea", "Red Sea",
    "Arctic", "Oceania",
)  # fmt: skip

# A demonym shared by several states points to the one agencies usually mean.
_DEMONYM_PREFERENCE = {
    "congolese": "CD",
    "dominican": "DO",
    "guinean": "GN",
    "samoan": "WS",
    "korean": "KR",
    "sudanese": "SD",
    "virgin islander": "VI",
}


@dataclass(frozen=True)
class OrganizationEntry:
    name: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    parent: str | None = None  # the organization its officials represent ("EU" for the Commission)
    headquarters: str | None = None  # ISO2 of the state where it has its seat

    def label(self) -> str:
        return self.acronym or self.name


@dataclass(frozen=True)
class PersonEntry:
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    organization: str | None = None


@dataclass(frozen=True)
class Phrase:
    kind: str
    value: object  # ISO2 code (country, city, region), OrganizationEntry or PersonEntry
    text: str  # the stored form
    demonym: bool = False
    exact_case: bool = False  # an acronym: the text must be written in capitals too


@dataclass(frozen=True)
class Offices:
    heads: frozenset[str]
    multiword_heads: frozenset[tuple[str, ...]]
    modifiers: frozenset[str]
    domains: frozenset[str]
    abbreviations: dict[str, str]  # "fm" -> "Foreign Minister"
    national: frozenset[str]

    # Read for every article; built once per gazetteer.
    @functools.cached_property
    def multiword_firsts(self) -> frozenset[str]:
        return frozenset(keys[0] for keys in self.multiword_heads)

    @functools.cached_property
    def title_firsts(self) -> frozenset[str]:
        """Keys a title can start with: a quick "no" for most tokens."""
        return (
            self.heads | self.modifiers | self.domains | frozenset(self.abbreviations) | self.multiword_firsts
        )


@dataclass(frozen=True, eq=False)
class Gazetteer:
    countries: tuple[CountryRecord, ...]
    cities: tuple[tuple[str, str], ...]  # (city, ISO2); the first city of a country is its capital
    organizations: tuple[OrganizationEntry, ...]
    offices: Offices
    people: tuple[PersonEntry, ...] = ()
    # Built in __post_init__.
    phrases: dict[tuple[str, ...], Phrase] = field(default_factory=dict, repr=False)
    longest: dict[str, int] = field(default_factory=dict, repr=False)
    country_by_iso: dict[str, CountryRecord] = field(default_factory=dict, repr=False)
    org_by_label: dict[str, OrganizationEntry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        phrases: dict[tuple[str, ...], Phrase] = {}

        def add(text: str, phrase: Phrase) -> None:
            if text.lower().startswith("the "):
                text = text[4:]
            keys = phrase_keys(text)
            if not keys:
                return
            current = phrases.get(keys)
            if current is not None:
                if _PRIORITY[current.kind] < _PRIORITY[phrase.kind]:
                    return
                if current.kind == phrase.kind and current.kind == KIND_COUNTRY:
                    # A name beats a demonym; between demonyms the preference table decides.
                    if not current.demonym and phrase.demonym:
                        return
                    if current.demonym and phrase.demonym:
                        preferred = _DEMONYM_PREFERENCE.get(" ".join(keys))
                        if preferred != phrase.value:
                            return
                    elif current.demonym == phrase.demonym:
                        return
                elif current.kind == phrase.kind:
                    return
            phrases[keys] = phrase

        for region in _REGIONS:
            add(region, Phrase(KIND_REGION, None, region))
        for city, iso2 in self.cities:
            add(city, Phrase(KIND_CITY, iso2, city))
        for entry in self.organizations:
            for form in (entry.name, *entry.aliases):
                add(form, Phrase(KIND_ORG, entry, form, exact_case=_is_acronym(form)))
            if entry.acronym:
                add(entry.acronym, Phrase(KIND_ORG, entry, entry.acronym, exact_case=True))
        for record in self.countries:
            for form in (record.name, record.official_name, *record.other_names):
                add(form, Phrase(KIND_COUNTRY, record.iso2, form, exact_case=_is_acronym(form)))
            for form in record.demonyms:
                add(form, Phrase(KIND_COUNTRY, record.iso2, form, demonym=True, exact_case=_is_acronym(form)))
        for person in self.people:
            for form in (person.name, *person.aliases):
                add(form, Phrase(KIND_PERSON, person, form))

        longest: dict[str, int] = {}
        for keys in phrases:
            longest[keys[0]] = max(longest.get(keys[0], 0), len(keys))
        object.__setattr__(self, "phrases", phrases)
        object.__setattr__(self, "longest", longest)
        object.__setattr__(self, "country_by_iso", {r.iso2: r for r in self.countries})
        labels: dict[str, OrganizationEntry] = {}
        for entry in self.organizations:
            for form in (entry.name, entry.acronym, *entry.aliases):
                if form:
                    labels.setdefault(form.casefold(), entry)
        object.__setattr__(self, "org_by_label", labels)

    def with_extra(
        self, *, organizations: Iterable[OrganizationEntry] = (), people: Iterable[PersonEntry] = ()
    ) -> Gazetteer:
        """A new gazetteer with curated entries added; the extra ones win on shared phrases."""
        extra_orgs = tuple(organizations)
        return replace(
            self,
            organizations=extra_orgs + self.organizations,
            people=tuple(people) + self.people,
            phrases={},
            longest={},
            country_by_iso={},
            org_by_label={},
        )

    def country_name(self, iso2: str) -> str:
        record = self.country_by_iso.get(iso2)
        return record.name if record else iso2

    def organization(self, label: str) -> OrganizationEntry | None:
        return self.org_by_label.get(label.casefold())

    def represented(self, entry: OrganizationEntry) -> OrganizationEntry:
        """The organization an official of `entry` represents: its parent when it has one."""
        seen = 0
        while entry.parent and seen < 4:
            parent = self.organization(entry.parent)
            if parent is None or parent is entry:
                break
            entry, seen = parent, seen + 1
        return entry


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and " " not in text.strip()


def _data_lines(filename: str) -> Iterable[list[str]]:
    path = resources.files("meetings") / "data" / "gazetteer" / filename
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#") and any(cell.strip() for cell in row):
                yield [cell.strip() for cell in row]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip())


def load_cities() -> tuple[tuple[str, str], ...]:
    cities = []
    for row in _data_lines("cities.tsv"):
        if len(row) >= 2:
            cities.extend((city, row[0].upper()) for city in _split(row[1]))
    return tuple(cities)


def load_organizations() -> tuple[OrganizationEntry, ...]:
    entries = []
    for row in _data_lines("organizations.tsv"):
        row = row + [""] * (6 - len(row))
        acronym, name, aliases, kind, parent, headquarters = row[:6]
        if not name:
            continue
        entries.append(
            OrganizationEntry(
                name=name,
                acronym=acronym or None,
                aliases=_split(aliases),
                kind=kind or None,
                parent=parent or None,
                headquarters=headquarters.upper() or None,
            )
        )
    return tuple(entries)


def load_offices() -> Offices:
    from .tokens import token_key

    heads, multi, modifiers, domains, national = set(), set(), set(), set(), set()
    abbreviations = {}
    for row in _data_lines("offices.tsv"):
        kind = row[0]
        if len(row) < 2:
            continue
        keys = phrase_keys(row[1])
        if kind == "head":
            (heads.add(keys[0]) if len(keys) == 1 else multi.add(keys))
        elif kind == "modifier":
            modifiers.add(keys[0])
        elif kind == "domain":
            domains.add(keys[0])
        elif kind == "national":
            national.add(" ".join(keys))
        elif kind == "abbreviation" and len(row) >= 3:
            abbreviations[token_key(row[1])] = row[2]
    return Offices(
        heads=frozenset(heads),
        multiword_heads=frozenset(multi),
        modifiers=frozenset(modifiers),
        domains=frozenset(domains),
        abbreviations=abbreviations,
        national=frozenset(national),
    )


@functools.lru_cache(maxsize=1)
def load_default() -> Gazetteer:
    """The gazetteer built from the shipped data files; read once per process."""
    return Gazetteer(
        countries=tuple(country_records()),
        cities=load_cities(),
        organizations=load_organizations(),
        offices=load_offices(),
    )
