"""The archive's data: articles, the meetings they report, and the people, countries and
organizations that take part in them.

Extraction output is stored as *mentions first*: a Participation keeps the name as written
and a nullable link to a Person, so deleting or merging a person never loses a mention.
Editors' work is protected mechanically: a meeting's status and `locked_fields` tell the
store which facts it may no longer rewrite.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from meetings.extraction import schema
from meetings.extraction.normalise import fold, name_key, name_words


def slug_for(text: str, max_length: int = 80) -> str:
    """ASCII slug for a name ("Çavuşoğlu" -> "cavusoglu"); never empty."""
    return slugify(fold(text))[:max_length].strip("-") or "item"


class MeetingKind(models.TextChoices):
    IN_PERSON = schema.KIND_IN_PERSON, "In person"
    PHONE_CALL = schema.KIND_PHONE_CALL, "Phone call"
    VIDEO_CALL = schema.KIND_VIDEO_CALL, "Video call"


class Role(models.TextChoices):
    PRINCIPAL = schema.ROLE_PRINCIPAL, "Principal"
    ATTENDEE = schema.ROLE_ATTENDEE, "Attendee"


class Side(models.TextChoices):
    HOST = schema.SIDE_HOST, "Host"
    VISITOR = schema.SIDE_VISITOR, "Visitor"


class DatePrecision(models.TextChoices):
    DAY = schema.PRECISION_DAY, "Day"
    MONTH = schema.PRECISION_MONTH, "Month"
    YEAR = schema.PRECISION_YEAR, "Year"


class DateBasis(models.TextChoices):
    EXPLICIT = schema.DATE_EXPLICIT, "Stated in the text"
    RELATIVE = schema.DATE_RELATIVE, "Relative to publication"
    PUBLICATION = schema.DATE_PUBLICATION, "Publication date (no date in the text)"


class MeetingStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"


class ResolutionStatus(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    UNRESOLVED = "unresolved", "Unresolved: no person matched with confidence"
    AMBIGUOUS = "ambiguous", "Ambiguous: several people could match"


class AliasKind(models.TextChoices):
    STRONG = "strong", "Strong (identifies the person)"
    WEAK = "weak", "Weak (surname or short form; never used alone to match)"


class AliasOrigin(models.TextChoices):
    EXTRACTION = "extraction", "Extracted from an article"
    EDITOR = "editor", "Added by an editor"
    MERGE = "merge", "Kept from a merged record"
    IMPORT = "import", "Imported from a reference dataset"


class OrganizationKind(models.TextChoices):
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental organization"
    GOVERNMENT = "government", "Government body"
    NONGOVERNMENTAL = "nongovernmental", "Non-governmental organization"
    COMPANY = "company", "Company"
    OTHER = "other", "Other"


class Source(models.Model):
    """A news outlet or agency that published articles."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    url = models.URLField(blank=True, max_length=500)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """One news article, stored once: by URL where it has one, and always by content hash."""

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    url = models.URLField(max_length=2000, null=True, blank=True, unique=True)
    content_hash = models.CharField(
        max_length=64,
        unique=True,
        help_text="SHA-256 of the clean text; the same text is never stored twice.",
    )
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(help_text="Clean article text; evidence offsets point into it.")
    published = models.DateField(null=True, blank=True, db_index=True)
    # The dateline the reader removed from the text ("RABAT, Nov 13 (MAP) -"): the extractor reads
    # the filing place and day from it, so re-extraction needs them as the first extraction had them.
    # A database default for the place, so that bulk loads that do not name it (COPY) still work.
    dateline_place = models.CharField(max_length=200, blank=True, db_default="")
    dateline_date = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, blank=True)
    origin = models.CharField(
        max_length=1000, blank=True, help_text="The file (and line or entry) it was read from."
    )
    extractor_version = models.CharField(max_length=40, blank=True)
    ingested_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-published", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty"),
            models.CheckConstraint(condition=~Q(url=""), name="article_url_null_not_blank"),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:article-detail", args=[self.pk])


class Country(models.Model):
    """A state or territory, keyed by ISO 3166-1 alpha-2 (plus XK for Kosovo; see docs/data-model.md)."""

    iso2 = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=300, blank=True)
    other_names = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    demonyms = ArrayField(models.CharField(max_length=100), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_upper_two_letters"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:country-detail", args=[self.iso2.lower()])


class OrganizationQuerySet(models.QuerySet):
    def live(self):
        """Organizations that were not merged into another one."""
        return self.filter(merged_into__isnull=True)


class Organization(models.Model):
    """An international organization or other body whose officials take part in meetings."""

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100, unique=True)
    acronym = models.CharField(max_length=40, blank=True)
    kind = models.CharField(
        max_length=20, choices=OrganizationKind, default=OrganizationKind.INTERGOVERNMENTAL
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_records",
        help_text="Set by a merge: this record's URL redirects to the organization it was merged into.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")), name="organization_not_merged_into_itself"
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="organization_not_its_own_parent"),
            models.CheckConstraint(condition=~Q(name=""), name="organization_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:organization-detail", args=[self.slug])

    @property
    def label(self) -> str:
        return self.acronym or self.name


class OrganizationAlias(models.Model):
    """Another name or acronym of an organization, with its normalised key."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True, editable=False)
    origin = models.CharField(max_length=20, choices=AliasOrigin, default=AliasOrigin.EXTRACTION)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "organization aliases"
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="organization_alias_unique_key"),
            models.CheckConstraint(condition=~Q(key=""), name="organization_alias_key_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class PersonQuerySet(models.QuerySet):
    def live(self):
        """People that were not merged into another record."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    """A person who takes part in meetings. Titles belong to participations, since they change."""

    name = models.CharField(max_length=300, help_text="Display name, as most often written.")
    slug = models.SlugField(max_length=100, unique=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_records",
        help_text="Set by a merge: this record's URL redirects to the person it was merged into.",
    )
    meeting_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Public meetings this person took part in; kept by the store."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [
            # The most active people: search ranking ties, the curated gazetteer, the home page count.
            models.Index(fields=["-meeting_count"], name="person_meeting_count_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="person_not_merged_into_itself"),
            models.CheckConstraint(condition=~Q(name=""), name="person_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:person-detail", args=[self.slug])


class PersonAlias(models.Model):
    """A spelling of a person's name as written somewhere, with keys for matching and search."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300, help_text="The surface form, exactly as written.")
    key = models.CharField(
        max_length=300, editable=False, help_text="Folded letters only: 'Al-Malik' -> 'almalik'."
    )
    words = models.CharField(
        max_length=400, editable=False, help_text="Folded words, for surname and typo search."
    )
    kind = models.CharField(max_length=10, choices=AliasKind, default=AliasKind.STRONG)
    origin = models.CharField(max_length=20, choices=AliasOrigin, default=AliasOrigin.EXTRACTION)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "person aliases"
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="person_alias_unique_surface_form"),
            models.CheckConstraint(condition=~Q(key=""), name="person_alias_key_not_empty"),
        ]
        indexes = [
            models.Index(fields=["key"], name="person_alias_key_idx"),
            # Participant search: the spellings that hold given terms (see NameTerm); the SQL
            # function comes from migration 0016.
            GinIndex(Func(F("words"), function="meetings_name_terms"), name="person_alias_terms"),
            # Autocomplete: words starting with what was typed (LIKE). Only GIN trigram indexes
            # (a GiST index beside one made the planner pick the slow plan).
            GinIndex(name="person_alias_words_trgm", fields=["words"], opclasses=["gin_trgm_ops"]),
            # Curated spellings feed the extractor's gazetteer (resolve.gazetteer_from_db).
            models.Index(
                fields=["person"],
                name="person_alias_curated_idx",
                condition=Q(origin__in=["editor", "merge"]),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        self.words = " ".join(name_words(self.name))
        super().save(*args, **kwargs)


class PersonIdentifier(models.Model):
    """An identifier of a person in another dataset, e.g. ("wikidata", "Q123")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(max_length=40)
    value = models.CharField(max_length=200)

    class Meta:
        ordering = ["scheme", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="person_identifier_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


class NotSamePerson(models.Model):
    """An editor's judgement that two records are different people; merges never propose the pair again."""

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = "not-the-same-person judgement"
        constraints = [
            # Store each pair once, smaller id first.
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="not_same_person_ordered_pair"),
            models.UniqueConstraint(fields=["first", "second"], name="not_same_person_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.first} is not {self.second}"


class Topic(models.Model):
    """A subject discussed at meetings ("energy cooperation", "regional security")."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:topic-detail", args=[self.slug])


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """What public pages, exports and feeds may show: everything but rejected tombstones."""
        return self.exclude(status=MeetingStatus.REJECTED)

    def verified(self):
        return self.filter(status=MeetingStatus.VERIFIED)

    def involving_countries(self, iso2_codes):
        """Meetings at which every one of the given states was represented."""
        queryset = self
        for code in iso2_codes:
            queryset = queryset.filter(countries=code.upper())
        return queryset

    def for_list(self):
        """Meetings with the place and, prefetched, participants and topics (a fixed 4 queries): for the
        meeting page, feeds and filters. List pages read their rows with queries.list_rows instead."""
        return self.select_related("location_country").prefetch_related(
            models.Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person", "country", "organization").order_by(
                    "role", "position", "id"
                ),
            ),
            "topics",
        )


class Meeting(models.Model):
    """One encounter between people (in person or by phone or video), reported by one or more articles."""

    kind = models.CharField(max_length=12, choices=MeetingKind, default=MeetingKind.IN_PERSON, db_index=True)
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=5, choices=DatePrecision, default=DatePrecision.DAY)
    date_basis = models.CharField(
        max_length=12,
        choices=DateBasis,
        blank=True,
        help_text="Whether the date was written, computed from the publication date, or is the publication date.",
    )
    place = models.CharField(max_length=300, blank=True)
    location_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings_held"
    )
    context_event = models.CharField(
        max_length=500, blank=True, help_text="What the meeting took place on the sidelines of or as part of."
    )
    # The link tables of countries, organizations and topics also hold date_start, the meeting's
    # date, kept by PostgreSQL triggers for the date walk of an entity's meetings (migration 0011).
    countries = models.ManyToManyField(
        Country, blank=True, related_name="meetings", help_text="Every state represented at the meeting."
    )
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="meetings", help_text="Every organization represented."
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="meetings")
    status = models.CharField(max_length=12, choices=MeetingStatus, default=MeetingStatus.UNREVIEWED)
    rejection_reason = models.CharField(max_length=500, blank=True)
    confidence = models.FloatField(default=0.5)
    locked_fields = ArrayField(
        models.CharField(max_length=40),
        default=list,
        blank=True,
        help_text="Fields an editor set by hand; re-extraction never rewrites them.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_start__isnull=True)
                | Q(date_end__isnull=True)
                | Q(date_start__lte=F("date_end")),
                name="meeting_date_start_before_end",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="meeting_confidence_0_1"
            ),
            models.CheckConstraint(condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.REJECTED) | ~Q(rejection_reason=""),
                name="meeting_rejection_has_reason",
            ),
        ]
        indexes = [
            # Used by every public list (newest first) and keyset pagination; rejected rows never shown.
            models.Index(
                fields=["-date_start", "-id"],
                name="meeting_public_date_idx",
                condition=~Q(status="rejected"),
            ),
            models.Index(fields=["status", "created_at"], name="meeting_review_queue_idx"),
            models.Index(fields=["kind", "-date_start"], name="meeting_kind_date_idx"),
            # meeting_ordering("-date") (latest meetings, entity pages, feeds, exports) puts undated
            # meetings last, an order meeting_public_date_idx (NULLS FIRST) cannot give without a sort.
            models.Index(
                F("date_start").desc(nulls_last=True),
                F("id").desc(),
                name="meeting_public_newest_idx",
                condition=~Q(status="rejected"),
            ),
            # The admin's meeting list (every status, newest first) reads 50 rows, not sorts millions.
            models.Index(fields=["-date_start", "-id"], name="meeting_date_id_idx"),
            # Lists narrowed to a rare entity's meetings (queries.start_from) test each id's date,
            # status and kind: from this index alone instead of one table page per meeting.
            models.Index(
                fields=["id"], include=["date_start", "status", "kind"], name="meeting_id_filter_idx"
            ),
        ]

    def __str__(self) -> str:
        when = self.date_start.isoformat() if self.date_start else "undated"
        return f"Meeting {self.pk} ({when})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting-detail", args=[self.pk])

    @property
    def cameo_code(self) -> str:
        """CAMEO 04 sub-code for event-data users (see cameo_code_for).

        Needs the prefetched participations (no extra query with for_list()).
        """
        principals = [(p.side, p.country_id) for p in self.participations.all() if p.role == Role.PRINCIPAL]
        return cameo_code_for(self.kind, self.location_country_id, principals)


def headline_of(meeting_id: int, principals: list[str]) -> str:
    """ "Jeyhun Bayramov (Azerbaijan) and Salim AlMalik (ICESCO)" from the principals' labels, in their
    order at the meeting; "Meeting 12" when there are none."""
    if not principals:
        return f"Meeting {meeting_id}"
    if len(principals) == 1:
        return principals[0]
    return ", ".join(principals[:-1]) + " and " + principals[-1]


def cameo_code_for(kind: str, location_country: str | None, principals: list[tuple[str, str | None]]) -> str:
    """041 phone or video call, 042 a visit, 043 hosting a visit, 044 a meeting in a third country, 040 otherwise.

    `principals` are (side, represented country) pairs of the meeting's principals.
    """
    if kind != MeetingKind.IN_PERSON:
        return "041"
    sides = {side for side, _country in principals}
    if sides & {Side.HOST, Side.VISITOR}:
        return "042" if Side.VISITOR in sides else "043"
    represented = {country for _side, country in principals if country}
    if location_country and represented and location_country not in represented:
        return "044"
    return "040"


class Participation(models.Model):
    """A person as mentioned at one meeting: the name as written, who it resolved to, and whom they represented."""

    # The table also holds date_start, the meeting's date, kept by PostgreSQL triggers for the date
    # walk of a person's meetings (migration 0013, queries.walk_dated_keys); it is not a field.

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
        help_text="Empty while the name is unresolved; deleting a person never deletes the mention.",
    )
    mention = models.CharField(max_length=300, help_text="The name as written, without titles or honorifics.")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions",
        help_text="The article the mention was read from.",
    )  # fmt: skip
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    role = models.CharField(max_length=10, choices=Role, default=Role.PRINCIPAL)
    side = models.CharField(max_length=10, choices=Side, blank=True)
    title = models.CharField(max_length=300, blank=True, help_text="The title as stated in the article.")
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="participations",
        help_text="The state this person represented at the meeting.",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="participations",
        help_text="The organization this person represented at the meeting.",
    )  # fmt: skip
    resolution = models.CharField(max_length=12, choices=ResolutionStatus, default=ResolutionStatus.RESOLVED)
    candidates = models.ManyToManyField(
        Person, blank=True, related_name="+", help_text="People the name could refer to, when ambiguous."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the article.")
    edited_by_editor = models.BooleanField(
        default=False, help_text="Re-extraction keeps rows an editor touched."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["candidates"])

    class Meta:
        ordering = ["meeting", "role", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=True) | Q(organization__isnull=True),
                name="participation_represents_at_most_one",
            ),
            models.CheckConstraint(
                condition=Q(span_start__isnull=True, span_end__isnull=True)
                | Q(span_start__isnull=False, span_end__isnull=False, span_start__lt=F("span_end")),
                name="participation_span_ordered",
            ),
            models.CheckConstraint(
                condition=Q(resolution=ResolutionStatus.RESOLVED, person__isnull=False)
                | Q(
                    resolution__in=[ResolutionStatus.UNRESOLVED, ResolutionStatus.AMBIGUOUS],
                    person__isnull=True,
                ),
                name="participation_resolution_matches_person",
            ),
            models.CheckConstraint(condition=~Q(mention=""), name="participation_mention_not_empty"),
        ]
        indexes = [
            models.Index(fields=["person", "meeting"], name="participation_person_idx"),
            # "Latest known role" of a person (search results): newest mention first, read one row.
            models.Index(fields=["person", "-id"], name="participation_person_new_idx"),
            # People editors have worked on feed the extractor's gazetteer (resolve.gazetteer_from_db).
            models.Index(
                fields=["person"], name="participation_edited_idx", condition=Q(edited_by_editor=True)
            ),
            models.Index(fields=["country", "meeting"], name="participation_country_idx"),
            models.Index(fields=["organization", "meeting"], name="participation_org_idx"),
            # The editors' review queue: unresolved and ambiguous names, oldest first.
            models.Index(
                fields=["created_at"], name="participation_review_idx", condition=~Q(resolution="resolved")
            ),
        ]

    def __str__(self) -> str:
        return self.mention

    def mark_edited_by_editor(self) -> None:
        """An editor set this row: re-extraction keeps it, and its resolution follows the person chosen."""
        self.edited_by_editor = True
        if self.person_id:
            self.resolution = ResolutionStatus.RESOLVED
        elif self.resolution == ResolutionStatus.RESOLVED:
            self.resolution = ResolutionStatus.UNRESOLVED

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id else self.mention

    @property
    def represents(self):
        return self.country or self.organization


class MeetingReport(models.Model):
    """An article reporting a meeting, with the evidence: offsets of the sentence in the article's clean text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reports")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    evidence_start = models.PositiveIntegerField()
    evidence_end = models.PositiveIntegerField()
    quote = models.TextField(help_text="The evidence text as it stood when extracted.")
    extractor_version = models.CharField(max_length=40)
    confidence = models.FloatField(default=0.5)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article__published", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "meeting"], name="meeting_report_unique_article_meeting"
            ),
            models.CheckConstraint(
                condition=Q(evidence_start__lt=F("evidence_end")), name="meeting_report_span_ordered"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="meeting_report_confidence_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} reports {self.meeting}"


@receiver(pre_delete, sender=Person, dispatch_uid="unresolve_participations_of_deleted_person")
def unresolve_participations(sender, instance, **kwargs):
    """Deleting a person keeps their mentions and sends them back to the review queue.

    One UPDATE sets both columns, so the resolution/person check constraint holds throughout.
    """
    Participation.objects.filter(person=instance).update(person=None, resolution=ResolutionStatus.UNRESOLVED)


# Rollups ------------------------------------------------------------------------------------
# Counts of public meetings kept beside the data so that the home page, unfiltered lists,
# coarse filters and entity pages never count millions of rows per request. Not a source of
# truth: meetings.rollups rebuilds them from the meetings (`manage.py refresh_rollups`).


class RollupDimension(models.TextChoices):
    ALL = "all", "All public meetings"
    COUNTRY = "country", "Meetings of a country"
    ORGANIZATION = "organization", "Meetings of an organization"
    TOPIC = "topic", "Meetings on a topic"


def rollup_reference(to, *, null: bool = True, db_index: bool = True) -> models.ForeignKey:
    """A rollup row's reference to a record, with no database foreign key: a rollup row must never
    block deleting or merging a record, and the next refresh drops rows of records that are gone."""
    return models.ForeignKey(
        to, null=null, blank=null, on_delete=models.DO_NOTHING, db_constraint=False, db_index=db_index,
        related_name="+",
    )  # fmt: skip


class RollupKey(models.Model):
    """What a rollup row counts: one dimension value (country, organization or topic; none for
    ALL), a kind and a review status.

    No database foreign keys: a rollup row must never block deleting or merging a record,
    and the next refresh drops rows of records that are gone.
    """

    dimension = models.CharField(max_length=12, choices=RollupDimension)
    country = rollup_reference(Country)
    organization = rollup_reference(Organization)
    topic = rollup_reference(Topic)
    kind = models.CharField(max_length=12, choices=MeetingKind)
    status = models.CharField(max_length=12, choices=MeetingStatus)
    meetings = models.IntegerField()

    class Meta:
        abstract = True


class MeetingMonthCount(RollupKey):
    """Public meetings per (dimension value, month, kind, status); month is empty for undated meetings."""

    month = models.DateField(null=True, blank=True, help_text="First day of the month.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "country", "organization", "topic", "month", "kind", "status"],
                name="meeting_month_count_unique",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            models.Index(fields=["dimension", "month"], name="month_count_dimension_idx"),
            models.Index(fields=["country", "month"], name="month_count_country_idx"),
            models.Index(fields=["organization", "month"], name="month_count_org_idx"),
            models.Index(fields=["topic", "month"], name="month_count_topic_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.month}: {self.meetings}"


class MeetingTotalCount(RollupKey):
    """Public meetings per (dimension value, kind, status) over all time: the month counts summed."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "country", "organization", "topic", "kind", "status"],
                name="meeting_total_count_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.meetings}"


class PersonRollupDimension(models.TextChoices):
    MEETINGS = "meetings", "The person's public meetings"
    TITLE = "title", "Meetings under one title"
    REPRESENTED = "represented", "Meetings representing one country or organization"
    COUNTERPART = "counterpart", "Meetings with one other person"


class PersonRollupKey(models.Model):
    """What a person rollup row counts: one busy person's public meetings, overall (MEETINGS) or
    under one title, representing one country or organization, or with one counterpart.

    Only people with many meetings have these rows (settings.PERSON_ROLLUP_MIN_MEETINGS): for
    everyone else the person page counts from the participations in milliseconds. No index beyond
    those below (the unique constraints lead with the person).
    """

    person = rollup_reference(Person, null=False, db_index=False)
    dimension = models.CharField(max_length=12, choices=PersonRollupDimension)
    counterpart = rollup_reference(Person, db_index=False)
    country = rollup_reference(Country, db_index=False)
    organization = rollup_reference(Organization, db_index=False)
    title = models.CharField(max_length=300, blank=True)
    # Distinct meetings; for TITLE, participations under the title (as the page has always counted).
    meetings = models.IntegerField()

    class Meta:
        abstract = True


class PersonMonthCount(PersonRollupKey):
    """A busy person's rollup rows per month (empty for undated meetings), with the first and last
    meeting date in the month, so a title's first and last use are read without the meetings."""

    month = models.DateField(null=True, blank=True, help_text="First day of the month.")
    first_date = models.DateField(null=True, blank=True)
    last_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "dimension", "counterpart", "country", "organization", "title", "month"],
                name="person_month_count_unique",
                nulls_distinct=False,
            ),
        ]
        indexes = [models.Index(fields=["month"], name="person_month_count_month_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.dimension} {self.month}: {self.meetings}"


class PersonTotalCount(PersonRollupKey):
    """The month rows summed over all time. A person has a MEETINGS row here exactly when their
    meetings are rolled up (and have any public meeting)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "dimension", "counterpart", "country", "organization", "title"],
                name="person_total_count_unique",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            # The most frequent counterparts of one person, read from the top.
            models.Index(fields=["person", "dimension", "-meetings"], name="person_total_ranked_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.dimension}: {self.meetings}"


class RollupState(models.Model):
    """One row once the rollups were built; until then public pages count from the meetings."""

    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Rollups built {self.built_at:%Y-%m-%d %H:%M}"


class MeetingExportLine(models.Model):
    """A meeting's CSV export row from its third column on, kept so that a large export reads one
    row per meeting instead of joining six tables for each (`meetings.exports`).

    PostgreSQL keeps it honest: triggers (migration 0015) set `line` to NULL whenever anything the
    row shows changes, and a NULL or missing line is computed again from the tables. No foreign key:
    the row is a cache, and a deleted meeting's row is deleted by a trigger too.
    """

    meeting_id = models.BigIntegerField(primary_key=True)
    line = models.TextField(null=True)  # noqa: DJ001 -- NULL is "stale", which no line can say

    class Meta:
        indexes = [
            # The stale lines, for the fill (`exports.fill_export_lines`).
            models.Index(fields=["meeting_id"], condition=Q(line__isnull=True), name="export_line_stale_idx")
        ]

    def __str__(self) -> str:
        return f"Export line of meeting {self.meeting_id}"


class NameTerm(models.Model):
    """One word of some person's spelling, or a short word joined to the next ("al malik" gives
    "almalik"): the vocabulary participant search looks typos up in (`queries.search_people`).

    Looking a misspelt word up among the distinct words of all spellings, then the spellings that
    hold the words found, replaces a trigram search over every spelling, which read the long posting
    lists of common trigrams: 50-400 ms at a million people against a few milliseconds.

    PostgreSQL fills it: a trigger (migration 0016) adds the terms of every new or changed
    spelling, from `meetings_name_terms(words)`, the same function the spellings' term index is
    built on. Terms are never removed: a term no spelling holds any more matches nothing.
    """

    term = models.TextField()

    class Meta:
        # A constraint rather than unique=True, which would add a LIKE index nothing uses.
        constraints = [models.UniqueConstraint(fields=["term"], name="name_term_unique")]
        indexes = [GinIndex(name="name_term_trgm", fields=["term"], opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.term
