"""Articles per second of meetings.extraction.extract on one core.

    .venv/bin/python bench/extraction_speed.py [--count 2000]

Two runs: the demo corpus texts (meetings/data/demo/*.txt) repeated to about --count articles,
and synthetic 400-word articles built from our own sentence templates.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetings.extraction import extract, load_default  # noqa: E402
from meetings.extraction.schema import Document  # noqa: E402

DEMO = Path(__file__).resolve().parent.parent / "meetings" / "data" / "demo"

_SENTENCES = [
    "{country}'s Minister of Foreign Affairs {a} met with {b}, the {demonym2} Prime Minister, in {city} on Monday.",
    "The sides discussed cooperation in energy, transport and trade, as well as regional security.",
    "{a} stressed the importance of the strategic partnership between the two countries.",
    "During the meeting, the parties also exchanged views on other issues of mutual interest.",
    "Earlier, {b} held a phone conversation with President {c} of {country2}.",
    "The minister noted that trade turnover had grown by twelve percent over the past year.",
    "Both officials underlined the role of the United Nations and the OSCE in the region.",
    "{a} invited his counterpart to visit {country} at a convenient time, and the invitation was accepted.",
]
_NAMES = [
    "Amina Odhiambo",
    "Ricardo Soto",
    "Lucia Quispe",
    "Kenji Mori",
    "Nikos Pappas",
    "Liis Tamm",
    "Omar Haddad",
]
_PLACES = [
    ("Kenya", "Kenyan", "Nairobi"),
    ("Chile", "Chilean", "Santiago"),
    ("Peru", "Peruvian", "Lima"),
    ("Japan", "Japanese", "Tokyo"),
]


def synthetic_article(rng: random.Random, words: int = 400) -> str:
    parts: list[str] = []
    count = 0
    while count < words:
        (country, _, city), (country2, demonym2, _) = rng.sample(_PLACES, 2)
        a, b, c = rng.sample(_NAMES, 3)
        sentence = rng.choice(_SENTENCES).format(
            country=country, country2=country2, demonym2=demonym2, city=city, a=a, b=b, c=c
        )
        parts.append(sentence)
        count += len(sentence.split())
        if rng.random() < 0.3:
            parts.append("\n\n")
    return " ".join(parts)


def measure(documents: list[Document]) -> float:
    """Articles per CPU second of this process, so that other load on the machine counts less."""
    start = time.process_time()
    for document in documents:
        extract(document)
    return len(documents) / (time.process_time() - start)


def reference_loop_ms() -> float:
    """CPU milliseconds of a fixed pure-Python loop, best of five: this shared machine's speed varies
    by a factor of two from day to day, and this figure says which kind of day a run had."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        sum(range(1_000_000))
        best = min(best, time.process_time() - start)
    return best * 1000


def main() -> None:
    count = int(sys.argv[sys.argv.index("--count") + 1]) if "--count" in sys.argv else 2000
    load_default()  # built once; not part of the per-article cost
    print(f"machine reference: sum(range(10**6)) takes {reference_loop_ms():.1f} ms of CPU")
    published = dt.date(2024, 5, 14)
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))]
    if texts:
        documents = [
            Document(text=texts[i % len(texts)], origin="demo", published=published) for i in range(count)
        ]
        words = sum(len(d.text.split()) for d in documents) / len(documents)
        print(
            f"demo corpus: {len(documents)} articles (mean {words:.0f} words): {measure(documents):.0f} articles/s (CPU time)"
        )
    rng = random.Random(7)
    documents = [
        Document(text=synthetic_article(rng), origin="synthetic", published=published) for _ in range(count)
    ]
    words = sum(len(d.text.split()) for d in documents) / len(documents)
    print(
        f"synthetic:   {len(documents)} articles (mean {words:.0f} words): {measure(documents):.0f} articles/s (CPU time)"
    )


if __name__ == "__main__":
    main()
