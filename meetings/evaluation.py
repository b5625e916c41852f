"""Score the extractor against a folder of gold annotations (pure: no Django).

A gold folder holds inputs (`<id>.txt`, `.html`, `.jsonl`, `.xml`, ...) each beside a gold
`<id>.json` in the format of docs/extraction-schema.md: one article object for a single-article
file, or a JSON array of article objects (in entry order, matched by URL where given) for
JSON Lines files and feeds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from meetings.extraction import extract
from meetings.extraction.gazetteer import Gazetteer, load_default
from meetings.extraction.schema import Document
from meetings.readers import ReadFailure, read_file

INPUT_SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".ndjson", ".xml", ".rss", ".atom"}


@dataclass(frozen=True)
class GoldProblem:
    origin: str
    reason: str


def gold_pairs(
    gold_dir: Path, *, gazetteer: Gazetteer | None = None
) -> Iterator[tuple[dict, dict, Document] | GoldProblem]:
    """(gold article, predicted article, document) for every annotated article under gold_dir."""
    gazetteer = gazetteer or load_default()
    for input_path in sorted(p for p in Path(gold_dir).rglob("*") if p.suffix.lower() in INPUT_SUFFIXES):
        gold_path = input_path.with_suffix(".json")
        if not gold_path.is_file():
            yield GoldProblem(str(input_path), "no gold file beside it")
            continue
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            yield GoldProblem(str(gold_path), f"gold file is not valid JSON: {error}")
            continue
        golds = gold if isinstance(gold, list) else [gold]
        documents = []
        for item in read_file(input_path):
            if isinstance(item, ReadFailure):
                yield GoldProblem(item.origin, item.reason)
            else:
                documents.append(item)
        yield from _align(input_path, golds, documents, gazetteer)


def _align(input_path: Path, golds: list[dict], documents: list[Document], gazetteer: Gazetteer):
    by_url = {d.url: d for d in documents if d.url}
    for index, gold in enumerate(golds):
        document = by_url.get(gold.get("url")) if gold.get("url") else None
        if document is None and len(golds) == len(documents):
            document = documents[index]
        if document is None:
            yield GoldProblem(
                f"{input_path}#{gold.get('id', index + 1)}", "no article in the input matches this gold entry"
            )
            continue
        predicted = extract(document, gazetteer).to_json(document=document, file=document.origin)
        yield gold, predicted, document
