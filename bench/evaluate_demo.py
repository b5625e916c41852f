"""Score the extractor on the gold-annotated demo corpus (meetings/data/demo by default).

    .venv/bin/python bench/evaluate_demo.py [folder] [--verbose]

Pure: uses meetings.readers (through meetings.evaluation) when they import, else reads .txt files
itself. --verbose prints, for each article that is not perfect, gold and predicted principals.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetings.extraction import extract  # noqa: E402
from meetings.extraction.schema import Document  # noqa: E402
from meetings.extraction.scoring import format_report, score  # noqa: E402

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "meetings" / "data" / "demo"


def pairs_from_txt(folder: Path):
    for gold_path in sorted(folder.glob("*.json")):
        text_path = gold_path.with_suffix(".txt")
        if not text_path.is_file():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        document = Document(
            text=text_path.read_text(encoding="utf-8"),
            origin=str(text_path),
            source=gold.get("source"),
            published=published,
        )
        yield gold, extract(document).to_json(document=document), document


def all_pairs(folder: Path):
    try:
        from meetings.evaluation import GoldProblem, gold_pairs
    except ImportError:
        yield from pairs_from_txt(folder)
        return
    for item in gold_pairs(folder):
        if isinstance(item, GoldProblem):
            print(f"problem: {item.origin}: {item.reason}", file=sys.stderr)
            continue
        yield item


def describe(meetings: list[dict]) -> str:
    lines = []
    for m in meetings:
        people = ", ".join(
            f"{p['name']} [{p.get('title')}; {p.get('country')}; {p.get('organization')}]"
            for p in m.get("participants", [])
            if p.get("role", "principal") == "principal"
        )
        location = (m.get("location") or {}).get("country") if m.get("location") else None
        lines.append(f"    {m.get('kind')} {m.get('date')} loc={location} :: {people}")
    return "\n".join(lines) or "    (none)"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    folder = Path(args[0]) if args else DEFAULT_FOLDER
    pairs = []
    for gold, predicted, document in all_pairs(folder):
        pairs.append((gold, predicted))
        if verbose:
            single = score([(gold, predicted)])
            perfect = all(
                single[k] == 1.0
                for k in (
                    "meetings_f1",
                    "principals_f1",
                    "affiliation_accuracy",
                    "date_accuracy",
                    "location_accuracy",
                    "kind_accuracy",
                )
            )
            if not perfect:
                print(f"== {gold.get('id') or document.origin}")
                print("  gold:\n" + describe(gold.get("meetings") or []))
                print("  predicted:\n" + describe(predicted.get("meetings") or []))
    print(format_report(score(pairs)))


if __name__ == "__main__":
    main()
