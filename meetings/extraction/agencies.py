"""News agencies and outlets that sign articles, read from one data file
(data/gazetteer/agencies.tsv): each written form, the name we store, and the agency's home state.

The text cleaner (document.py) uses the names, the meeting assembler (meetings.py) the home states.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class AgencySpelling:
    written: str  # as agencies and sites write it: "AA", "Anadolu", "Saudi Press Agency"
    name: str  # the name we store: "Anadolu Agency", "Saudi Press Agency"
    country: str | None  # ISO2 of the home state, when we use it ("AZ|SN" when two agencies share the name)


@functools.lru_cache(maxsize=1)
def agency_spellings() -> tuple[AgencySpelling, ...]:
    path = resources.files("meetings") / "data" / "gazetteer" / "agencies.tsv"
    spellings = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row or row[0].startswith("#") or not row[0].strip():
                continue
            written, name, country = (row + ["", ""])[:3]
            spellings.append(
                AgencySpelling(
                    written.strip(), name.strip() or written.strip(), country.strip().upper() or None
                )
            )
    return tuple(spellings)


@functools.lru_cache(maxsize=1)
def agency_names() -> dict[str, str]:
    """Casefolded written form -> the name we store."""
    return {spelling.written.casefold(): spelling.name for spelling in agency_spellings()}


@functools.lru_cache(maxsize=1)
def home_countries() -> dict[str, str]:
    """Written form, case as written -> ISO2 of the agency's home state (those we use only; "AZ|SN"
    for a name two agencies share)."""
    return {spelling.written: spelling.country for spelling in agency_spellings() if spelling.country}
