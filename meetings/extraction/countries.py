"""Every country the archive knows, from pycountry plus our written rules for disputed cases.

Rules (also in docs/data-model.md):
- XK Kosovo: not in ISO 3166-1; we use the user-assigned code XK, as the EU, the IMF and the
  World Bank do, because agencies report Kosovo's officials as representing Kosovo.
- PS Palestine: ISO lists "Palestine, State of"; we display "Palestine" and treat officials of
  the Palestinian Authority and the State of Palestine as representing PS.
- TW Taiwan: ISO's name is "Taiwan, Province of China"; we display the neutral common name
  "Taiwan" and record officials of Taipei as representing TW, without a position on status.
- EH Western Sahara: a territory, kept under its ISO code. Officials of the Sahrawi Arab
  Democratic Republic / Polisario Front are recorded as representing EH; Moroccan officials
  speaking about the territory represent MA.

Pure: standard library and pycountry only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib import resources

import pycountry

# Display names where ISO's reference name is not what a reader expects.
_DISPLAY_NAMES = {
    "BO": "Bolivia",
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CZ": "Czech Republic",
    "FM": "Micronesia",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "PS": "Palestine",
    "RU": "Russia",
    "SY": "Syria",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "VA": "Holy See",
    "VE": "Venezuela",
    "VN": "Vietnam",
    "TR": "Türkiye",
}


@dataclass(frozen=True)
class CountryRecord:
    iso2: str
    name: str  # display name
    official_name: str
    other_names: tuple[str, ...] = field(default_factory=tuple)  # ISO names and common variants
    demonyms: tuple[str, ...] = field(default_factory=tuple)


def _extra_table(filename: str) -> dict[str, tuple[str, ...]]:
    """Read a two-column TSV (iso2, '|'-separated values) from meetings/data/gazetteer/."""
    path = resources.files("meetings") / "data" / "gazetteer" / filename
    if not path.is_file():
        return {}
    table: dict[str, tuple[str, ...]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row or row[0].startswith("#") or len(row) < 2:
                continue
            values = tuple(v.strip() for v in row[1].split("|") if v.strip())
            table[row[0].strip().upper()] = table.get(row[0].strip().upper(), ()) + values
    return table


def country_records() -> list[CountryRecord]:
    """All countries, sorted by ISO code, with display names, alternative names and demonyms."""
    demonyms = _extra_table("demonyms.tsv")
    extra_names = _extra_table("country_names.tsv")
    records = []
    for country in pycountry.countries:
        iso2 = country.alpha_2
        name = _DISPLAY_NAMES.get(iso2) or getattr(country, "common_name", None) or country.name
        official = getattr(country, "official_name", None) or country.name
        others = {country.name, official, getattr(country, "common_name", None) or country.name}
        others.update(extra_names.get(iso2, ()))
        others.discard(name)
        records.append(
            CountryRecord(
                iso2=iso2,
                name=name,
                official_name=official,
                other_names=tuple(sorted(others)),
                demonyms=demonyms.get(iso2, ()),
            )
        )
    records.append(
        CountryRecord(
            iso2="XK",
            name="Kosovo",
            official_name="Republic of Kosovo",
            other_names=tuple(sorted({"Republic of Kosovo", *extra_names.get("XK", ())})),
            demonyms=demonyms.get("XK", ("Kosovar", "Kosovan")),
        )
    )
    return sorted(records, key=lambda r: r.iso2)
