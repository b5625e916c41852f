"""Keyword-only helpers that build rows for tests, with nothing surprising filled in."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from django.contrib.auth.models import Group, User

from meetings.models import (
    Article,
    Country,
    Meeting,
    MeetingReport,
    MeetingStatus,
    Organization,
    Participation,
    Person,
    PersonAlias,
    ResolutionStatus,
    Role,
    Source,
    Topic,
    slug_for,
)

_sequence = itertools.count(1)


def make_source(*, name: str = "Test Agency") -> Source:
    source, _ = Source.objects.get_or_create(name=name, defaults={"slug": slug_for(name)})
    return source


def make_article(
    *,
    text: str | None = None,
    title: str = "",
    url: str | None = None,
    published: dt.date | None = dt.date(2023, 11, 13),
    source: Source | None = None,
) -> Article:
    number = next(_sequence)
    text = text or f"Test article number {number}. The ministers met in the capital."
    return Article.objects.create(
        text=text,
        title=title or f"Test article {number}",
        url=url,
        published=published,
        source=source or make_source(),
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def make_person(*, name: str, aliases: tuple[str, ...] = ()) -> Person:
    base = slug_for(name)
    slug = base
    while Person.objects.filter(slug=slug).exists():
        slug = f"{base}-{next(_sequence)}"
    person = Person.objects.create(name=name, slug=slug)
    for alias in (name, *aliases):
        PersonAlias.objects.create(person=person, name=alias)
    return person


def make_organization(*, name: str, acronym: str = "") -> Organization:
    return Organization.objects.create(name=name, acronym=acronym, slug=slug_for(acronym or name))


def make_topic(*, name: str) -> Topic:
    topic, _ = Topic.objects.get_or_create(name=name, defaults={"slug": slug_for(name)})
    return topic


def country(iso2: str) -> Country:
    return Country.objects.get(iso2=iso2)


def make_meeting(
    *,
    date: dt.date | None = dt.date(2023, 11, 13),
    participants: list[tuple[Person | str, str | None, Organization | None]] = (),
    kind: str = "in_person",
    status: str = MeetingStatus.UNREVIEWED,
    place: str = "",
    location_country: str | None = None,
    topics: tuple[str, ...] = (),
    article: Article | None = None,
    rejection_reason: str = "",
) -> Meeting:
    """A meeting with principals given as (person or unresolved name, country ISO2, organization)."""
    meeting = Meeting.objects.create(
        date_start=date,
        date_end=date,
        kind=kind,
        status=status,
        place=place,
        location_country_id=location_country,
        rejection_reason=rejection_reason
        or ("rejected in a test" if status == MeetingStatus.REJECTED else ""),
    )
    for position, (who, iso2, organization) in enumerate(participants):
        person = who if isinstance(who, Person) else None
        Participation.objects.create(
            meeting=meeting,
            person=person,
            mention=person.name if person else who,
            role=Role.PRINCIPAL,
            country_id=iso2,
            organization=organization,
            position=position,
            resolution=ResolutionStatus.RESOLVED if person else ResolutionStatus.UNRESOLVED,
        )
        if iso2:
            meeting.countries.add(iso2)
        if organization:
            meeting.organizations.add(organization)
    for name in topics:
        meeting.topics.add(make_topic(name=name))
    article = article or make_article()
    MeetingReport.objects.create(
        article=article,
        meeting=meeting,
        evidence_start=0,
        evidence_end=min(len(article.text), 40),
        quote=article.text[:40],
        extractor_version="test",
    )
    return meeting


def make_user(*, username: str, editor: bool = False, staff: bool = False, superuser: bool = False) -> User:
    user = User.objects.create_user(
        username=username,
        password="correct horse battery staple",
        is_staff=staff or editor,
        is_superuser=superuser,
    )
    if editor:
        user.groups.add(Group.objects.get(name="Editors"))
    return user


def add_participation(
    *,
    meeting: Meeting,
    person: Person | None = None,
    mention: str = "",
    role: str = Role.ATTENDEE,
    title: str = "",
    country_iso2: str | None = None,
    organization: Organization | None = None,
    article: Article | None = None,
    span: tuple[int, int] | None = None,
    position: int = 10,
) -> Participation:
    """Another participant of an existing meeting (an attendee unless told), optionally with a mention span."""
    participation = Participation.objects.create(
        meeting=meeting,
        person=person,
        mention=mention or (person.name if person else "Unnamed official"),
        role=role,
        title=title,
        country_id=country_iso2,
        organization=organization,
        article=article,
        span_start=span[0] if span else None,
        span_end=span[1] if span else None,
        position=position,
        resolution=ResolutionStatus.RESOLVED if person else ResolutionStatus.UNRESOLVED,
    )
    if country_iso2:
        meeting.countries.add(country_iso2)
    if organization:
        meeting.organizations.add(organization)
    return participation
