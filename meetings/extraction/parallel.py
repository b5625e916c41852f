"""Extraction in a separate process, so that ingest extracts one chunk while it stores the last.

Pure Python like the rest of this package: a spawned worker imports only the extractor, never
Django, and never touches the database connection of the process that started it.
"""

from __future__ import annotations

import os
import resource
import threading
import time

from . import extract
from .gazetteer import Gazetteer
from .schema import ArticleExtraction, Document

# Set once per worker process by start_worker().
_worker_gazetteer: Gazetteer | None = None


def extract_each(documents: list[Document], gazetteer: Gazetteer) -> list[ArticleExtraction | str]:
    """Each document's extraction, or the reason it failed: one bad article never stops the others."""
    results: list[ArticleExtraction | str] = []
    for document in documents:
        try:
            results.append(extract(document, gazetteer))
        except Exception as error:  # a bug in one rule is reported with the article, not raised
            results.append(f"extraction failed: {error.__class__.__name__}: {error}")
    return results


def start_worker(gazetteer: Gazetteer) -> None:
    global _worker_gazetteer
    _worker_gazetteer = gazetteer
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent_pid: int) -> None:
    """A worker whose ingest process was killed (SIGKILL leaves no time to stop it) exits too."""
    while os.getppid() == parent_pid:
        time.sleep(1)
    os._exit(0)


def extract_in_worker(documents: list[Document]) -> tuple[list[ArticleExtraction | str], int]:
    """extract_each() with the worker's gazetteer; also the worker's peak memory in KiB so far."""
    assert _worker_gazetteer is not None, "start_worker() was not called"
    results = extract_each(documents, _worker_gazetteer)
    return results, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
