"""Read replicas through the database router, against a second real database standing in for a
replica ("replica_1" in the test settings). Rows that exist only in the stand-in or only in the
primary show which database served a page."""

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from diplomacy.routers import PrimaryReplicaRouter, current_request_reads
from meetings.models import Meeting, Person, PersonAlias, Source, Topic
from tests.scale.conftest import REPLICA

PROJECT_DIR = Path(__file__).resolve().parents[2]
BOTH_DATABASES = pytest.mark.django_db(databases=["default", REPLICA])
READ_WRITE_READ = "/test/read-write-read/"


@pytest.fixture
def marked_rows(db):
    """A person and a source only in the replica, and a person and a source only in the primary."""
    Person.objects.using(REPLICA).create(name="Replica Only", slug="replica-only")
    Source.objects.using(REPLICA).create(name="Replica Agency", slug="replica-agency")
    Person.objects.create(name="Primary Only", slug="primary-only")
    Source.objects.create(name="Primary Agency", slug="primary-agency")


def served_from(client, **extra) -> str:
    """Which database answered a public page: the person page exists in exactly one of them."""
    on_replica = client.get("/people/replica-only/", **extra).status_code
    on_primary = client.get("/people/primary-only/", **extra).status_code
    return {(200, 404): "replica", (404, 200): "primary"}[(on_replica, on_primary)]


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


@BOTH_DATABASES
def test_anonymous_get_of_a_public_page_reads_only_the_replica(client, replica, marked_rows):
    with CaptureQueriesContext(connections["default"]) as primary_queries:
        response = client.get("/people/replica-only/")

    assert response.status_code == 200
    assert "Replica Only" in response.content.decode()
    assert primary_queries.captured_queries == []


@BOTH_DATABASES
@pytest.mark.parametrize(
    "path", ["/search/?q=replica", "/search/?q=replica+only", "/search/autocomplete/?q=replica"]
)
def test_participant_search_reads_only_the_replica(client, replica, marked_rows, path):
    """Search ranks people with raw SQL, which must follow the router as the ORM's reads do."""
    PersonAlias.objects.using(REPLICA).create(person=Person.objects.using(REPLICA).get(slug="replica-only"),
                                              name="Replica Only")  # fmt: skip
    with CaptureQueriesContext(connections["default"]) as primary_queries:
        response = client.get(path)

    assert response.status_code == 200
    assert "Replica Only" in response.content.decode()
    assert primary_queries.captured_queries == []


@BOTH_DATABASES
def test_a_streamed_export_reads_the_replica_while_it_streams_and_then_lets_go(client, replica, marked_rows):
    with (
        CaptureQueriesContext(connections["default"]) as primary_queries,
        CaptureQueriesContext(connections[REPLICA]) as replica_queries,
    ):
        response = client.get("/meetings/export.csv")
        rows = b"".join(response.streaming_content).decode().splitlines()

    assert response.streaming
    assert len(rows) == 1  # the header: neither database holds a meeting
    assert primary_queries.captured_queries == []
    assert replica_queries.captured_queries != []
    assert current_request_reads.get() is None


@BOTH_DATABASES
@pytest.mark.parametrize("path", ["/meetings/export.csv", "/meetings/export.json"])
def test_an_export_of_meetings_in_the_replica_reads_only_the_replica(client, replica, marked_rows, path):
    meeting = Meeting.objects.using(REPLICA).create(date_start=date(2025, 3, 4), place="Replica City")
    with CaptureQueriesContext(connections["default"]) as primary_queries:
        response = client.get(path)
        content = b"".join(response.streaming_content).decode()

    assert f"/meetings/{meeting.pk}/" in content
    assert "Replica City" in content
    assert primary_queries.captured_queries == []


@BOTH_DATABASES
def test_without_replicas_configured_every_read_goes_to_the_primary(client, marked_rows):
    assert served_from(client) == "primary"


@BOTH_DATABASES
@pytest.mark.urls("tests.scale.urls")
def test_a_get_that_writes_reads_the_primary_for_the_rest_of_the_request(client, replica, marked_rows):
    response = client.get(READ_WRITE_READ, {"topic": "Trade"})

    assert response.json() == {"before": ["Replica Agency"], "after": ["Primary Agency"]}


@BOTH_DATABASES
@pytest.mark.urls("tests.scale.urls")
def test_a_post_reads_the_primary_from_the_start(client, replica, marked_rows):
    response = client.post(f"{READ_WRITE_READ}?topic=Trade")

    assert response.json() == {"before": ["Primary Agency"], "after": ["Primary Agency"]}


@BOTH_DATABASES
@pytest.mark.urls("tests.scale.urls")
def test_after_a_write_the_client_reads_the_primary_until_the_sticky_window_ends(
    client, replica, marked_rows, settings
):
    settings.REPLICA_STICKY_SECONDS = 1
    assert served_from(client) == "replica"

    client.post(f"{READ_WRITE_READ}?topic=Trade")
    right_after = served_from(client)
    time.sleep(2.1)
    later = served_from(client)

    assert (right_after, later) == ("primary", "replica")


@BOTH_DATABASES
def test_a_forged_sticky_cookie_is_ignored(client, replica, marked_rows, settings):
    client.cookies[settings.REPLICA_STICKY_COOKIE] = "1"

    assert served_from(client) == "replica"


@BOTH_DATABASES
def test_logged_in_editors_read_the_primary(editor_client, replica, marked_rows):
    assert served_from(editor_client) == "primary"


@BOTH_DATABASES
@pytest.mark.urls("tests.scale.urls")
def test_writes_never_reach_the_replica(editor_client, replica, marked_rows):
    anonymous = Client()
    with CaptureQueriesContext(connections[REPLICA]) as replica_queries:
        anonymous.get(READ_WRITE_READ, {"topic": "Trade"})
        anonymous.post(f"{READ_WRITE_READ}?topic=Energy")
        editor_client.get(READ_WRITE_READ, {"topic": "Security"})
        Client().get("/people/replica-only/")

    assert replica_queries.captured_queries != []  # the replica did serve reads
    assert writes(replica_queries) == []
    assert sorted(Topic.objects.using("default").values_list("name", flat=True)) == [
        "Energy",
        "Security",
        "Trade",
    ]
    assert Topic.objects.using(REPLICA).count() == 0


@BOTH_DATABASES
def test_reads_outside_a_web_request_go_to_the_primary(replica, marked_rows):
    assert list(Person.objects.values_list("name", flat=True)) == ["Primary Only"]


@BOTH_DATABASES
def test_management_commands_never_touch_the_replica(replica, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(
        "Azerbaijani Foreign Minister Jeyhun Bayramov met Malaysian Foreign Minister Mohamad Hasan "
        "in Baku on 3 May 2024. They discussed trade.\n",
        encoding="utf-8",
    )

    with CaptureQueriesContext(connections[REPLICA]) as replica_queries:
        call_command("ingest", str(story), "--no-progress")

    assert replica_queries.captured_queries == []
    assert Person.objects.count() == 2


def test_router_allows_relations_between_primary_and_replicas_only(settings):
    settings.DATABASE_REPLICAS = ["replica_1", "replica_2"]
    router = PrimaryReplicaRouter()

    def row(alias):
        return SimpleNamespace(_state=SimpleNamespace(db=alias))

    assert router.allow_relation(row("default"), row("replica_2")) is True
    assert router.allow_relation(row("replica_1"), row("replica_2")) is True
    assert router.allow_relation(row("default"), row("elsewhere")) is None


def test_router_never_migrates_a_replica(settings):
    settings.DATABASE_REPLICAS = ["replica_1"]
    router = PrimaryReplicaRouter()

    assert router.allow_migrate("replica_1", "meetings") is False
    assert router.allow_migrate("default", "meetings") is None


def test_router_has_no_opinion_without_replicas(settings):
    settings.DATABASE_REPLICAS = []
    router = PrimaryReplicaRouter()

    assert (router.db_for_read(Person), router.db_for_write(Person)) == (None, None)


def settings_in_a_fresh_process(**env: str) -> subprocess.CompletedProcess:
    """Load the production settings with the given environment and print the database aliases."""
    full_env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE"}}
    full_env.update({"DJANGO_SETTINGS_MODULE": "diplomacy.settings", "DEBUG": "1", **env})
    script = (
        "from django.conf import settings; "
        "print(sorted(settings.DATABASES), settings.DATABASE_REPLICAS, settings.DATABASE_ROUTERS)"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=full_env, capture_output=True, text=True
    )


def test_each_replica_url_becomes_a_replica_alias():
    result = settings_in_a_fresh_process(
        DATABASE_REPLICA_URLS="postgres://reader@replica-a:5432/archive, postgres://reader@replica-b:5432/archive"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['default', 'replica_1', 'replica_2'] ['replica_1', 'replica_2'] ['diplomacy.routers.PrimaryReplicaRouter']"
    )


def test_without_replica_urls_no_router_is_installed():
    result = settings_in_a_fresh_process(DATABASE_REPLICA_URLS="")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['default'] [] []"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://reader@replica-a/archive", "DATABASE_REPLICA_URLS must point to PostgreSQL"),
        ("replica-a:5432", "DATABASE_REPLICA_URLS is not a usable database URL"),
    ],
)
def test_a_malformed_replica_url_is_refused_naming_the_variable(url, message):
    result = settings_in_a_fresh_process(DATABASE_REPLICA_URLS=f"postgres://reader@replica-a/archive,{url}")

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr
