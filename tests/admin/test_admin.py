import pytest
from django.urls import reverse

from meetings.models import Meeting, MeetingStatus, Participation, Person, ResolutionStatus
from tests.factories import make_meeting, make_person, make_user

pytestmark = pytest.mark.django_db

# The meeting changelist: session, user, permissions (2), count, rows, filter lookups (2),
# date hierarchy, plus the fixed cost of the page; independent of the number of rows.
MEETING_CHANGELIST_QUERIES = 12


def test_admin_anonymous_visitor_sent_to_login(client):
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_non_editor_staff_cannot_see_meetings(client):
    client.force_login(make_user(username="staff", staff=True))
    assert client.get(reverse("admin:meetings_meeting_changelist")).status_code == 403


def test_admin_logged_in_non_staff_sent_to_login(client):
    client.force_login(make_user(username="reader"))
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302


def test_admin_editor_can_change_meetings_but_not_manage_users(editor_client):
    meeting = make_meeting()
    assert editor_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).status_code == 200
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:meetings_meeting_delete", args=[meeting.pk])).status_code == 403


@pytest.mark.parametrize("rows", [1, 200])
def test_admin_meeting_changelist_query_budget(editor_client, django_assert_max_num_queries, rows):
    people = [make_person(name=f"Person Number{i}") for i in range(3)]
    for _ in range(rows):
        make_meeting(participants=[(people[0], "AZ", None), (people[1], "MA", None)], topics=("culture",))
    with django_assert_max_num_queries(MEETING_CHANGELIST_QUERIES):
        response = editor_client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 200
    assert "Person Number0" in response.content.decode()


def test_admin_verify_and_reject_actions(editor_client):
    first, second = make_meeting(), make_meeting()
    url = reverse("admin:meetings_meeting_changelist")
    editor_client.post(url, {"action": "verify", "_selected_action": [first.pk]})
    response = editor_client.post(
        url,
        {
            "action": "reject",
            "_selected_action": [second.pk],
            "apply": "1",
            "reason": "a protest, not a meeting",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.rejection_reason) == (
        MeetingStatus.VERIFIED,
        MeetingStatus.REJECTED,
        "a protest, not a meeting",
    )


def test_admin_editing_a_meeting_locks_the_changed_fields(editor_client):
    meeting = make_meeting(place="Rabat")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"place": "ICESCO headquarters, Rabat", "countries": ["AZ"], "topics": []})
    data["organizations"] = []
    inline_prefixes = {"participations-TOTAL_FORMS": "0", "participations-INITIAL_FORMS": "0",
                       "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0"}  # fmt: skip
    data.update(inline_prefixes)
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.place == "ICESCO headquarters, Rabat"
    assert "place" in meeting.locked_fields
    assert meeting.history.count() == 2


def test_admin_merge_people_action(editor_client):
    keep, duplicate = make_person(name="Jeyhun Bayramov"), make_person(name="Ceyhun Bayramov")
    make_meeting(participants=[(duplicate, "AZ", None)])
    response = editor_client.post(
        reverse("admin:meetings_person_changelist"),
        {"action": "merge", "_selected_action": [keep.pk, duplicate.pk], "apply": "1", "keep": keep.pk},
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=duplicate.pk).merged_into_id == keep.pk
    assert Participation.objects.get().person == keep


def test_admin_review_queue_accepts_an_unresolved_name(editor_client):
    person = make_person(name="Salim AlMalik")
    meeting = make_meeting(participants=[("the Director-General", None, None)])
    url = reverse("admin:meetings_review_queue")
    page = editor_client.get(url)
    assert "the Director-General" in page.content.decode()
    participation = meeting.participations.get()

    editor_client.post(
        url, {"participation": participation.pk, "decision": "accept", "other_person": person.pk}
    )

    participation.refresh_from_db()
    assert (participation.person, participation.resolution) == (person, ResolutionStatus.RESOLVED)
    # Next item: the unreviewed meeting itself.
    assert f"Meeting {meeting.pk}" in editor_client.get(url).content.decode()


def test_admin_review_queue_rejects_a_meeting_with_reason(editor_client):
    meeting = make_meeting(participants=[(make_person(name="Known Person"), "AZ", None)])
    editor_client.post(
        reverse("admin:meetings_review_queue"),
        {"meeting": meeting.pk, "decision": "reject", "reason": "planned only"},
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.rejection_reason) == (MeetingStatus.REJECTED, "planned only")
    assert Meeting.objects.public().count() == 0


def test_admin_possible_duplicates_hides_judged_pairs(editor_client):
    first = make_person(name="Ali Khan")
    second = make_person(name="Ali Khan", aliases=())
    url = reverse("admin:meetings_person_duplicates")
    assert "Ali Khan" in editor_client.get(url).content.decode()
    editor_client.post(
        reverse("admin:meetings_person_changelist"),
        {"action": "not_same_person", "_selected_action": [first.pk, second.pk]},
    )
    assert "No possible duplicates" in editor_client.get(url).content.decode()


def test_admin_history_page_readable_by_editor(editor_client):
    meeting = make_meeting()
    response = editor_client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk]))
    assert response.status_code == 200


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_admin_pages_escape_hostile_article_text(editor_client):
    from tests.factories import make_article

    article = make_article(text=f"The minister {HOSTILE} met the envoy.", title=f"Title {HOSTILE}")
    meeting = make_meeting(participants=[(f"Name {HOSTILE}", None, None)], article=article)
    pages = [
        reverse("admin:meetings_meeting_changelist"),
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        reverse("admin:meetings_article_change", args=[article.pk]),
        reverse("admin:meetings_review_queue"),
        reverse("admin:meetings_participation_changelist"),
    ]
    for url in pages:
        body = editor_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body, url
        assert "<img src=x onerror" not in body, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url


def test_admin_review_queue_rejects_a_name_with_reason_kept_in_history(editor_client):
    from meetings.models import Participation

    meeting = make_meeting(
        participants=[("Separately", None, None), (make_person(name="Known Person"), "AZ", None)]
    )
    mention = meeting.participations.get(mention="Separately")
    url = reverse("admin:meetings_review_queue")

    editor_client.post(url, {"participation": mention.pk, "decision": "reject", "reason": ""})
    assert Participation.objects.filter(pk=mention.pk).exists()  # no reason, nothing removed
    editor_client.post(
        url, {"participation": mention.pk, "decision": "reject", "reason": "a sentence adverb"}
    )

    assert not Participation.objects.filter(pk=mention.pk).exists()
    deletion = Participation.history.filter(id=mention.pk, history_type="-").get()
    assert deletion.history_change_reason == "a sentence adverb"


def test_changelist_selection_checkboxes_carry_the_row_and_an_escaped_label(editor_client):
    person = make_person(name="<b>Bold</b> Name")

    page = editor_client.get(reverse("admin:meetings_person_changelist")).content.decode()

    assert (
        f'<input type="checkbox" name="_selected_action" value="{person.pk}" class="action-select" '
        'aria-label="Select this object for an action - &lt;b&gt;Bold&lt;/b&gt; Name">'
    ) in page
    assert "<b>Bold</b>" not in page


def test_meeting_changelist_row_links_are_the_change_pages(editor_client):
    """The links reversed once per list (admin.RowLinkChangeList) are Django's, row by row."""
    import re

    meetings = [make_meeting() for _ in range(3)]

    page = editor_client.get(reverse("admin:meetings_meeting_changelist")).content.decode()

    links = set(re.findall(r'<a href="([^"]+/change/)', page))
    assert links == {reverse("admin:meetings_meeting_change", args=[m.pk]) for m in meetings}
    assert page.count(reverse("admin:meetings_meeting_change", args=[meetings[0].pk])) == 2  # id and date


def test_admin_participant_added_in_the_meeting_form_is_a_chosen_person(editor_client):
    """The name as written is read-only in the form: a new row needs its person, whose name it takes."""
    meeting = make_meeting(place="Rabat")
    person = make_person(name="Salim AlMalik")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"countries": [], "organizations": [], "topics": []})
    data.update({"participations-TOTAL_FORMS": "1", "participations-INITIAL_FORMS": "0",
                 "participations-0-role": "principal", "participations-0-resolution": "resolved",
                 "participations-0-position": "0", "participations-0-title": "Director-General",
                 "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0"})  # fmt: skip

    refused = editor_client.post(url, data)

    assert refused.status_code == 200
    assert "Choose the person who took part." in refused.content.decode()
    assert not meeting.participations.exists()

    data["participations-0-person"] = person.pk
    assert editor_client.post(url, data).status_code == 302
    assert list(meeting.participations.values_list("mention", "person_id")) == [(person.name, person.pk)]
