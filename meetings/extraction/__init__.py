"""The meeting extractor: pure Python over cleaned article text (standard library and pycountry).

    from meetings.extraction import extract
    result = extract(document)            # ArticleExtraction
    result = extract(document, gazetteer) # with curated entries: load_default().with_extra(...)

No Django imports anywhere in this package; tests/extraction/test_purity.py checks it.
"""

from __future__ import annotations

from .gazetteer import Gazetteer, OrganizationEntry, PersonEntry, load_default
from .meetings import MeetingAssembler
from .schema import ArticleExtraction, Document

EXTRACTOR_VERSION = "2026.11.38"

__all__ = [
    "EXTRACTOR_VERSION",
    "Gazetteer",
    "OrganizationEntry",
    "PersonEntry",
    "extract",
    "load_default",
]


def extract(document: Document, gazetteer: Gazetteer | None = None) -> ArticleExtraction:
    """All meetings the article reports, with participants, date, place, kind and evidence."""
    gazetteer = gazetteer or load_default()
    meetings = MeetingAssembler(gazetteer).assemble(
        document.text,
        document.published,
        document.source,
        document.title,
        getattr(document, "dateline_place", None),
        getattr(document, "dateline_date", None),
    )
    return ArticleExtraction(
        meetings=meetings,
        extractor_version=EXTRACTOR_VERSION,
        source=document.source,
        published=document.published,
    )
