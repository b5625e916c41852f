import pytest

from meetings.models import NotSamePerson, Participation, Person, PersonAlias, PersonIdentifier
from meetings.store import MergeError, merge_organizations, merge_people, record_not_same_person
from tests.factories import make_meeting, make_organization, make_person

pytestmark = pytest.mark.django_db


def test_merge_people_moves_participations_aliases_and_identifiers():
    keep = make_person(name="Salim AlMalik")
    duplicate = make_person(name="Salim bin Mohammed Al-Malik", aliases=("Al-Malik",))
    PersonIdentifier.objects.create(person=duplicate, scheme="wikidata", value="Q100")
    make_meeting(participants=[(keep, None, None)])
    make_meeting(participants=[(duplicate, None, None)])
    make_meeting(participants=[(duplicate, None, None)])

    moved = merge_people(keep=keep, duplicates=[duplicate])

    assert moved == 2
    assert Participation.objects.filter(person=keep).count() == 3
    assert Participation.objects.filter(person=duplicate).count() == 0
    assert set(keep.aliases.values_list("name", flat=True)) == {
        "Salim AlMalik",
        "Salim bin Mohammed Al-Malik",
        "Al-Malik",
    }
    assert list(keep.identifiers.values_list("value", flat=True)) == ["Q100"]
    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert duplicate.merged_into == keep
    assert keep.meeting_count == 3
    assert Person.objects.count() == 2  # the duplicate stays as a redirect


def test_merge_people_repoints_earlier_merges_to_the_survivor():
    keep = make_person(name="Keep Person")
    middle = make_person(name="Middle Person")
    oldest = make_person(name="Oldest Person")
    merge_people(keep=middle, duplicates=[oldest])

    merge_people(keep=keep, duplicates=[middle])

    oldest.refresh_from_db()
    assert oldest.merged_into == keep


def test_merge_people_refused_for_a_pair_judged_different():
    first, second = make_person(name="Ali Khan"), make_person(name="Ali Khan Second")
    record_not_same_person(first=second, second=first, reason="different countries")

    with pytest.raises(MergeError):
        merge_people(keep=first, duplicates=[second])

    assert Person.objects.get(pk=second.pk).merged_into is None
    assert NotSamePerson.objects.get().first == first  # stored smaller id first


def test_merge_people_deleting_person_keeps_participation():
    person = make_person(name="Gone Person")
    meeting = make_meeting(participants=[(person, "AZ", None)])
    person.delete()
    participation = meeting.participations.get()
    assert (participation.person, participation.mention) == (None, "Gone Person")


def test_merge_organizations_moves_participations_meetings_and_aliases():
    keep = make_organization(
        name="Islamic World Educational, Scientific and Cultural Organization", acronym="ICESCO"
    )
    duplicate = make_organization(name="ICESCO Organization", acronym="ISESCO")
    from meetings.models import OrganizationAlias

    OrganizationAlias.objects.create(organization=duplicate, name="ISESCO")
    meeting = make_meeting(participants=[(make_person(name="Salim AlMalik"), None, duplicate)])

    merge_organizations(keep=keep, duplicates=[duplicate])

    assert list(meeting.organizations.all()) == [keep]
    assert meeting.participations.get().organization == keep
    assert list(keep.aliases.values_list("name", flat=True)) == ["ISESCO"]
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert PersonAlias.objects.count() == 1
