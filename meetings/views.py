"""Public pages. Thin: each view asks meetings.queries for its data and picks a template."""

from __future__ import annotations

from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from meetings import queries, rollups
from meetings.filters import (
    PUBLIC_STATUS_CHOICES,
    SORT_CHOICES,
    active_filters,
    filter_params,
    query_string,
    toggle_queries,
    with_value,
    without_value,
)
from meetings.models import Article, Country, Meeting, MeetingKind, Organization, Participation, Person, Topic

MEETINGS_PER_PAGE = 25
ENTITY_MEETINGS_SHOWN = 30
AUTOCOMPLETE_LIMIT = 8


class Home(TemplateView):
    template_name = "meetings/home.html"

    def get_context_data(self, **kwargs):
        home = queries.home_aggregates(use_rollups=rollups.built())
        return super().get_context_data(
            summary=home.summary,
            latest_meetings=home.latest_meetings,
            top_countries=home.top_countries,
            top_organizations=home.top_organizations,
            **kwargs,
        )


def facet_group(title: str, param: str, values, params) -> dict:
    links = toggle_queries(params, param, [value.value for value in values])
    items = [
        {"label": value.label, "count": value.count, "query": query, "active": active}
        for value, (query, active) in zip(values, links, strict=True)
    ]
    return {"title": title, "param": param, "items": items}


class MeetingList(TemplateView):
    """The filtered, faceted, keyset-paginated list of public meetings."""

    template_name = "meetings/meeting_list.html"

    def get_context_data(self, **kwargs):
        params = filter_params(self.request.GET)
        use_rollups = rollups.built()
        selection = queries.select_meetings(self.request.GET, use_rollups=use_rollups)
        filterset, meetings = selection.filterset, selection.meetings
        valid = filterset.is_valid()
        sort = (filterset.form.cleaned_data.get("sort") if valid else None) or "-date"
        page = queries.keyset_page(
            meetings,
            sort=sort,
            after=self.request.GET.get("after"),
            per_page=MEETINGS_PER_PAGE,
            walk=selection.walk,
        )
        facets, total = (
            queries.meeting_list_counts(filterset, meetings, use_rollups=use_rollups)
            if valid
            else (queries.Facets(), queries.MeetingCount(0))
        )
        timeline = queries.timeline_bars(facets.months)
        base_query = query_string(params)
        next_query = query_string({**params, "after": [page.next_cursor]}) if page.next_cursor else ""
        selected = {
            country.iso2.lower(): country.name for country in filterset.form.cleaned_data.get("country") or []
        }
        country_options = queries.country_options(leave_out=set(selected), use_rollups=use_rollups)
        return super().get_context_data(
            filterset=filterset,
            form=filterset.form,
            form_errors=_form_errors(filterset.form) if not valid else [],
            params=params,
            page=page,
            total=total.value,
            total_is_estimate=total.estimated,
            facet_groups=[
                facet_group("Countries", "country", facets.countries, params),
                facet_group("Organizations", "organization", facets.organizations, params),
                facet_group("Topics", "topic", facets.topics, params),
                facet_group("Kind", "kind", facets.kinds, params),
                facet_group("Year", "year", facets.years, params),
            ],
            timeline=timeline,
            timeline_height=queries.TIMELINE_HEIGHT,
            # At least two years wide, so a few months show as bars rather than blocks.
            timeline_width=max(len(timeline), 24) * queries.TIMELINE_BAR_STEP,
            kind_choices=MeetingKind.choices,
            status_choices=PUBLIC_STATUS_CHOICES,
            # Filters the form has no control for travel along when it is submitted.
            hidden_filters=[
                (name, params[name][0]) for name in ("organization", "person", "topic") if name in params
            ],
            active_filters=active_filters(filterset, params),
            selected_countries=list(selected.items()),
            country_options=country_options,
            sort_choices=SORT_CHOICES,
            sort=sort,
            base_query=base_query,
            next_query=next_query,
            other_sort_query=query_string(
                with_value(params, "sort", "date") if sort != "date" else without_value(params, "sort")
            ),
            canonical_query=base_query,
            **kwargs,
        )


def _form_errors(form) -> list[str]:
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.append(f"{label}: {error}" if label else error)
    return messages


class MeetingDetail(DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return queries.meeting_for_page()

    def get_context_data(self, **kwargs):
        meeting = self.object
        reports = [(report, queries.evidence_view(report)) for report in meeting.reports.all()]
        return super().get_context_data(
            principals=[p for p in meeting.participations.all() if p.role == "principal"],
            attendees=[p for p in meeting.participations.all() if p.role != "principal"],
            reports=reports,
            other_meetings=queries.other_meetings_of_people(meeting),
            **kwargs,
        )


class MergeRedirectMixin:
    """Serve a slug's live record; a merged-away slug answers 301 to the record it was merged into."""

    model = None

    def get(self, request, *args, **kwargs):
        record, survivor = queries.follow_merges(self.model, kwargs["slug"])
        if record is None:
            raise Http404(f"No {self.model._meta.verbose_name} with this identifier.")
        if survivor.pk != record.pk:
            return HttpResponsePermanentRedirect(survivor.get_absolute_url())
        self.object = record
        return self.render_to_response(self.get_context_data(object=record))


def entity_meetings_context(
    meetings, *, links, filter_query: str, counts: tuple[int, list] | None = None, walk=None
) -> dict:
    """The latest meetings, a count and meetings per year for a person/organization/country/topic page.

    `links` are the entity's link rows (with meeting_id), or None: an entity with few meetings has
    its latest found from them (queries.start_from). `walk` (queries.entity_walk) finds the latest
    from the dated link rows of a country, organization or topic. Four queries: the latest ids,
    their rows, count, years; two when the caller passes `counts` (total, per-year pairs) from the
    rollups or the cache.
    """
    total, per_year = (
        counts if counts is not None else (meetings.count(), queries.meetings_per_year(meetings))
    )
    latest = meetings if links is None else queries.start_from(meetings, links, size=total)
    return {
        "meetings": queries.latest_meetings(latest, limit=ENTITY_MEETINGS_SHOWN, walk=walk, total=total),
        "meeting_total": total,
        "per_year": queries.year_bars(per_year),
        "filter_query": filter_query,
        "shown_limit": ENTITY_MEETINGS_SHOWN,
    }


def page_aggregates(name: str, key, compute, *, use_rollups: bool) -> dict:
    """compute() for a page's rankings; at scale (rollups built) cached until the data changes."""
    return queries.cached_aggregate(name, key, compute) if use_rollups else compute()


class PersonDetail(MergeRedirectMixin, DetailView):
    model = Person
    template_name = "meetings/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        person = self.object
        meetings = queries.person_meetings(person)
        use_rollups = rollups.built()
        data = page_aggregates(
            "person-page",
            person.pk,
            lambda: queries.person_aggregates(person, use_rollups=use_rollups),
            use_rollups=use_rollups,
        )
        counts = data.pop("counts")
        return super().get_context_data(
            aliases=list(person.aliases.order_by("name").values_list("name", flat=True)),
            **data,
            **entity_meetings_context(
                meetings,
                links=Participation.objects.filter(person=person),
                walk=queries.entity_walk(Participation, person_id=person.pk),
                filter_query=query_string({"person": [person.slug]}),
                counts=counts,
            ),
            **kwargs,
        )


class OrganizationDetail(MergeRedirectMixin, DetailView):
    model = Organization
    template_name = "meetings/organization_detail.html"
    context_object_name = "organization"

    def get_context_data(self, **kwargs):
        organization = self.object
        meetings = Meeting.objects.public().filter(organizations=organization)
        participations = queries.public_participations().filter(organization=organization)
        use_rollups = rollups.built()
        data = page_aggregates(
            "organization-page",
            organization.pk,
            lambda: {
                "people": queries.people_representing(participations),
                "partner_countries": queries.partner_countries(meetings, exclude=[]),
            },
            use_rollups=use_rollups,
        )
        counts = (
            queries.rollup_total_and_years(queries.entity_selection(organization_id=organization.pk))
            if use_rollups
            else None
        )
        return super().get_context_data(
            **data,
            **entity_meetings_context(
                meetings,
                links=Meeting.organizations.through.objects.filter(organization=organization),
                walk=queries.entity_walk(Meeting.organizations.through, organization_id=organization.pk),
                filter_query=query_string({"organization": [organization.slug]}),
                counts=counts,
            ),
            **kwargs,
        )


def _canonical_redirect_or_none(request, canonical_path: str):
    if request.path != canonical_path:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(canonical_path + (f"?{query}" if query else ""))
    return None


class CountryDetail(TemplateView):
    template_name = "meetings/country_detail.html"

    def get(self, request, *args, **kwargs):
        self.country = get_object_or_404(Country, iso2=kwargs["iso2"].upper())
        redirect = _canonical_redirect_or_none(request, self.country.get_absolute_url())
        return redirect or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        country = self.country
        meetings = Meeting.objects.public().filter(countries=country)
        participations = queries.public_participations().filter(country=country)
        use_rollups = rollups.built()
        data = page_aggregates(
            "country-page",
            country.iso2,
            lambda: {
                "partner_countries": queries.partner_countries(meetings, exclude=[country.iso2]),
                "people": queries.people_representing(participations),
            },
            use_rollups=use_rollups,
        )
        counts = (
            queries.rollup_total_and_years(queries.entity_selection(country_id=country.iso2))
            if use_rollups
            else None
        )
        return super().get_context_data(
            country=country,
            partner_countries=[
                {**partner, "pair": sorted([country.iso2.lower(), partner["iso2"]])}
                for partner in data["partner_countries"]
            ],
            people=data["people"],
            **entity_meetings_context(
                meetings,
                links=Meeting.countries.through.objects.filter(country=country),
                walk=queries.entity_walk(Meeting.countries.through, country_id=country.iso2),
                filter_query=query_string({"country": [country.iso2.lower()]}),
                counts=counts,
            ),
            **kwargs,
        )


class Bilateral(TemplateView):
    """Meetings involving both countries of a pair; the pair's canonical URL is lower-case, A–Z."""

    template_name = "meetings/bilateral.html"

    def get(self, request, *args, **kwargs):
        codes = sorted({kwargs["first_iso2"].upper(), kwargs["second_iso2"].upper()})
        if len(codes) != 2:
            raise Http404("A bilateral page needs two different countries.")
        found = {country.iso2: country for country in Country.objects.filter(iso2__in=codes)}
        if len(found) != 2:
            raise Http404("Unknown country code.")
        self.countries = [found[code] for code in codes]
        canonical = reverse("meetings:bilateral", args=[codes[0].lower(), codes[1].lower()])
        redirect = _canonical_redirect_or_none(request, canonical)
        return redirect or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        first, second = self.countries
        meetings = Meeting.objects.public().involving_countries([first.iso2, second.iso2])
        participations = queries.public_participations().filter(meeting__in=meetings.values("id"))

        def aggregates() -> dict:
            return {
                "first_people": queries.people_representing(participations.filter(country=first), limit=8),
                "second_people": queries.people_representing(participations.filter(country=second), limit=8),
                "counts": (meetings.count(), queries.meetings_per_year(meetings)),
            }

        data = page_aggregates(
            "bilateral-page", [first.iso2, second.iso2], aggregates, use_rollups=rollups.built()
        )
        counts = data.pop("counts")
        return super().get_context_data(
            first=first,
            second=second,
            **data,
            **entity_meetings_context(
                meetings,
                links=None,  # a pair is rarer than either country; the rarer country may still be large
                filter_query=query_string({"country": [first.iso2.lower(), second.iso2.lower()]}),
                counts=counts,
            ),
            **kwargs,
        )


class TopicDetail(DetailView):
    model = Topic
    template_name = "meetings/topic_detail.html"
    context_object_name = "topic"

    def get_context_data(self, **kwargs):
        topic = self.object
        meetings = Meeting.objects.public().filter(topics=topic)
        use_rollups = rollups.built()
        top_countries = page_aggregates(
            "topic-page",
            topic.pk,
            lambda: queries.most_active_countries(limit=12, meetings=meetings),
            use_rollups=use_rollups,
        )
        counts = (
            queries.rollup_total_and_years(queries.entity_selection(topic_id=topic.pk))
            if use_rollups
            else None
        )
        return super().get_context_data(
            top_countries=top_countries,
            **entity_meetings_context(
                meetings,
                links=Meeting.topics.through.objects.filter(topic=topic),
                walk=queries.entity_walk(Meeting.topics.through, topic_id=topic.pk),
                filter_query=query_string({"topic": [topic.slug]}),
                counts=counts,
            ),
            **kwargs,
        )


class ArticleDetail(DetailView):
    template_name = "meetings/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.select_related("source")

    def get_context_data(self, **kwargs):
        segments, mentions, reports = queries.article_segments(self.object)
        return super().get_context_data(
            segments=segments,
            people=_unique_by(
                [m for m in mentions if m.person_id], key=lambda m: m.person_id, label=lambda m: m.person.name
            ),
            countries=_unique_by(
                [m for m in mentions if m.country_id],
                key=lambda m: m.country_id,
                label=lambda m: m.country.name,
            ),
            organizations=_unique_by(
                [m for m in mentions if m.organization_id],
                key=lambda m: m.organization_id,
                label=lambda m: m.organization.label,
            ),
            unresolved=[m for m in mentions if not m.person_id],
            reported_meetings=list({report.meeting_id: report.meeting for report in reports}.values()),
            **kwargs,
        )


def _unique_by(mentions: list[Participation], *, key, label) -> list[Participation]:
    """One mention per person/country/organization, in name order."""
    unique = {}
    for mention in mentions:
        unique.setdefault(key(mention), mention)
    return sorted(unique.values(), key=label)


class About(TemplateView):
    template_name = "meetings/about.html"

    def get_context_data(self, **kwargs):
        sources = queries.source_statistics()
        totals = queries.SourceStatistics("All sources", "")
        for stats in sources:
            for name in ("articles", "meetings", "verified", "unreviewed", "rejected", "unresolved_names"):
                setattr(totals, name, getattr(totals, name) + getattr(stats, name))
        return super().get_context_data(sources=sources, totals=totals, **kwargs)


class Search(TemplateView):
    template_name = "meetings/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        matches = queries.search_people(query) if query else []
        roles = queries.latest_roles([match.id for match in matches])
        return super().get_context_data(
            query=query,
            results=[{"match": match, "role": roles.get(match.id)} for match in matches],
            canonical_query=query_string({"q": [query]}) if query else "",
            **kwargs,
        )


def autocomplete(request):
    """JSON suggestions for the search box: {"results": [{"name", "slug", "url", "meetings"}]}."""
    query = request.GET.get("q", "").strip()[:200]
    matches = queries.suggest_people(query, limit=AUTOCOMPLETE_LIMIT) if query else []
    return JsonResponse(
        {
            "query": query,
            "results": [
                {
                    "name": match.name,
                    "slug": match.slug,
                    "url": reverse("meetings:person-detail", args=[match.slug]),
                    "meetings": match.meeting_count,
                }
                for match in matches
            ],
        }
    )
