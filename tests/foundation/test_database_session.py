"""Session settings every database connection gets (diplomacy.settings.SESSION_OPTIONS)."""

import pytest
from django.db import connection

from diplomacy.settings import postgres_database


@pytest.mark.django_db
def test_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_options_from_the_database_url_are_kept():
    database = postgres_database(
        "DATABASE_URL", "postgres://app@db.example:5432/archive?options=-c%20statement_timeout%3D5000"
    )
    assert database["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"
    assert postgres_database("DATABASE_URL", "postgres://app@db.example/archive")["OPTIONS"] == {
        "options": "-c jit=off"
    }
