"""Consistency checker for the demo corpus in meetings/data/demo/.

Pure Python (standard library only, no Django). Run from the repository root:

    python tests/data/demo_corpus_check.py [path/to/demo]

For every gold file ``<stem>.json`` it finds the input (``.txt``, ``.html``, ``.jsonl`` or ``.xml``),
extracts the article text(s) and checks that:

- the gold has the shape of docs/extraction-schema.md (kinds, roles, ISO2 codes, dates, ids, urls);
- every participant name and alias occurs in the article text (case-insensitive);
- participants' countries are among the meeting's countries and their organizations among its organizations;
- the publication date can be recovered from the file (date line, dateline, meta tag, JSON field, feed date);
- articles are 120-400 words long.

It prints a summary (articles per format, meeting / no-meeting articles, meetings per kind, sources)
and exits with status 1 when any problem was found.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "meetings" / "data" / "demo"
INPUT_EXTS = ("txt", "html", "jsonl", "xml")
KINDS = {"in_person", "phone_call", "video_call"}
ROLES = {"principal", "attendee"}
ISO2 = re.compile(r"^[A-Z]{2}$")
ARTICLE_KEYS = {"id", "url", "source", "published", "meetings"}
MEETING_KEYS = {
    "kind",
    "date",
    "location",
    "context_event",
    "participants",
    "countries",
    "organizations",
    "topics",
}
PARTICIPANT_KEYS = {"name", "aliases", "title", "country", "organization", "role"}
MIN_WORDS, MAX_WORDS = 120, 400
ATOM = "{http://www.w3.org/2005/Atom}"


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page, without script and style contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("p", "br", "div", "li", "h1", "h2", "h3"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    return "".join(parser.parts)


def article_body_html(markup: str) -> str:
    """The <article> element of a page, or the whole page when there is none."""
    match = re.search(r"<article\b.*?</article>", markup, re.S)
    return html_text(match.group(0) if match else markup)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def date_renderings(day: dt.date) -> list[str]:
    """Ways a publication date is written in the demo files."""
    month, mon = day.strftime("%B"), day.strftime("%b")
    suffix = "th" if 11 <= day.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    return [
        day.isoformat(),
        day.strftime("%d.%m.%Y"),
        day.strftime("%d/%m/%Y"),
        f"{month} {day.day}, {day.year}",
        f"{month} {day.day:02d}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"{day.day:02d} {month} {day.year}",
        f"{day.day}{suffix} {month}, {day.year}",
        f"{day.day:02d} {mon.upper()} {day.year}",
        f"{mon} {day.day}, {day.year}",
        f"{mon} {day.day:02d}, {day.year}",
    ]


def load_inputs(path: Path) -> list[dict]:
    """One dict per article in the input file: text, published (as found) and url."""
    raw = path.read_text(encoding="utf-8")
    ext = path.suffix[1:]
    if ext == "txt":
        return [{"text": raw, "raw": raw, "url": None}]
    if ext == "html":
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', raw)
        return [
            {"text": article_body_html(raw), "raw": raw, "url": canonical.group(1) if canonical else None}
        ]
    if ext == "jsonl":
        out = []
        for number, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            body = record.get("text") or record.get("body") or ""
            out.append(
                {
                    "text": f"{record.get('title', '')}\n{body}",
                    "raw": line,
                    "url": record.get("url"),
                    "published": str(record.get("published", ""))[:10],
                    "line": number,
                }
            )
        return out
    if ext == "xml":
        root = ET.fromstring(raw)
        out = []
        for item in root.iter("item"):
            body = html_text(item.findtext("description") or "")
            published = parsedate_to_datetime(item.findtext("pubDate")).date().isoformat()
            out.append(
                {
                    "text": f"{item.findtext('title')}\n{body}",
                    "raw": body,
                    "url": item.findtext("link"),
                    "published": published,
                }
            )
        for entry in root.iter(f"{ATOM}entry"):
            content = entry.findtext(f"{ATOM}content") or entry.findtext(f"{ATOM}summary") or ""
            link = entry.find(f"{ATOM}link")
            stamp = entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated") or ""
            out.append(
                {
                    "text": f"{entry.findtext(f'{ATOM}title')}\n{html_text(html.unescape(content))}",
                    "raw": content,
                    "url": link.get("href") if link is not None else None,
                    "published": stamp[:10],
                }
            )
        return out
    raise ValueError(f"unknown input format: {path}")


def is_date(value) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def check_article(gold: dict, source: dict, expected_id: str, where: str) -> list[str]:
    problems: list[str] = []

    def bad(message: str) -> None:
        problems.append(f"{where}: {message}")

    if set(gold) != ARTICLE_KEYS:
        bad(f"article keys {sorted(gold)} != {sorted(ARTICLE_KEYS)}")
    if gold.get("id") != expected_id:
        bad(f"id {gold.get('id')!r} != {expected_id!r}")
    if gold.get("url") != source.get("url"):
        bad(f"url {gold.get('url')!r} != input url {source.get('url')!r}")
    published = gold.get("published")
    if not is_date(published):
        bad(f"published {published!r} is not YYYY-MM-DD")
    elif "published" in source:
        if source["published"] != published:
            bad(f"published {published} != input date {source['published']}")
    elif not any(r in source["raw"] for r in date_renderings(dt.date.fromisoformat(published))):
        bad(f"published {published} not recoverable from the file")

    text = squash(source["text"])
    words = len(re.findall(r"\w+", source["text"]))
    if not MIN_WORDS <= words <= MAX_WORDS + 40:  # a little slack for titles and page furniture
        bad(f"{words} words, outside {MIN_WORDS}-{MAX_WORDS}")

    for index, meeting in enumerate(gold.get("meetings", []), 1):
        at = f"meeting {index}"
        if set(meeting) != MEETING_KEYS:
            bad(f"{at}: keys {sorted(meeting)}")
            continue
        if meeting["kind"] not in KINDS:
            bad(f"{at}: kind {meeting['kind']!r}")
        if meeting["date"] is not None and not is_date(meeting["date"]):
            bad(f"{at}: date {meeting['date']!r}")
        if is_date(meeting["date"]) and is_date(published) and meeting["date"] > published:
            bad(f"{at}: date {meeting['date']} after publication {published}")
        location = meeting["location"]
        if location is not None:
            if set(location) != {"place", "country"}:
                bad(f"{at}: location keys {sorted(location)}")
            elif location["country"] is not None and not ISO2.match(location["country"]):
                bad(f"{at}: location country {location['country']!r}")
        countries = meeting["countries"]
        if any(not ISO2.match(c) for c in countries) or len(set(countries)) != len(countries):
            bad(f"{at}: countries {countries}")
        org_labels = set()
        for org in meeting["organizations"]:
            if set(org) != {"name", "acronym"}:
                bad(f"{at}: organization keys {sorted(org)}")
            org_labels.update(x for x in (org.get("name"), org.get("acronym")) if x)
        principals = [p for p in meeting["participants"] if p.get("role") == "principal"]
        if len(principals) < 2:
            bad(f"{at}: {len(principals)} principal(s)")
        for person in meeting["participants"]:
            who = f"{at} {person.get('name')!r}"
            if set(person) != PARTICIPANT_KEYS:
                bad(f"{who}: keys {sorted(person)}")
                continue
            if person["role"] not in ROLES:
                bad(f"{who}: role {person['role']!r}")
            if person["country"] is not None:
                if not ISO2.match(person["country"]):
                    bad(f"{who}: country {person['country']!r}")
                elif person["country"] not in countries:
                    bad(f"{who}: country {person['country']} not in meeting countries {countries}")
            if person["organization"] is not None:
                if person["organization"] not in org_labels:
                    bad(f"{who}: organization {person['organization']!r} not in meeting organizations")
                if person["country"] is not None:
                    bad(f"{who}: an organization official should have country null")
            for form in [person["name"], *person["aliases"]]:
                if not re.search(rf"(?<!\w){re.escape(squash(form))}(?!\w)", text):
                    bad(f"{who}: {form!r} does not occur in the text")
        if not meeting["topics"]:
            bad(f"{at}: no topics")
    return problems


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    problems: list[str] = []
    per_format: Counter = Counter()
    files_per_format: Counter = Counter()
    kinds: Counter = Counter()
    sources: Counter = Counter()
    with_meetings = without_meetings = meetings_total = 0

    golds = sorted(folder.glob("*.json"))
    inputs = {p.stem: p for p in folder.iterdir() if p.suffix[1:] in INPUT_EXTS}
    for stem in sorted(set(inputs) - {g.stem for g in golds}):
        problems.append(f"{inputs[stem].name}: no gold file")
    for gold_path in golds:
        stem = gold_path.stem
        if stem not in inputs:
            problems.append(f"{gold_path.name}: no input file")
            continue
        input_path = inputs[stem]
        fmt = input_path.suffix[1:]
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            sources_in_file = load_inputs(input_path)
        except (ValueError, ET.ParseError) as error:
            problems.append(f"{stem}: cannot parse: {error}")
            continue
        files_per_format[fmt] += 1
        if fmt in ("jsonl", "xml"):
            if not isinstance(gold, list) or len(gold) != len(sources_in_file):
                problems.append(f"{gold_path.name}: expected an array of {len(sources_in_file)} articles")
                continue
            pairs = [
                (g, s, f"{stem}-{n}") for n, (g, s) in enumerate(zip(gold, sources_in_file, strict=True), 1)
            ]
        else:
            pairs = [(gold, sources_in_file[0], stem)]
        for article, source, expected_id in pairs:
            problems += check_article(article, source, expected_id, expected_id)
            per_format[fmt] += 1
            sources[article.get("source")] += 1
            meetings = article.get("meetings", [])
            meetings_total += len(meetings)
            kinds.update(m.get("kind") for m in meetings)
            if meetings:
                with_meetings += 1
            else:
                without_meetings += 1

    total = sum(per_format.values())
    print(f"files: {dict(files_per_format)}")
    print(f"articles: {total} {dict(per_format)}")
    print(f"articles with meetings: {with_meetings}; without: {without_meetings}")
    print(f"meetings: {meetings_total} {dict(kinds)}")
    print(f"sources ({len(sources)}): {dict(sorted(sources.items()))}")
    for problem in problems:
        print("PROBLEM", problem)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
