import uuid

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from meetings.backup import editor_data_fingerprint
from meetings.models import MeetingStatus
from meetings.store import merge_people, record_not_same_person, set_meeting_status
from tests.factories import make_meeting, make_person


@pytest.fixture
def scratch_database():
    name = f"scratch_{uuid.uuid4().hex[:10]}"
    params = connection.get_connection_params()
    admin = psycopg2.connect(**{**params, "dbname": "postgres"})
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name, params
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.django_db(transaction=True)
def test_backup_restores_editors_data_exactly(tmp_path, scratch_database, reference_data):
    keep, duplicate = make_person(name="Salim AlMalik"), make_person(name="Salim Al-Malik")
    other = make_person(name="Ali Khan")
    verified = make_meeting(
        participants=[(keep, None, None), (other, "PK", None)], place="Rabat", topics=("Trade",)
    )
    rejected = make_meeting(participants=[(duplicate, None, None)])
    set_meeting_status(meeting=verified, status=MeetingStatus.VERIFIED)
    set_meeting_status(meeting=rejected, status=MeetingStatus.REJECTED, reason="a summons, not a meeting")
    merge_people(keep=keep, duplicates=[duplicate])
    record_not_same_person(first=keep, second=other, reason="different people")
    with connection.cursor() as cursor:
        before = editor_data_fingerprint(cursor)
    backup = tmp_path / "archive.dump"

    call_command("backup", str(backup))
    name, params = scratch_database
    call_command("restore", str(backup), "--database", name)

    restored = psycopg2.connect(**{**params, "dbname": name})
    try:
        with restored.cursor() as cursor:
            after = editor_data_fingerprint(cursor)
    finally:
        restored.close()
    assert after == before
    assert before["meetings"][0] == 2
    assert before["people"][0] == 3
    assert before["country_links"][0] == 1 and before["topic_links"][0] == 1
