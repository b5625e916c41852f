"""Keyword-only helpers that build rows for tests, with nothing surprising filled in."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass

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


# Text that belongs only to the rejected meeting: if it shows up anywhere public, it leaked.
REJECTED_MARKERS = ("Leakville", "Zed Leakman", "LEAKED EVIDENCE", "Leak Summit")


@dataclass
class Archive:
    """A small, realistic archive: five public meetings across 2022-2023 and one rejected meeting."""

    bayramov: Person
    almalik: Person
    cavusoglu: Person
    bourita: Person
    leakman: Person
    icesco: Organization
    baku_icesco: Meeting  # AZ + ICESCO, 13 Nov 2023, verified, culture
    rabat_call: Meeting  # AZ + MA, 2 Jun 2023, phone call, unreviewed, energy
    ankara_call: Meeting  # AZ + TR, 10 Mar 2022, video call, verified, energy
    rabat_icesco: Meeting  # MA + ICESCO, 20 Sep 2022, unreviewed, culture
    antalya: Meeting  # AZ + MA + TR, 14 Feb 2023, sidelines of a forum, energy
    rejected: Meeting  # AZ + MA, 14 Nov 2023, rejected

    @property
    def public_meetings(self) -> list[Meeting]:
        return [self.baku_icesco, self.rabat_call, self.ankara_call, self.rabat_icesco, self.antalya]


def make_archive() -> Archive:
    icesco = make_organization(
        name="Islamic World Educational, Scientific and Cultural Organization", acronym="ICESCO"
    )
    bayramov = make_person(name="Jeyhun Bayramov", aliases=("Ceyhun Bayramov",))
    almalik = make_person(name="Salim AlMalik", aliases=("Salim Al-Malik", "Salim M. AlMalik"))
    cavusoglu = make_person(name="Mevlüt Çavuşoğlu")
    bourita = make_person(name="Nasser Bourita")
    leakman = make_person(name="Zed Leakman")

    text = (
        "BAKU, 13 November. Azerbaijani Foreign Minister Jeyhun Bayramov met ICESCO Director-General "
        "Salim AlMalik in Baku on Monday. The sides discussed cultural heritage."
    )
    baku_article = make_article(
        text=text, title="Bayramov receives ICESCO chief", url="https://news.example/az/1"
    )
    baku_icesco = make_meeting(
        date=dt.date(2023, 11, 13),
        participants=[(bayramov, "AZ", None), (almalik, None, icesco)],
        status=MeetingStatus.VERIFIED,
        place="Baku",
        location_country="AZ",
        topics=("Culture",),
        article=baku_article,
    )
    baku_icesco.participations.filter(person=bayramov).update(
        title="Foreign Minister",
        article=baku_article,
        span_start=text.index("Jeyhun"),
        span_end=text.index(" met"),
    )
    baku_icesco.participations.filter(person=almalik).update(
        title="Director-General",
        article=baku_article,
        span_start=text.index("Salim"),
        span_end=text.index(" in Baku"),
    )
    baku_icesco.reports.update(
        evidence_start=text.index("Azerbaijani"), evidence_end=text.index(" The sides")
    )

    rabat_call = make_meeting(
        date=dt.date(2023, 6, 2),
        kind="phone_call",
        participants=[(bayramov, "AZ", None), (bourita, "MA", None)],
        topics=("Energy",),
    )
    ankara_call = make_meeting(
        date=dt.date(2022, 3, 10),
        kind="video_call",
        participants=[(bayramov, "AZ", None), (cavusoglu, "TR", None)],
        status=MeetingStatus.VERIFIED,
        topics=("Energy",),
    )
    rabat_icesco = make_meeting(
        date=dt.date(2022, 9, 20),
        participants=[(bourita, "MA", None), (almalik, None, icesco)],
        place="Rabat",
        location_country="MA",
        topics=("Culture",),
    )
    antalya = make_meeting(
        date=dt.date(2023, 2, 14),
        participants=[(bayramov, "AZ", None), (bourita, "MA", None), (cavusoglu, "TR", None)],
        place="Antalya",
        location_country="TR",
        topics=("Energy",),
    )
    antalya.context_event = "Antalya Diplomacy Forum"
    antalya.save()

    leak_text = "LEAKED EVIDENCE: Jeyhun Bayramov met Zed Leakman in Leakville at the Leak Summit."
    rejected = make_meeting(
        date=dt.date(2023, 11, 14),
        participants=[(bayramov, "AZ", None), (leakman, "MA", None)],
        status=MeetingStatus.REJECTED,
        place="Leakville",
        location_country="MA",
        topics=("Culture", "Energy"),
        article=make_article(text=leak_text, title="Leak Summit", url="https://news.example/leak"),
    )
    rejected.context_event = "Leak Summit"
    rejected.save()
    add_participation(
        meeting=rejected, person=leakman, mention="Zed Leakman", title="Leak Summit host", country_iso2="MA"
    )
    Person.objects.filter(pk=bayramov.pk).update(meeting_count=4)
    Person.objects.filter(pk=bourita.pk).update(meeting_count=3)
    return Archive(
        bayramov=bayramov,
        almalik=almalik,
        cavusoglu=cavusoglu,
        bourita=bourita,
        leakman=leakman,
        icesco=icesco,
        baku_icesco=baku_icesco,
        rabat_call=rabat_call,
        ankara_call=ankara_call,
        rabat_icesco=rabat_icesco,
        antalya=antalya,
        rejected=rejected,
    )


def ensure_reference_data() -> None:
    """Reload what migrations put in the database (countries, the Editors group).

    A transactional test's flush empties every table; pytest-django runs those tests last, so only
    they need this. (Serialized rollback cannot be relied on once Playwright's event loop runs:
    the connection that holds the serialized copy is no longer the one tests use.)
    """
    import importlib

    ensure_countries()
    editors = importlib.import_module("meetings.migrations.0003_editors_group").EDITOR_PERMISSIONS
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model, actions in editors.items() for action in actions]
    from django.contrib.auth.models import Permission

    group.permissions.set(
        Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames)
    )


def ensure_countries() -> None:
    """Reload the country table a transactional test's flush emptied (the data migration filled it)."""
    from meetings.extraction.countries import country_records

    if Country.objects.exists():
        return
    Country.objects.bulk_create(
        Country(
            iso2=record.iso2,
            name=record.name,
            official_name=record.official_name,
            other_names=list(record.other_names),
            demonyms=list(record.demonyms),
        )
        for record in country_records()
    )
