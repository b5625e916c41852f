"""The extraction contract as plain dataclasses (see docs/extraction-schema.md).

Pure Python: no Django imports. The models mirror the string constants below with
TextChoices, and a test checks that both sets stay equal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

KIND_IN_PERSON = "in_person"
KIND_PHONE_CALL = "phone_call"
KIND_VIDEO_CALL = "video_call"
MEETING_KINDS = (KIND_IN_PERSON, KIND_PHONE_CALL, KIND_VIDEO_CALL)

ROLE_PRINCIPAL = "principal"
ROLE_ATTENDEE = "attendee"
ROLES = (ROLE_PRINCIPAL, ROLE_ATTENDEE)

# Optional side of a principal in a visit (PLOVER "visit" mode; CAMEO 042/043).
SIDE_HOST = "host"
SIDE_VISITOR = "visitor"
SIDES = (SIDE_HOST, SIDE_VISITOR)

PRECISION_DAY = "day"
PRECISION_MONTH = "month"
PRECISION_YEAR = "year"
DATE_PRECISIONS = (PRECISION_DAY, PRECISION_MONTH, PRECISION_YEAR)

# How a meeting date was obtained.
DATE_EXPLICIT = "explicit"  # written in the text ("on 12 November 2023")
DATE_RELATIVE = "relative"  # resolved against the publication date ("yesterday", "on Monday")
DATE_PUBLICATION = "publication"  # no date in the text: the publication date is used
DATE_BASES = (DATE_EXPLICIT, DATE_RELATIVE, DATE_PUBLICATION)


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) in a Document's clean text."""

    start: int
    end: int

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Document:
    """One article as a reader produced it: clean text plus what is known about it."""

    text: str
    origin: str  # where it came from, for messages: "path", "path:line 12", "path#entry 3"
    title: str | None = None
    source: str | None = None  # outlet or agency
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    # Where the dateline said the story was filed ("Rabat" from "RABAT, Nov 13 (MAP) -"), when the
    # reader removed the dateline from the text; the extractor uses it as a last-resort location.
    dateline_place: str | None = None
    # The date the dateline gave ("RABAT, Nov 13 (MAP) -"), when the reader removed it: the day the
    # story was filed, which "today" and "yesterday" count from (see meetings.filing_date).
    dateline_date: dt.date | None = None


@dataclass(frozen=True)
class OrganizationRef:
    name: str | None
    acronym: str | None = None

    def label(self) -> str:
        return self.acronym or self.name or ""

    def to_json(self) -> dict:
        return {"name": self.name, "acronym": self.acronym}


@dataclass
class Participant:
    name: str  # as written, without titles or honorifics
    role: str = ROLE_PRINCIPAL
    title: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 of the state represented
    organization: OrganizationRef | None = None
    side: str | None = None  # host / visitor, when the text makes it clear
    span: Span | None = None  # where the name stands in the clean text
    aliases: list[str] = field(default_factory=list)  # other forms the same text uses

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "title": self.title,
            "country": self.country,
            "organization": self.organization.label() if self.organization else None,
            "role": self.role,
            "side": self.side,
            "span": [self.span.start, self.span.end] if self.span else None,
        }


@dataclass
class Meeting:
    kind: str = KIND_IN_PERSON
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str = PRECISION_DAY
    date_basis: str | None = None
    place: str | None = None
    location_country: str | None = None
    context_event: str | None = None
    participants: list[Participant] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    organizations: list[OrganizationRef] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    evidence: Span | None = None  # the sentence(s) that report the meeting
    confidence: float = 0.5

    @property
    def principals(self) -> list[Participant]:
        return [p for p in self.participants if p.role == ROLE_PRINCIPAL]

    def to_json(self, text: str | None = None) -> dict:
        location = None
        if self.place or self.location_country:
            location = {"place": self.place, "country": self.location_country}
        data = {
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "date_precision": self.date_precision,
            "date_basis": self.date_basis,
            "location": location,
            "context_event": self.context_event,
            "participants": [p.to_json() for p in self.participants],
            "countries": list(self.countries),
            "organizations": [o.to_json() for o in self.organizations],
            "topics": list(self.topics),
            "evidence": [self.evidence.start, self.evidence.end] if self.evidence else None,
            "confidence": round(self.confidence, 3),
        }
        if text is not None and self.evidence:
            data["quote"] = self.evidence.quote(text)
        return data


@dataclass
class ArticleExtraction:
    meetings: list[Meeting]
    extractor_version: str
    source: str | None = None
    published: dt.date | None = None

    def to_json(self, *, document: Document | None = None, file: str | None = None) -> dict:
        text = document.text if document else None
        data = {
            "file": file,
            "url": document.url if document else None,
            "title": document.title if document else None,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "extractor_version": self.extractor_version,
            "meetings": [m.to_json(text) for m in self.meetings],
        }
        return data
