import pytest
from django.core.management import call_command
from django.db import connection

from meetings.extraction import schema
from meetings.models import Country, DateBasis, DatePrecision, MeetingKind, Role, Side

pytestmark = pytest.mark.django_db


def test_makemigrations_is_clean():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_extensions_are_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent') ORDER BY 1")
        assert [row[0] for row in cursor.fetchall()] == ["pg_trgm", "unaccent"]


def test_every_country_is_loaded_with_the_written_rules():
    assert Country.objects.count() == 250
    assert Country.objects.get(iso2="XK").name == "Kosovo"
    assert Country.objects.get(iso2="TW").name == "Taiwan"
    assert Country.objects.get(iso2="PS").name == "Palestine"
    assert Country.objects.get(iso2="EH").name == "Western Sahara"


def test_model_choices_mirror_the_extraction_schema():
    assert set(MeetingKind.values) == set(schema.MEETING_KINDS)
    assert set(Role.values) == set(schema.ROLES)
    assert set(Side.values) == set(schema.SIDES)
    assert set(DatePrecision.values) == set(schema.DATE_PRECISIONS)
    assert set(DateBasis.values) == set(schema.DATE_BASES)


# Tables that grow with the archive: adding an index to them must not lock writes.
BIG_TABLES = {
    "meeting",
    "participation",
    "personalias",
    "person",
    "article",
    "meetingreport",
    "organizationalias",
}


def test_later_migrations_build_indexes_on_big_tables_concurrently():
    from django.contrib.postgres.operations import AddIndexConcurrently
    from django.db.migrations import AddIndex
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    offenders = []
    for (app, name), migration in loader.disk_migrations.items():
        if app != "meetings" or name == "0001_initial":
            continue  # the initial migration creates empty tables
        for operation in migration.operations:
            plain_index = isinstance(operation, AddIndex) and not isinstance(operation, AddIndexConcurrently)
            if plain_index and operation.model_name.lower() in BIG_TABLES:
                offenders.append(f"{name}: {operation.describe()}")
    assert offenders == []


def test_migrate_sets_a_lock_timeout():
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "5s"
        cursor.execute("SET lock_timeout = 0")
