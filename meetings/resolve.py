"""Map extracted names to rows: people by alias keys and compatible affiliation, organizations by
name, acronym and aliases, countries by ISO code.

ORM reads only; the store does the writing. The resolver never guesses: a name that fits
several people is Ambiguous, a name too short to identify anyone is Unresolved, and both end
up in the editors' review queue.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection

from meetings.extraction.normalise import name_key, name_words
from meetings.extraction.schema import OrganizationRef, Participant
from meetings.models import (
    AliasKind,
    AliasOrigin,
    Country,
    Organization,
    OrganizationAlias,
    Participation,
    Person,
    PersonAlias,
    PersonIdentifier,
)


@dataclass(frozen=True)
class Match:
    person_id: int


@dataclass(frozen=True)
class Ambiguous:
    candidate_ids: tuple[int, ...]


@dataclass(frozen=True)
class New:
    """No known person carries this name: the store creates one."""


@dataclass(frozen=True)
class Unresolved:
    reason: str


PersonResolution = Match | Ambiguous | New | Unresolved


@dataclass
class _Candidate:
    person_id: int
    countries: set[str] = field(default_factory=set)
    organization_ids: set[int] = field(default_factory=set)

    def compatible_with(self, country: str | None, organization_id: int | None) -> bool:
        """Same person is plausible unless both sides have a known, different affiliation."""
        if not country and not organization_id:
            return True
        if not self.countries and not self.organization_ids:
            return True
        return (country is not None and country in self.countries) or (
            organization_id is not None and organization_id in self.organization_ids
        )


def is_identifying_name(name: str) -> bool:
    """A surname alone ("Bayramov") is not enough to create or match a person on its own."""
    return len(name_words(name)) >= 2


class Resolver:
    """Resolves the names of one batch, caching lookups; call `remember_*` after the store writes."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Forget cached lookups, e.g. after a transaction that created rows was rolled back."""
        self._people_by_key: dict[str, dict[int, _Candidate]] = {}
        self._meeting_counts: dict[int, int] = {}
        self._aliases_by_person: dict[int, set[str]] = {}
        # Rows the store looks up for every article of a batch; cleared with the rest after a rollback.
        self.sources: dict = {}
        self.topics: dict[str, int] = {}
        self._organization_by_key: dict[str, int | None] = {}
        self._country_codes: set[str] | None = None

    def forget_misses(self) -> None:
        """Drop cached "nobody has this name" answers, which another process may have made stale."""
        self._people_by_key = {key: found for key, found in self._people_by_key.items() if found}
        self._organization_by_key = {key: found for key, found in self._organization_by_key.items() if found}

    def meeting_count(self, person_id: int) -> int:
        """How many meetings a person had when first looked up (0 for people this batch created)."""
        return self._meeting_counts.get(person_id, 0)

    def known_aliases(self, person_id: int) -> set[str]:
        """The spellings stored for a person (cached; the store adds to the set as it writes)."""
        if person_id not in self._aliases_by_person:
            self._aliases_by_person[person_id] = set(
                PersonAlias.objects.filter(person_id=person_id).values_list("name", flat=True)
            )
        return self._aliases_by_person[person_id]

    # Countries

    def country_code(self, iso2: str | None) -> str | None:
        if not iso2:
            return None
        if self._country_codes is None:
            self._country_codes = set(Country.objects.values_list("iso2", flat=True))
        code = iso2.upper()
        return code if code in self._country_codes else None

    # Organizations

    def organization_id(self, ref: OrganizationRef | str | None) -> int | None:
        """The id of a known organization matching the name, acronym or an alias, or None."""
        for key in self._organization_keys(ref):
            if key not in self._organization_by_key:
                self._organization_by_key[key] = self._lookup_organization(key)
            if self._organization_by_key[key] is not None:
                return self._organization_by_key[key]
        return None

    def remember_organization(self, ref: OrganizationRef | str, organization_id: int) -> None:
        for key in self._organization_keys(ref):
            self._organization_by_key[key] = organization_id

    @staticmethod
    def _organization_keys(ref: OrganizationRef | str | None) -> list[str]:
        if ref is None:
            return []
        if isinstance(ref, str):
            ref = OrganizationRef(name=ref)
        # The acronym first: full names vary more ("Scientific, and Cultural" vs "Scientific and Cultural").
        keys = [name_key(value) for value in (ref.acronym, ref.name) if value]
        return [key for key in keys if key]

    @staticmethod
    def _lookup_organization(key: str) -> int | None:
        ids = set(
            OrganizationAlias.objects.filter(key=key, organization__merged_into__isnull=True).values_list(
                "organization_id", flat=True
            )
        )
        if len(ids) == 1:
            return ids.pop()
        # Several organizations share an acronym: do not guess.
        if not ids:
            merged = (
                OrganizationAlias.objects.filter(key=key)
                .exclude(organization__merged_into__isnull=True)
                .values_list("organization__merged_into_id", flat=True)
                .first()
            )
            return merged
        return None

    # People

    def resolve_person(
        self, participant: Participant, *, country: str | None, organization_id: int | None
    ) -> PersonResolution:
        key = name_key(participant.name)
        if not key:
            return Unresolved("the name has no letters")
        candidates = self._people_candidates(key)
        if not candidates:
            if is_identifying_name(participant.name):
                return New()
            return Unresolved("a single name, not enough to identify a person")
        compatible = [c for c in candidates.values() if c.compatible_with(country, organization_id)]
        if len(compatible) == 1:
            return Match(compatible[0].person_id)
        if not compatible:
            # Same name, different state or organization: another person ("Ali Khan" of PK vs of IN).
            if is_identifying_name(participant.name):
                return New()
            return Unresolved("a single name that matches only people of other affiliations")
        return Ambiguous(tuple(sorted(c.person_id for c in compatible)))

    def remember_person(
        self, person_id: int, names: list[str], *, country: str | None, organization_id: int | None
    ):
        for name in names:
            key = name_key(name)
            if not key:
                continue
            candidates = self._people_candidates(key)
            candidate = candidates.setdefault(person_id, _Candidate(person_id))
            if country:
                candidate.countries.add(country)
            if organization_id:
                candidate.organization_ids.add(organization_id)

    def _people_candidates(self, key: str) -> dict[int, _Candidate]:
        if key not in self._people_by_key:
            self._people_by_key[key] = self._lookup_people(key)
        return self._people_by_key[key]

    def _lookup_people(self, key: str) -> dict[int, _Candidate]:
        counts = dict(
            PersonAlias.objects.filter(
                key=key, kind=AliasKind.STRONG, person__merged_into__isnull=True
            ).values_list("person_id", "person__meeting_count")
        )
        self._meeting_counts.update(counts)
        person_ids = set(counts)
        candidates = {pid: _Candidate(pid) for pid in person_ids}
        if not candidates:
            return candidates
        for person_id, country_id, organization_id in (
            Participation.objects.filter(person_id__in=person_ids)
            .values_list("person_id", "country_id", "organization_id")
            .distinct()
        ):
            if country_id:
                candidates[person_id].countries.add(country_id)
            if organization_id:
                candidates[person_id].organization_ids.add(organization_id)
        return candidates


def gazetteer_from_db():
    """Curated organizations and people as extra gazetteer entries, so curation improves extraction."""
    from meetings.extraction.gazetteer import OrganizationEntry, PersonEntry

    organizations = []
    aliases = defaultdict(list)
    for organization_id, alias in OrganizationAlias.objects.values_list("organization_id", "name"):
        aliases[organization_id].append(alias)
    for organization in Organization.objects.live().only("id", "name", "acronym", "kind"):
        organizations.append(
            OrganizationEntry(
                name=organization.name,
                acronym=organization.acronym or None,
                aliases=tuple(
                    a for a in aliases[organization.id] if a not in (organization.name, organization.acronym)
                ),
                kind=organization.kind,
            )
        )
    people = []
    curated_ids = _curated_people_ids()
    person_aliases = defaultdict(list)
    for person_id, alias in PersonAlias.objects.filter(
        kind=AliasKind.STRONG, person_id__in=curated_ids
    ).values_list("person_id", "name"):
        person_aliases[person_id].append(alias)
    latest_affiliation = _latest_affiliations(curated_ids)
    for person in Person.objects.filter(pk__in=curated_ids).only("id", "name"):
        country_id, organization_label = latest_affiliation.get(person.id, (None, None))
        people.append(
            PersonEntry(
                name=person.name,
                aliases=tuple(a for a in person_aliases[person.id] if a != person.name),
                country=country_id,
                organization=organization_label,
            )
        )
    return organizations, people


# The extractor's person gazetteer stays small whatever the archive's size: people an editor has
# worked on, plus the most active (one-off extractions add noise, not knowledge).
CURATED_PEOPLE_LIMIT = 2000


def _curated_people_ids() -> list[int]:
    """Three small indexed reads (partial indexes) rather than one OR across joins: seconds at 2M meetings."""
    touched = set(
        PersonAlias.objects.filter(origin__in=[AliasOrigin.EDITOR, AliasOrigin.MERGE]).values_list(
            "person_id", flat=True
        )
    )
    touched |= set(PersonIdentifier.objects.values_list("person_id", flat=True))
    touched |= set(Participation.objects.filter(edited_by_editor=True).values_list("person_id", flat=True))
    touched.discard(None)
    live_touched = set(Person.objects.live().filter(pk__in=touched).values_list("pk", flat=True))
    busiest = (
        Person.objects.live()
        .filter(meeting_count__gte=2)
        .order_by("-meeting_count")
        .values_list("pk", flat=True)
    )
    return sorted(live_touched | set(busiest[:CURATED_PEOPLE_LIMIT]))


def _latest_affiliations(person_ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """Each person's country or organization at their newest mention, one index row per person."""
    if not person_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT latest.person_id, latest.country_id, latest.acronym
            FROM unnest(%s::bigint[]) AS wanted(person_id)
            CROSS JOIN LATERAL (
                SELECT pa.person_id, pa.country_id, o.acronym
                FROM meetings_participation pa
                LEFT JOIN meetings_organization o ON o.id = pa.organization_id
                WHERE pa.person_id = wanted.person_id
                ORDER BY pa.id DESC
                LIMIT 1
            ) AS latest
            """,
            [person_ids],
        )
        return {
            person_id: (country_id, acronym or None) for person_id, country_id, acronym in cursor.fetchall()
        }
