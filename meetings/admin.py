"""The editors' workflow: correct, verify, reject and merge records; work through the review queue.

Admin actions call the functions in store.py and never write on their own. Every change is
kept by django-simple-history and readable from each record's "History" page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.contrib.postgres.aggregates import StringAgg
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from meetings import rollups
from meetings.models import (
    Article,
    Country,
    Meeting,
    MeetingReport,
    MeetingStatus,
    MeetingTotalCount,
    NotSamePerson,
    Organization,
    OrganizationAlias,
    Participation,
    Person,
    PersonAlias,
    PersonIdentifier,
    ResolutionStatus,
    Role,
    RollupDimension,
    Source,
    Topic,
)
from meetings.queries import cached_aggregate, count_up_to_threshold
from meetings.store import (
    EXTRACTED_FIELDS,
    MergeError,
    accept_mention,
    merge_organizations,
    merge_people,
    participations_changed,
    record_not_same_person,
    refresh_meeting_counts,
    refresh_rollups_on_commit,
    set_meeting_status,
)


class CountryListFilter(admin.SimpleListFilter):
    title = "country represented"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        # Only countries that appear at meetings, most frequent first: the full list has 250 rows.
        if rollups.built():
            # Counting the links of millions of meetings takes seconds; the rollups rank them at once,
            # and the ranking is kept until the data changes.
            def ranked() -> list[tuple[str, str]]:
                return list(
                    MeetingTotalCount.objects.filter(dimension=RollupDimension.COUNTRY)
                    .values("country_id", "country__name")
                    .annotate(n=Sum("meetings"))
                    .order_by("-n", "country__name")
                    .values_list("country_id", "country__name")[:60]
                )

            return cached_aggregate("admin-country-filter", None, ranked)
        rows = (
            Country.objects.annotate(n=Count("meetings"))
            .filter(n__gt=0)
            .order_by("-n", "name")
            .values_list("iso2", "name")[:60]
        )
        return list(rows)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(countries=self.value())
        return queryset


class OrganizationListFilter(admin.SimpleListFilter):
    title = "organization represented"
    parameter_name = "organization"

    def lookups(self, request, model_admin):
        if rollups.built():

            def ranked() -> list[tuple[int, str, str]]:
                return list(
                    MeetingTotalCount.objects.filter(
                        dimension=RollupDimension.ORGANIZATION, organization__merged_into__isnull=True
                    )
                    .values("organization_id", "organization__acronym", "organization__name")
                    .annotate(n=Sum("meetings"))
                    .order_by("-n", "organization__name")
                    .values_list("organization_id", "organization__acronym", "organization__name")[:60]
                )

            rows = cached_aggregate("admin-organization-filter", None, ranked)
        else:
            rows = (
                Organization.objects.live()
                .annotate(n=Count("meetings"))
                .filter(n__gt=0)
                .order_by("-n", "name")
                .values_list("pk", "acronym", "name")[:60]
            )
        return [(str(pk), acronym or name) for pk, acronym, name in rows]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(organizations=self.value())
        return queryset


class EstimatedCountPaginator(Paginator):
    """Exact up to a thousand rows, the planner's estimate beyond: COUNT(*) over millions of
    meetings takes a third of a second, and page links do not need the last digit."""

    @cached_property
    def count(self) -> int:
        return count_up_to_threshold(self.object_list).value


class YearListFilter(admin.SimpleListFilter):
    """Meetings of one year: the years between the first and last meeting (two index reads), newest
    first. Replaces the admin's date hierarchy, whose list of years is a DISTINCT over every row."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        dates = Meeting.objects.aggregate(first=Min("date_start"), last=Max("date_start"))
        if not dates["first"]:
            return []
        return [(str(year), str(year)) for year in range(dates["last"].year, dates["first"].year - 1, -1)]

    def queryset(self, request, queryset):
        if self.value():
            try:
                year = int(self.value())
            except ValueError:
                return queryset.none()
            return queryset.filter(date_start__year=year)
        return queryset


class ParticipationInlineForm(forms.ModelForm):
    """The name as written is read-only here (it comes from the article): a participant an editor
    adds is a known person, written as their name."""

    def clean(self):
        cleaned = super().clean()
        if not self.instance.mention and not cleaned.get("person") and not cleaned.get("DELETE"):
            raise forms.ValidationError("Choose the person who took part.")
        return cleaned

    def save(self, commit=True):
        if not self.instance.mention and self.instance.person_id:
            self.instance.mention = self.instance.person.name
        return super().save(commit)


class ParticipationInline(admin.TabularInline):
    model = Participation
    form = ParticipationInlineForm
    extra = 0
    fk_name = "meeting"
    autocomplete_fields = ["person", "country", "organization"]
    fields = [
        "mention",
        "person",
        "resolution",
        "role",
        "side",
        "title",
        "country",
        "organization",
        "position",
    ]
    readonly_fields = ["mention"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "country", "organization")


class MeetingReportInline(admin.TabularInline):
    """Imported provenance: shown, never edited."""

    model = MeetingReport
    extra = 0
    can_delete = False
    fields = ["article_link", "evidence", "extractor_version", "confidence"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "article__source")

    @admin.display(description="article")
    def article_link(self, report):
        url = reverse("admin:meetings_article_change", args=[report.article_id])
        link = format_html('<a href="{}">{}</a>', url, report.article)
        if report.article.url:
            link += format_html(
                ' · <a href="{}" rel="noopener noreferrer nofollow">original</a>', report.article.url
            )
        return link

    @admin.display(description="evidence")
    def evidence(self, report):
        return format_html("<blockquote>{}</blockquote>", report.quote)


class RejectForm(forms.Form):
    reason = forms.CharField(
        max_length=500, widget=forms.Textarea(attrs={"rows": 3}), label="Why is this not a meeting?"
    )


class RowLinkChangeList(ChangeList):
    """Reverses the change page's address once per list instead of once per row and link: the
    meeting changelist's 100 reverse() calls took a tenth of its time. Integer keys only, which
    need no quoting; any other key goes through Django's own url_for_result."""

    _PLACEHOLDER = "0"
    _change_url: tuple[str, str] | None = None

    def url_for_result(self, result) -> str:
        pk = getattr(result, self.pk_attname)
        if not isinstance(pk, int):
            return super().url_for_result(result)
        if self._change_url is None:
            url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=(self._PLACEHOLDER,),
                current_app=self.model_admin.admin_site.name,
            )
            before, _, after = url.rpartition(f"/{self._PLACEHOLDER}/")
            self._change_url = (before + "/", "/" + after)
        before, after = self._change_url
        return f"{before}{pk}{after}"


class PlainActionCheckbox:
    """The changelist's per-row selection checkbox written directly rather than through a form widget.

    Django renders it with a CheckboxInput and the template form renderer, which took the meeting
    changelist's 50 rows from 41 to 50 ms. The markup is Django's, except that the label is escaped
    once (Django's widget escapes its already-escaped label a second time).
    """

    def action_checkbox(self, obj):
        label = gettext("Select this object for an action - {}").format(obj)  # Django's own message
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )


@admin.register(Meeting)
class MeetingAdmin(PlainActionCheckbox, SimpleHistoryAdmin):
    list_display = ["id", "date_start", "kind", "principals", "place", "status", "confidence", "report_count"]
    list_display_links = ["id", "date_start"]
    list_filter = ["status", "kind", YearListFilter, CountryListFilter, OrganizationListFilter]
    list_select_related = ["location_country"]
    search_fields = ["participations__mention", "reports__article__title", "place", "context_event"]
    autocomplete_fields = ["location_country", "countries", "organizations", "topics"]
    readonly_fields = ["status", "rejection_reason", "locked_fields", "confidence", "created_at", "updated_at",
                       "evidence"]  # fmt: skip
    inlines = [ParticipationInline, MeetingReportInline]
    actions = ["verify", "reject", "reopen"]
    list_per_page = 50
    # An exact count over millions of rows costs seconds; editors page through, they don't need it.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    fieldsets = [
        (None, {"fields": ["kind", ("date_start", "date_end"), ("date_precision", "date_basis")]}),
        ("Where and why", {"fields": ["place", "location_country", "context_event", "topics"]}),
        ("Who was represented", {"fields": ["countries", "organizations"]}),
        (
            "Review",
            {
                "description": "Fields you change here are locked: re-extraction will not rewrite them. "
                "Verify or reject with the actions of the meeting list or the review queue.",
                "fields": [
                    "status",
                    "rejection_reason",
                    "locked_fields",
                    "confidence",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
        ("Evidence", {"fields": ["evidence"]}),
    ]

    def get_changelist(self, request, **kwargs):
        return RowLinkChangeList

    def get_queryset(self, request):
        # Computed columns as correlated subqueries, so the changelist costs a fixed number of queries
        # and PostgreSQL computes them for the 50 rows shown, not for every meeting before the LIMIT.
        # (Not sortable: ordering by them would compute them for millions of rows.)
        principals = (
            Participation.objects.filter(meeting=OuterRef("pk"), role=Role.PRINCIPAL)
            .order_by()
            .values("meeting")
            .annotate(names=StringAgg("mention", delimiter=" · ", distinct=True))
            .values("names")
        )
        reports = (
            MeetingReport.objects.filter(meeting=OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(n=Count("id"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(principal_names=Subquery(principals), number_of_reports=Coalesce(Subquery(reports), 0))
        )

    @admin.display(description="principals")
    def principals(self, meeting):
        return meeting.principal_names or "—"

    @admin.display(description="reports")
    def report_count(self, meeting):
        return meeting.number_of_reports

    @admin.display(description="evidence sentences")
    def evidence(self, meeting):
        reports = meeting.reports.select_related("article")
        items = [
            format_html(
                '<li><blockquote>{}</blockquote> <a href="{}">{}</a></li>',
                report.quote,
                reverse("admin:meetings_article_change", args=[report.article_id]),
                report.article,
            )
            for report in reports
        ]
        return (
            format_html("<ul>{}</ul>", mark_safe("".join(items))) if items else "—"
        )  # items built by format_html

    def save_model(self, request, obj, form, change):
        # Countries, organizations, topics, status or the date may change: recount after commit.
        previous_date = Meeting.objects.filter(pk=obj.pk).values_list("date_start", flat=True).first()
        if change:
            refresh_rollups_on_commit([obj.pk], previous_months=[previous_date])
            locked = set(obj.locked_fields)
            locked.update(name for name in form.changed_data if name in EXTRACTED_FIELDS)
            locked.update(
                name for name in form.changed_data if name in {"countries", "organizations", "topics"}
            )
            obj.locked_fields = sorted(locked)
        super().save_model(request, obj, form, change)
        if not change:
            # A meeting an editor adds, with its links and participants, once all of it is saved.
            refresh_rollups_on_commit([obj.pk])

    def delete_model(self, request, obj):
        # Rejecting keeps a tombstone; a superuser may still delete. Its people and month recount.
        people = list(obj.participations.exclude(person=None).values_list("person_id", flat=True))
        month = obj.date_start
        super().delete_model(request, obj)
        refresh_meeting_counts(people)
        refresh_rollups_on_commit([], previous_months=[month])

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        if formset.model is Participation:
            for instance in instances:
                instance.mark_edited_by_editor()
                instance.save()
            for deleted in formset.deleted_objects:
                deleted.delete()
            formset.save_m2m()
            meeting = form.instance
            if instances or formset.deleted_objects:
                meeting.locked_fields = sorted(set(meeting.locked_fields) | {"participants"})
                meeting.save(update_fields=["locked_fields"])
                # People who were taken out of the meeting, or moved off a participation, count too.
                before = [
                    person_id
                    for form_ in formset.forms
                    if "person" in form_.changed_data and (person_id := form_.initial.get("person"))
                ]
                removed = [deleted.person_id for deleted in formset.deleted_objects]
                # (save_model() refreshes the meeting's rollups, person rollups included.)
                refresh_meeting_counts(
                    [
                        *meeting.participations.exclude(person=None).values_list("person_id", flat=True),
                        *before,
                        *removed,
                    ]
                )
        else:
            super().save_formset(request, form, formset, change)

    @admin.action(description="Verify the selected meetings", permissions=["change"])
    def verify(self, request, queryset):
        for meeting in queryset:
            set_meeting_status(meeting=meeting, status=MeetingStatus.VERIFIED)
        self.message_user(request, f"Verified {queryset.count()} meeting(s).", messages.SUCCESS)

    @admin.action(description="Reopen the selected meetings for review", permissions=["change"])
    def reopen(self, request, queryset):
        for meeting in queryset:
            set_meeting_status(meeting=meeting, status=MeetingStatus.UNREVIEWED)
        self.message_user(request, f"Reopened {queryset.count()} meeting(s).", messages.SUCCESS)

    @admin.action(description="Reject the selected meetings (with a reason)…", permissions=["change"])
    def reject(self, request, queryset):
        if "apply" in request.POST:
            form = RejectForm(request.POST)
            if form.is_valid():
                for meeting in queryset:
                    set_meeting_status(
                        meeting=meeting, status=MeetingStatus.REJECTED, reason=form.cleaned_data["reason"]
                    )
                self.message_user(request, f"Rejected {queryset.count()} meeting(s).", messages.SUCCESS)
                return None
        else:
            form = RejectForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Reject meetings",
            "form": form,
            "queryset": queryset,
            "action": "reject",
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/reject_meetings.html", context)

    def get_urls(self):
        return [
            path("review/", self.admin_site.admin_view(self.review_queue), name="meetings_review_queue"),
            *super().get_urls(),
        ]

    def review_queue(self, request):
        return review_queue(request, admin_site=self.admin_site)


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject"), ("skip", "Skip")])
    reason = forms.CharField(max_length=500, required=False)
    person = forms.ModelChoiceField(queryset=Person.objects.live(), required=False)
    other_person = forms.ModelChoiceField(queryset=Person.objects.live(), required=False)
    create_person = forms.BooleanField(required=False)


def next_review_item(*, skip_meetings=(), skip_participations=()):
    """The oldest item waiting for an editor: an unresolved name first, then an unreviewed meeting."""
    participation = (
        Participation.objects.exclude(resolution=ResolutionStatus.RESOLVED)
        .exclude(meeting__status=MeetingStatus.REJECTED)
        .exclude(pk__in=skip_participations)
        .select_related("meeting", "article", "country", "organization")
        .order_by("created_at", "id")
        .first()
    )
    if participation is not None:
        return participation
    return (
        Meeting.objects.filter(status=MeetingStatus.UNREVIEWED)
        .exclude(pk__in=skip_meetings)
        .order_by("created_at", "id")
        .first()
    )


def review_queue(request, *, admin_site):
    """One item at a time, oldest first: accept, edit or reject with a reason."""
    if not request.user.has_perm("meetings.change_meeting"):
        raise PermissionDenied
    skipped = request.session.setdefault("review_skipped", {"meetings": [], "participations": []})
    if request.method == "POST":
        form = ReviewDecisionForm(request.POST)
        if form.is_valid():
            _apply_review_decision(request, form.cleaned_data, skipped)
            request.session.modified = True
            return HttpResponseRedirect(request.path)
    if request.GET.get("restart"):
        skipped = request.session["review_skipped"] = {"meetings": [], "participations": []}
    item = next_review_item(skip_meetings=skipped["meetings"], skip_participations=skipped["participations"])
    context = {
        **admin_site.each_context(request),
        "title": "Review queue",
        "item": item,
        "is_participation": isinstance(item, Participation),
        "waiting_names": Participation.objects.exclude(resolution=ResolutionStatus.RESOLVED)
        .exclude(meeting__status=MeetingStatus.REJECTED)
        .count(),
        "waiting_meetings": Meeting.objects.filter(status=MeetingStatus.UNREVIEWED).count(),
    }
    if isinstance(item, Participation):
        context["candidates"] = list(item.candidates.all())
        context["meeting"] = item.meeting
        context["reports"] = list(item.meeting.reports.select_related("article"))
    elif isinstance(item, Meeting):
        context["meeting"] = item
        context["participations"] = list(
            item.participations.select_related("person", "country", "organization")
        )
        context["reports"] = list(item.reports.select_related("article"))
    return TemplateResponse(request, "admin/meetings/review_queue.html", context)


def _apply_review_decision(request, data, skipped):
    participation_id = request.POST.get("participation")
    meeting_id = request.POST.get("meeting")
    decision = data["decision"]
    if participation_id:
        participation = get_object_or_404(Participation, pk=participation_id)
        if decision == "skip":
            skipped["participations"].append(participation.pk)
        elif decision == "accept":
            person = data["person"] or data["other_person"]
            if person is None and not data["create_person"]:
                messages.error(request, "Choose the person this name refers to, or create a new one.")
                return
            person = accept_mention(participation=participation, person=person)
            messages.success(request, f"“{participation.mention}” is now {person}.")
        elif decision == "reject":
            if not data["reason"].strip():
                messages.error(request, "Say why this name is not a participant of the meeting.")
                return
            # The reason goes into the participation's history, next to the deletion.
            participation._change_reason = data["reason"].strip()[:100]
            participation.delete()
            participations_changed(
                meeting_ids=[participation.meeting_id], person_ids=[participation.person_id]
            )
            messages.success(request, f"Removed the mention “{participation.mention}”.")
    elif meeting_id:
        meeting = get_object_or_404(Meeting, pk=meeting_id)
        if decision == "skip":
            skipped["meetings"].append(meeting.pk)
        elif decision == "accept":
            set_meeting_status(meeting=meeting, status=MeetingStatus.VERIFIED)
            messages.success(request, f"Verified {meeting}.")
        elif decision == "reject":
            if not data["reason"].strip():
                messages.error(request, "Say why this is not a meeting.")
                return
            set_meeting_status(meeting=meeting, status=MeetingStatus.REJECTED, reason=data["reason"])
            messages.success(request, f"Rejected {meeting}.")


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1
    fields = ["name", "kind", "origin", "key"]
    readonly_fields = ["key"]


class PersonIdentifierInline(admin.TabularInline):
    model = PersonIdentifier
    extra = 0


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=None, widget=forms.RadioSelect, empty_label=None, label="Keep this record"
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = queryset


class MergeActionMixin:
    """A merge action with a confirmation page where the editor picks the record to keep."""

    merge_function = None

    def _merge(self, request, queryset, label):
        if queryset.count() < 2:
            self.message_user(request, f"Select at least two {label} to merge.", messages.WARNING)
            return None
        if "apply" in request.POST:
            form = MergeForm(request.POST, queryset=queryset)
            if form.is_valid():
                keep = form.cleaned_data["keep"]
                try:
                    moved = type(self).merge_function(
                        keep=keep, duplicates=[o for o in queryset if o.pk != keep.pk]
                    )
                except MergeError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return None
                self.message_user(
                    request, f"Merged into {keep}; {moved} participation(s) moved.", messages.SUCCESS
                )
                return None
        else:
            form = MergeForm(queryset=queryset)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {label}",
            "form": form,
            "queryset": queryset,
            "action": request.POST.get("action"),
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/merge.html", context)


@admin.register(Person)
class PersonAdmin(PlainActionCheckbox, MergeActionMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "meeting_count", "merged_into"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter)]
    list_select_related = ["merged_into"]
    search_fields = ["name", "aliases__name", "aliases__key"]
    readonly_fields = ["meeting_count", "merged_into", "created_at", "updated_at"]
    inlines = [PersonAliasInline, PersonIdentifierInline]
    actions = ["merge", "not_same_person"]
    merge_function = staticmethod(merge_people)
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Autocomplete (e.g. the participation inline) should never offer merged-away records.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.path.endswith("/autocomplete/"):
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset, may_have_duplicates

    @admin.action(description="Merge the selected people into one…", permissions=["change"])
    def merge(self, request, queryset):
        return self._merge(request, queryset, "people")

    @admin.action(
        description="Record that the selected people are not the same person", permissions=["change"]
    )
    def not_same_person(self, request, queryset):
        people = list(queryset)
        if len(people) < 2:
            self.message_user(request, "Select at least two people.", messages.WARNING)
            return
        for index, first in enumerate(people):
            for second in people[index + 1 :]:
                record_not_same_person(first=first, second=second, user=request.user)
        self.message_user(
            request, "Recorded: these will not be proposed as duplicates again.", messages.SUCCESS
        )

    def get_urls(self):
        return [
            path(
                "duplicates/",
                self.admin_site.admin_view(self.possible_duplicates),
                name="meetings_person_duplicates",
            ),
            *super().get_urls(),
        ]

    def possible_duplicates(self, request):
        if not request.user.has_perm("meetings.change_person"):
            raise PermissionDenied
        pairs = possible_duplicate_people(limit=100)
        context = {**self.admin_site.each_context(request), "title": "Possible duplicate people", "pairs": pairs,
                   "opts": self.model._meta}  # fmt: skip
        return TemplateResponse(request, "admin/meetings/person_duplicates.html", context)


def possible_duplicate_people(*, limit: int) -> list[tuple[Person, Person, str]]:
    """Live people who share a strong alias key, minus pairs an editor judged to be different people."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT DISTINCT LEAST(a.person_id, b.person_id), GREATEST(a.person_id, b.person_id), a.key
            FROM meetings_personalias a
            JOIN meetings_personalias b ON a.key = b.key AND a.person_id < b.person_id
            JOIN meetings_person pa ON pa.id = a.person_id AND pa.merged_into_id IS NULL
            JOIN meetings_person pb ON pb.id = b.person_id AND pb.merged_into_id IS NULL
            WHERE a.kind = 'strong' AND b.kind = 'strong'
              AND NOT EXISTS (
                SELECT 1 FROM meetings_notsameperson n
                WHERE n.first_id = LEAST(a.person_id, b.person_id) AND n.second_id = GREATEST(a.person_id, b.person_id)
              )
            ORDER BY 1, 2
            LIMIT %s
            """,
            [limit],
        )
        rows = cursor.fetchall()
    people = Person.objects.in_bulk({pid for row in rows for pid in row[:2]})
    return [(people[first], people[second], key) for first, second, key in rows]


@admin.register(PersonAlias)
class PersonAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "person", "kind", "origin", "key"]
    list_filter = ["kind", "origin"]
    list_select_related = ["person"]
    search_fields = ["name", "key"]
    autocomplete_fields = ["person"]


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1
    fields = ["name", "origin", "key"]
    readonly_fields = ["key"]


@admin.register(Organization)
class OrganizationAdmin(PlainActionCheckbox, MergeActionMixin, SimpleHistoryAdmin):
    list_display = ["name", "acronym", "kind", "parent", "merged_into"]
    list_filter = ["kind", ("merged_into", admin.EmptyFieldListFilter)]
    list_select_related = ["parent", "merged_into"]
    search_fields = ["name", "acronym", "aliases__name"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["merged_into", "created_at"]
    inlines = [OrganizationAliasInline]
    actions = ["merge"]
    merge_function = staticmethod(merge_organizations)

    @admin.action(description="Merge the selected organizations into one…", permissions=["change"])
    def merge(self, request, queryset):
        return self._merge(request, queryset, "organizations")


class ArticleReportInline(admin.TabularInline):
    model = MeetingReport
    extra = 0
    can_delete = False
    fields = ["meeting_link", "quote", "extractor_version", "confidence"]
    readonly_fields = fields
    verbose_name = "meeting reported"
    verbose_name_plural = "meetings reported"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting")

    @admin.display(description="meeting")
    def meeting_link(self, report):
        url = reverse("admin:meetings_meeting_change", args=[report.meeting_id])
        return format_html(
            '<a href="{}">{}</a> ({})', url, report.meeting, report.meeting.get_status_display()
        )


@admin.register(Article)
class ArticleAdmin(PlainActionCheckbox, admin.ModelAdmin):
    """Articles are imported provenance: read-only for editors."""

    list_display = ["title", "source", "published", "ingested_at", "extractor_version"]
    list_filter = ["source"]
    list_select_related = ["source"]
    date_hierarchy = "published"
    search_fields = ["title", "url"]
    readonly_fields = ["source", "url", "content_hash", "title", "text", "published", "language", "origin",
                       "extractor_version", "ingested_at"]  # fmt: skip
    inlines = [ArticleReportInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso2", "name", "official_name"]
    search_fields = ["iso2", "name", "official_name"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "url"]
    search_fields = ["name"]


@admin.register(NotSamePerson)
class NotSamePersonAdmin(admin.ModelAdmin):
    list_display = ["first", "second", "reason", "decided_by", "decided_at"]
    list_select_related = ["first", "second", "decided_by"]
    autocomplete_fields = ["first", "second"]
    readonly_fields = ["decided_by", "decided_at"]

    def save_model(self, request, obj, form, change):
        if obj.first_id and obj.second_id and obj.first_id > obj.second_id:
            obj.first_id, obj.second_id = obj.second_id, obj.first_id
        if not change:
            obj.decided_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Participation)
class ParticipationAdmin(PlainActionCheckbox, SimpleHistoryAdmin):
    list_display = ["mention", "person", "resolution", "role", "title", "country", "organization", "meeting"]
    list_filter = ["resolution", "role"]
    list_select_related = ["person", "country", "organization", "meeting"]
    search_fields = ["mention", "title"]
    autocomplete_fields = ["person", "country", "organization", "meeting", "candidates"]
    readonly_fields = ["article", "span_start", "span_end", "created_at"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        before = Participation.objects.filter(pk=obj.pk).values("person_id", "meeting_id").first() or {}
        obj.mark_edited_by_editor()
        super().save_model(request, obj, form, change)
        participations_changed(
            meeting_ids=[obj.meeting_id, before.get("meeting_id")],
            person_ids=[obj.person_id, before.get("person_id")],
        )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        participations_changed(meeting_ids=[obj.meeting_id], person_ids=[obj.person_id])

    def delete_queryset(self, request, queryset):
        removed = list(queryset.values_list("meeting_id", "person_id"))
        super().delete_queryset(request, queryset)
        participations_changed(
            meeting_ids=[meeting_id for meeting_id, _ in removed],
            person_ids=[person_id for _, person_id in removed],
        )
