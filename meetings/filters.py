"""The meetings FilterSet, shared by the list page, the CSV/JSON exports and the Atom feed.

Every filter state is a plain query string (see the stable URLs in the issue), so the helpers
below also build the links that add or remove one value: facets and the "active filters" bar.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.http import QueryDict

from meetings.extraction.normalise import name_key
from meetings.models import (
    Country,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Organization,
    Participation,
    Person,
    Topic,
)

SORT_CHOICES = [("-date", "Newest first"), ("date", "Oldest first")]
PUBLIC_STATUS_CHOICES = [
    (MeetingStatus.UNREVIEWED.value, "Unreviewed"),
    (MeetingStatus.VERIFIED.value, "Verified"),
]
# Parameters that select meetings; `after` (the page cursor) is deliberately not one of them.
FILTER_PARAMS = (
    "q",
    "country",
    "organization",
    "person",
    "topic",
    "kind",
    "status",
    "year",
    "date_after",
    "date_before",
)
MULTI_VALUE_PARAMS = {"country"}


@dataclass(frozen=True)
class KnownEntities:
    """Countries (by upper-case code), organizations and topics (by slug) read beforehand, so that
    validating a filter costs no query (queries.known_entities). A value not found here is looked
    up in the database as usual, so a map that missed a new entity only costs that query."""

    countries: dict[str, Country]
    organizations: dict[str, Organization]
    topics: dict[str, Topic]


class CountryCodesField(forms.ModelMultipleChoiceField):
    """ISO2 codes in any case ("AZ", "az"); the database keeps them upper-case."""

    # Countries by code already read (MeetingFilter's `known`): codes found there cost no query.
    known: dict[str, Country] | None = None

    def clean(self, value):
        if value:
            value = [str(code).strip().upper() for code in value if str(code).strip()]
        if value and self.known is not None and all(code in self.known for code in value):
            return [self.known[code] for code in dict.fromkeys(value)]
        return super().clean(value)


class KnownSlugField(django_filters.fields.ModelChoiceField):
    """A slug of an organization or topic; slugs found in `known` (already read) cost no query,
    others are looked up as usual."""

    known: dict[str, object] | None = None

    def to_python(self, value):
        if self.known is not None and isinstance(value, str) and value in self.known:
            return self.known[value]
        return super().to_python(value)


class KnownSlugFilter(django_filters.ModelChoiceFilter):
    field_class = KnownSlugField


class CountryCodesFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CountryCodesField


class YearField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1000)
        kwargs.setdefault("max_value", 2999)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.Filter):
    field_class = YearField


class MeetingFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("date_after"), cleaned.get("date_before")
        if after and before and after > before:
            raise forms.ValidationError("The “from” date must not be later than the “to” date.")
        return cleaned


class MeetingFilter(django_filters.FilterSet):
    """Filters for public meeting lists. Apply it to `Meeting.objects.public().for_list()`."""

    q = django_filters.CharFilter(method="filter_text", label="Names, place or event", max_length=200)
    country = CountryCodesFilter(
        field_name="countries",
        queryset=Country.objects.all(),
        to_field_name="iso2",
        # "country=az&country=ma" means meetings involving both, never either.
        conjoined=True,
        distinct=False,
        label="Countries",
        error_messages={
            "invalid_choice": "Unknown country code “%(value)s”: use two-letter ISO codes such as az."
        },
    )
    organization = KnownSlugFilter(
        field_name="organizations",
        queryset=Organization.objects.all(),
        to_field_name="slug",
        label="Organization",
        error_messages={"invalid_choice": "No organization has this identifier."},
    )
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.all(),
        to_field_name="slug",
        method="filter_person",
        label="Person",
        error_messages={"invalid_choice": "No person has this identifier."},
    )
    topic = KnownSlugFilter(
        field_name="topics",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        label="Topic",
        error_messages={"invalid_choice": "No topic has this identifier."},
    )
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label="Kind")
    status = django_filters.ChoiceFilter(choices=PUBLIC_STATUS_CHOICES, label="Review status")
    date_after = django_filters.DateFilter(
        field_name="date_start",
        lookup_expr="gte",
        label="From",
        error_messages={"invalid": "Enter the “from” date as YYYY-MM-DD."},
    )
    date_before = django_filters.DateFilter(
        field_name="date_start",
        lookup_expr="lte",
        label="To",
        error_messages={"invalid": "Enter the “to” date as YYYY-MM-DD."},
    )
    year = YearFilter(field_name="date_start", lookup_expr="year", label="Year")
    # Validated here, applied by queries.search_meetings (and by keyset pagination on the list page).
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="keep_order", label="Sort", empty_label=None
    )

    class Meta:
        form = MeetingFilterForm
        fields: list[str] = []

    def get_form_class(self):
        # Built once: the form class depends on the filter declarations only, never on the data,
        # and django-filter otherwise builds a new class and a new field per filter on each request.
        return _form_class_of(type(self))

    def __init__(self, data=None, queryset=None, *, known: KnownEntities | None = None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        if known is not None:
            fields = self.form.fields
            fields["country"].known = known.countries
            fields["organization"].known = known.organizations
            fields["topic"].known = known.topics

    def filter_person(self, queryset, name, value):
        # Exists rather than a join: a person named twice in one meeting must not repeat the row.
        return queryset.filter(Exists(Participation.objects.filter(meeting=OuterRef("pk"), person=value)))

    def filter_text(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        names = Q(mention__unaccent__icontains=text) | Q(person__name__unaccent__icontains=text)
        key = name_key(text)
        if key:
            # "al malik" finds "AlMalik": alias keys ignore spaces, hyphens and accents.
            names |= Q(person__aliases__key__contains=key)
        participants = Participation.objects.filter(names, meeting=OuterRef("pk"))
        return queryset.filter(
            Q(place__unaccent__icontains=text)
            | Q(context_event__unaccent__icontains=text)
            | Exists(participants)
        )

    def keep_order(self, queryset, name, value):
        return queryset


def meeting_ordering(sort: str | None) -> tuple:
    """Order for exports and feeds; undated meetings go last either way."""
    if sort == "date":
        return (F("date_start").asc(nulls_last=True), "id")
    return (F("date_start").desc(nulls_last=True), "-id")


# Links that add or remove one filter value ------------------------------------------------


def filter_params(data: QueryDict) -> dict[str, list[str]]:
    """The filter part of a query string, without empty values and without the page cursor."""
    params: dict[str, list[str]] = {}
    for name in (*FILTER_PARAMS, "sort"):
        values = [value for value in data.getlist(name) if value.strip()]
        if name == "country":
            values = list(dict.fromkeys(value.strip().lower() for value in values))
        if values:
            # A repeated single-valued parameter counts once, by its last value, as in QueryDict.get().
            params[name] = values if name in MULTI_VALUE_PARAMS else values[-1:]
    if params.get("sort") == ["-date"]:
        del params["sort"]  # the default; keeps shared URLs short
    return params


def query_string(params: dict[str, list[str]]) -> str:
    pairs = [(name, value) for name, values in params.items() for value in values]
    return "?" + urlencode(pairs) if pairs else ""


def with_value(params: dict[str, list[str]], name: str, value: str) -> dict[str, list[str]]:
    """Params with `value` added (multi-valued) or set (single-valued)."""
    updated = {key: list(values) for key, values in params.items()}
    if name in MULTI_VALUE_PARAMS:
        updated[name] = (
            [*updated.get(name, []), value] if value not in updated.get(name, []) else updated[name]
        )
    else:
        updated[name] = [value]
    return updated


def without_value(params: dict[str, list[str]], name: str, value: str | None = None) -> dict[str, list[str]]:
    """Params with one value (or, when value is None, the whole parameter) removed."""
    updated = {key: list(values) for key, values in params.items()}
    remaining = [v for v in updated.get(name, []) if value is not None and v != value]
    if remaining:
        updated[name] = remaining
    else:
        updated.pop(name, None)
    return updated


def toggle_query(params: dict[str, list[str]], name: str, value: str) -> tuple[str, bool]:
    """The query string that switches `name=value` on or off, and whether it is on now."""
    active = value in params.get(name, [])
    changed = without_value(params, name, value) if active else with_value(params, name, value)
    return query_string(changed), active


def toggle_queries(params: dict[str, list[str]], name: str, values: list[str]) -> list[tuple[str, bool]]:
    """toggle_query() for each of `values` (a facet's dozen links), encoding the other parameters
    once: the same strings, without copying and encoding the whole filter per link."""
    current = params.get(name, [])
    encoded = {
        key: urlencode([(key, value) for value in vals]) for key, vals in params.items() if key != name
    }
    keys = list(params) if name in params else [*params, name]
    results = []
    for value in values:
        active = value in current
        if active:
            changed = [v for v in current if v != value]
        elif name in MULTI_VALUE_PARAMS:
            changed = [*current, value]
        else:
            changed = [value]
        segments = [
            encoded[key] if key != name else urlencode([(name, v) for v in changed])
            for key in keys
            if key != name or changed
        ]
        query = "&".join(segment for segment in segments if segment)
        results.append(("?" + query if query else "", active))
    return results


@functools.cache
def _form_class_of(filterset_class: type[django_filters.FilterSet]) -> type[forms.Form]:
    return django_filters.FilterSet.get_form_class(filterset_class(queryset=Meeting.objects.none()))


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    value: str
    remove_query: str


def active_filters(filterset: MeetingFilter, params: dict[str, list[str]]) -> list[ActiveFilter]:
    """One removable chip per valid filter value, labelled with names rather than codes."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    data = filterset.form.cleaned_data
    chips: list[ActiveFilter] = []

    def chip(label: str, shown: str, name: str, raw: str | None = None) -> None:
        chips.append(ActiveFilter(label, shown, query_string(without_value(params, name, raw))))

    if data.get("q"):
        chip("Text", data["q"], "q")
    for country in data.get("country") or []:
        chip("Country", country.name, "country", country.iso2.lower())
    if data.get("organization"):
        chip("Organization", data["organization"].label, "organization")
    if data.get("person"):
        chip("Person", data["person"].name, "person")
    if data.get("topic"):
        chip("Topic", data["topic"].name, "topic")
    if data.get("kind"):
        chip("Kind", MeetingKind(data["kind"]).label, "kind")
    if data.get("status"):
        chip("Status", MeetingStatus(data["status"]).label, "status")
    if data.get("year"):
        chip("Year", str(data["year"]), "year")
    if data.get("date_after"):
        chip("From", data["date_after"].strftime("%-d %B %Y"), "date_after")
    if data.get("date_before"):
        chip("To", data["date_before"].strftime("%-d %B %Y"), "date_before")
    return chips
