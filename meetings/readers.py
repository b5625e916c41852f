"""Input readers: files, folders, globs and uploaded bytes -> Document | ReadFailure.

Formats, chosen by file extension (and by sniffing the content where the extension is missing
or ambiguous): plain-text scrapes (.txt), HTML pages (.html/.htm), JSON Lines (.jsonl/.ndjson)
and RSS/Atom feeds (.xml/.rss/.atom).

Pure, like the extractor: no Django. Readers never raise for bad input. Every problem becomes
a ReadFailure value that names the file (and the line or feed entry), so one bad file never
stops a batch and the caller can show what was skipped and why.
"""

from __future__ import annotations

import codecs
import datetime as dt
import glob
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import feedparser
import lxml.etree
import lxml.html
import trafilatura

from meetings.extraction.document import CleanedText, canonical_source, clean_scrape, parse_date
from meetings.extraction.schema import Document

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MEGABYTE  # per file; JSON Lines files are streamed and limited per line instead
DEFAULT_MAX_LINE_BYTES = 5 * MEGABYTE  # per JSON Lines record
DEFAULT_LANGUAGE = "en"

KIND_TEXT = "text"
KIND_HTML = "html"
KIND_JSONL = "jsonl"
KIND_FEED = "feed"
KIND_AUTO = "auto"  # sniff the content
KINDS = (KIND_TEXT, KIND_HTML, KIND_JSONL, KIND_FEED)

KIND_BY_SUFFIX = {
    ".txt": KIND_TEXT,
    ".text": KIND_TEXT,
    ".html": KIND_HTML,
    ".htm": KIND_HTML,
    ".xhtml": KIND_HTML,
    ".jsonl": KIND_JSONL,
    ".ndjson": KIND_JSONL,
    ".xml": KIND_FEED,
    ".rss": KIND_FEED,
    ".atom": KIND_FEED,
}


@dataclass(frozen=True)
class ReadFailure:
    """An input that gave no article, and why, in words an editor can act on."""

    origin: str  # "path", "path:line 12" (JSON Lines), "path#entry 3" (feeds)
    reason: str  # "empty file", "not valid UTF-8 (byte 0xff at offset 12)", …

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class _Unreadable(Exception):
    """Raised inside this module for bad input; always turned into a ReadFailure before leaving it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --- Finding files ---------------------------------------------------------------------------------

_GLOB_CHARACTERS = re.compile(r"[*?\[]")


def _is_input_file(path: Path) -> bool:
    """Files a folder or glob contributes: known formats, not hidden, not a README."""
    name = path.name
    return (
        not name.startswith(".")
        and path.suffix.lower() in KIND_BY_SUFFIX
        and not name.lower().startswith("readme")
    )


def _walk_folder(folder: Path) -> Iterator[Path | ReadFailure]:
    problems: list[OSError] = []
    for root, folders, files in os.walk(folder, onerror=problems.append):
        # Hidden folders (.git, .cache) never hold inputs; sorting in place fixes the walk order.
        folders[:] = sorted(name for name in folders if not name.startswith(".") and name != "__pycache__")
        for name in sorted(files):
            path = Path(root) / name
            if _is_input_file(path):
                yield path
    for problem in problems:
        yield ReadFailure(str(problem.filename or folder), f"folder cannot be read ({problem.strerror})")


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | ReadFailure]:
    """Expand files, folders (recursively, sorted) and glob patterns into input files.

    A folder or pattern contributes only files of a readable format, skipping hidden files and
    READMEs (gold .json files next to the inputs are not an input format, so they are skipped too).
    A file named explicitly is always yielded, so an unsupported type gets a clear failure later.
    The same file reached twice is yielded once.
    """
    seen: set[Path] = set()

    def first_time(path: Path) -> bool:
        key = path.resolve()
        if key in seen:
            return False
        seen.add(key)
        return True

    for given in paths:
        if not str(given).strip() or "\x00" in str(given):
            # Path("") would silently mean the current folder.
            yield ReadFailure(repr(str(given)), "not a usable path")
            continue
        path = Path(given)
        if path.is_dir():
            for item in _walk_folder(path):
                if isinstance(item, ReadFailure) or first_time(item):
                    yield item
        elif path.exists():
            if first_time(path):
                yield path
        elif _GLOB_CHARACTERS.search(str(given)):
            matches = sorted(glob.glob(str(given), recursive=True))
            if not matches:
                yield ReadFailure(str(given), "no files match this pattern")
            for match in matches:
                match_path = Path(match)
                items = _walk_folder(match_path) if match_path.is_dir() else [match_path]
                for item in items:
                    if isinstance(item, ReadFailure) or (_is_input_file(item) and first_time(item)):
                        yield item
        else:
            yield ReadFailure(str(given), "no such file or folder")


def read_paths(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> Iterator[Document | ReadFailure]:
    """Every article in the given files, folders and globs, in a stable order."""
    for item in iter_input_files(paths):
        if isinstance(item, ReadFailure):
            yield item
        else:
            yield from read_file(item, max_bytes=max_bytes, max_line_bytes=max_line_bytes)


# --- Reading one file or one upload ----------------------------------------------------------------


def _format_size(size: int) -> str:
    if size >= MEGABYTE:
        return f"{size / MEGABYTE:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{size} bytes"


def _kind_for_path(path: Path) -> str:
    suffix = path.suffix.lower()
    if not suffix:
        return KIND_AUTO
    if suffix not in KIND_BY_SUFFIX:
        readable = ", ".join(sorted(KIND_BY_SUFFIX))
        raise _Unreadable(f"unsupported file type {suffix!r} (readable: {readable})")
    return KIND_BY_SUFFIX[suffix]


def _normalise_kind(kind: str) -> str:
    """Accept a kind name ("html"), an extension ("html", ".htm") or "auto"."""
    value = (kind or KIND_AUTO).strip().lower()
    if value in KINDS or value == KIND_AUTO:
        return value
    suffix = value if value.startswith(".") else f".{value}"
    if suffix in KIND_BY_SUFFIX:
        return KIND_BY_SUFFIX[suffix]
    raise _Unreadable(f"unsupported kind of input {kind!r} (expected one of: {', '.join(KINDS)}, auto)")


def _failure(origin: str, error: Exception) -> ReadFailure:
    if isinstance(error, _Unreadable):
        return ReadFailure(origin, error.reason)
    return ReadFailure(origin, f"unexpected error while reading: {type(error).__name__}: {error}")


def _guarded(origin: str, documents: Iterator[Document | ReadFailure]) -> Iterator[Document | ReadFailure]:
    """Turn any exception from reading one input into a ReadFailure, so that a batch goes on."""
    try:
        yield from documents
    except Exception as error:  # a parser bug on one odd file must not stop the others
        yield _failure(origin, error)


def _attempt(origin: str, build: Callable[..., Document], *arguments: object) -> Document | ReadFailure:
    """One record or feed entry: `build(*arguments)`, or a ReadFailure naming it."""
    try:
        return build(*arguments)
    except Exception as error:  # as in _guarded: one bad record must not stop the file
        return _failure(origin, error)


def read_file(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> Iterator[Document | ReadFailure]:
    """The articles in one file; the size is checked with stat before anything is read."""
    path = Path(path)
    yield from _guarded(str(path), _read_file(path, max_bytes=max_bytes, max_line_bytes=max_line_bytes))


def _read_file(path: Path, *, max_bytes: int, max_line_bytes: int) -> Iterator[Document | ReadFailure]:
    origin = str(path)
    kind = _kind_for_path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _Unreadable("no such file") from None
    except OSError as error:
        raise _Unreadable(f"cannot be read ({error.strerror})") from None
    if path.is_dir():
        raise _Unreadable("is a folder, not a file")
    if size == 0:
        raise _Unreadable("empty file")
    if kind == KIND_JSONL:
        # Streamed line by line: a file of 100,000 articles never sits in memory whole.
        with path.open("rb") as stream:
            yield from _read_jsonl(stream, origin=origin, max_line_bytes=max_line_bytes)
        return
    if size > max_bytes:
        raise _Unreadable(f"larger than the {_format_size(max_bytes)} limit ({_format_size(size)})")
    yield from _read_bytes(path.read_bytes(), origin=origin, kind=kind, max_bytes=max_bytes)


def read_bytes(
    data: bytes,
    *,
    origin: str,
    kind: str = KIND_AUTO,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> Iterator[Document | ReadFailure]:
    """The articles in an upload (or any bytes in memory). `kind`: text, html, jsonl, feed, an
    extension such as ".htm", or "auto" to sniff the content."""
    yield from _guarded(
        origin,
        _read_bytes(data, origin=origin, kind=kind, max_bytes=max_bytes, max_line_bytes=max_line_bytes),
    )


def _read_bytes(
    data: bytes,
    *,
    origin: str,
    kind: str,
    max_bytes: int,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> Iterator[Document | ReadFailure]:
    kind = _normalise_kind(kind)
    if not data:
        raise _Unreadable("empty file")
    if kind == KIND_JSONL:
        yield from _read_jsonl(io.BytesIO(data), origin=origin, max_line_bytes=max_line_bytes)
        return
    if len(data) > max_bytes:
        raise _Unreadable(f"larger than the {_format_size(max_bytes)} limit ({_format_size(len(data))})")
    text = _decode_text(data, declared=_declared_encoding(data) if kind != KIND_TEXT else None)
    if not text.strip():
        raise _Unreadable("empty file (whitespace only)")
    if kind == KIND_AUTO:
        kind = sniff_kind(text)
        if kind == KIND_JSONL:
            yield from _read_jsonl(io.BytesIO(data), origin=origin, max_line_bytes=max_line_bytes)
            return
    elif kind in (KIND_TEXT, KIND_FEED) and sniff_kind(text) == KIND_HTML:
        kind = KIND_HTML  # a saved web page named .txt or .xml is still a web page
    if kind == KIND_TEXT:
        yield _text_document(text, origin)
    elif kind == KIND_HTML:
        yield _html_document(text, origin)
    else:
        yield from _read_feed(data, text, origin)


# --- Bytes to text ---------------------------------------------------------------------------------

_BYTE_ORDER_MARKS = (
    # UTF-32 first: its little-endian mark starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED_CHARSET = re.compile(
    rb"""<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']|<meta[^>]*?charset\s*=\s*["']?([\w.:-]+)""",
    re.IGNORECASE,
)
_UNICODE_CODECS = {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "ascii"}


def _declared_encoding(data: bytes) -> str | None:
    """A legacy encoding that an HTML or XML document declares about itself (windows-1251…), if any."""
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii", "replace")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # UTF-16 declared without a byte-order mark is decoded as UTF-8 and reported if it is not.
    return None if codec in _UNICODE_CODECS else codec


_CONTROL_BYTES = bytes(byte for byte in range(32) if chr(byte) not in "\t\n\r\f\v") + b"\x7f"


def _control_byte_ratio(data: bytes) -> float:
    """Share of control bytes in the first 8 KB: text has almost none, images and archives many."""
    sample = data[:8192]
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


def _control_character_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    controls = sum(
        1 for char in sample if (ord(char) < 32 and char not in "\t\n\r\f\v") or 0x7F <= ord(char) < 0xA0
    )
    return controls / len(sample)


def _decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode strictly: UTF-8 (with or without BOM), UTF-16/32 with a BOM, or a declared legacy encoding.

    Undecodable bytes are reported, never replaced: a silently garbled name would end up in
    the archive. Raises _Unreadable, which the public readers turn into a ReadFailure.
    """
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise _Unreadable(
                    f"not valid {encoding.upper().removesuffix('-SIG')} "
                    f"(byte 0x{data[error.start]:02x} at offset {error.start})"
                ) from None
            break
    else:
        if b"\x00" in data or _control_byte_ratio(data) > 0.05:
            raise _Unreadable("binary data, not text")
        encoding = declared or "utf-8"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            name = "UTF-8" if encoding == "utf-8" else encoding
            raise _Unreadable(
                f"not valid {name} (byte 0x{data[error.start]:02x} at offset {error.start})"
            ) from None
    if _control_character_ratio(text) > 0.05:
        raise _Unreadable("binary data, not text")
    return text


def sniff_kind(text: str) -> str:
    """Guess the format from the start of the content."""
    start = text.lstrip("\ufeff \t\r\n")[:2048].lower()
    if start.startswith("<?xml") or start.startswith("<rss") or start.startswith("<feed"):
        if re.search(r"<(?:rss|feed|rdf:rdf)\b", start):
            return KIND_FEED
        return KIND_HTML if "<html" in start else KIND_FEED
    if start.startswith("<!doctype html") or start.startswith("<html"):
        return KIND_HTML
    if start.startswith("{"):
        return KIND_JSONL
    if start.startswith("<") and re.search(r"<(?:head|body|p|div|article)\b", start):
        return KIND_HTML
    return KIND_TEXT


# --- HTML fragments to text ------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr "
    "li main nav ol p pre section table tbody thead tr td th ul".split()
)
_SKIPPED_TAGS = frozenset("script style noscript template head iframe object svg button form select".split())
_LOOKS_LIKE_HTML = re.compile(
    r"<(?:p|br|div|span|a|b|i|em|strong|h[1-6]|ul|ol|li|blockquote|table|img|figure|section|article)\b[^>]*>"
    r"|</[a-z][a-z0-9]*\s*>",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text))


def _parse_html(markup: str) -> lxml.html.HtmlElement:
    # lxml refuses str input that carries an XML encoding declaration, so it gets bytes it is told are UTF-8.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    return lxml.html.document_fromstring(markup.encode("utf-8", "surrogatepass"), parser=parser)


def html_to_text(markup: str, *, skip: frozenset[str] = _SKIPPED_TAGS) -> str:
    """Visible text of an HTML fragment or page: blocks become paragraphs, <br> a line break."""
    if not markup.strip():
        return ""
    try:
        root = _parse_html(markup)
    except (lxml.etree.ParserError, ValueError):
        return ""
    parts: list[str] = []
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in skip:
                walker.skip_subtree()
                continue
            if tag == "br":
                parts.append("\n")
            elif tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if element.text and tag:
                parts.append(_SPACES.sub(" ", element.text))
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if element.tail:
                parts.append(_SPACES.sub(" ", element.tail))
    lines = [line.strip() for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- Plain text ------------------------------------------------------------------------------------


def _document_from_cleaned(
    cleaned: CleanedText,
    origin: str,
    *,
    title: str | None = None,
    source: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    language: str | None = None,
) -> Document:
    if not cleaned.text.strip():
        raise _Unreadable("no article text found")
    return Document(
        text=cleaned.text,
        origin=origin,
        title=title or cleaned.title,
        # "Yonhap News Agency" (a page) and "Yonhap" (a dateline) are one source.
        source=canonical_source(source) if source else cleaned.source,
        published=published or cleaned.published,
        url=url or cleaned.url,
        language=language or DEFAULT_LANGUAGE,
        dateline_place=cleaned.dateline_place,
        dateline_date=cleaned.dateline_date,
    )


def _text_document(text: str, origin: str) -> Document:
    return _document_from_cleaned(clean_scrape(text), origin)


# --- HTML pages ------------------------------------------------------------------------------------

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "blogposting",
    "analysisnewsarticle",
    "webpage",
}
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publish-date",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
)


@dataclass
class _PageMetadata:
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None


def _clean_value(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id")
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _language_code(value: object) -> str | None:
    """'en-GB' -> 'en'."""
    text = _clean_value(value)
    if not text:
        return None
    code = re.split(r"[-_]", text)[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _json_ld_articles(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content(), strict=False)
        except ValueError:
            continue  # broken JSON-LD is common on news sites; the other metadata still counts
        pending = [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                pending.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
                types = item.get("@type")
                types = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                    yield item


def _page_metadata(tree: lxml.html.HtmlElement) -> _PageMetadata:
    """Title, publisher, date, canonical URL and language from JSON-LD, <meta> and <link>."""
    metadata = _PageMetadata()
    meta = {}
    for element in tree.xpath("//meta[@content]"):
        key = (
            (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        )
        if key and key not in meta:
            meta[key] = element.get("content")
    for article in _json_ld_articles(tree):
        metadata.title = metadata.title or _clean_value(article.get("headline") or article.get("name"))
        metadata.source = metadata.source or _clean_value(article.get("publisher"))
        if metadata.published is None and (published := _clean_value(article.get("datePublished"))):
            metadata.published = parse_date(published)
        metadata.url = metadata.url or _clean_value(article.get("url"))
        metadata.language = metadata.language or _language_code(article.get("inLanguage"))
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    metadata.url = (
        _clean_value(canonical[0] if canonical else None) or _clean_value(meta.get("og:url")) or metadata.url
    )
    metadata.title = metadata.title or _clean_value(meta.get("og:title"))
    metadata.source = metadata.source or _clean_value(meta.get("og:site_name"))
    if metadata.published is None:
        for key in _DATE_META:
            if (value := _clean_value(meta.get(key))) and (published := parse_date(value)):
                metadata.published = published
                break
    metadata.language = (
        _language_code(tree.get("lang")) or metadata.language or _language_code(meta.get("og:locale"))
    )
    return metadata


def _html_document(markup: str, origin: str) -> Document:
    try:
        tree = _parse_html(markup)
    except (lxml.etree.ParserError, ValueError) as error:
        raise _Unreadable(f"HTML could not be parsed: {error}") from None
    metadata = _page_metadata(tree)
    extracted = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        # Menus and site furniture are never article text, yet trafilatura's fallbacks keep them on thin pages.
        prune_xpath=["//nav", "//aside", "//footer", "//body/header", "//*[@role='navigation']"],
        # Only the page's own metadata, not dates guessed from the article text.
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    text = extracted.text if extracted is not None and extracted.text else ""
    if not text.strip():
        # trafilatura keeps nothing on some bare pages; the visible text without navigation is next best.
        text = html_to_text(markup, skip=_SKIPPED_TAGS | {"nav", "header", "footer", "aside"})
    # trafilatura puts one paragraph per line; the cleaner expects blank-line separated paragraphs.
    cleaned = clean_scrape(text.replace("\n", "\n\n"))
    extracted_date = parse_date(extracted.date) if extracted is not None and extracted.date else None
    return _document_from_cleaned(
        cleaned,
        origin,
        title=metadata.title or (extracted.title if extracted is not None else None),
        source=metadata.source or (extracted.sitename if extracted is not None else None),
        published=metadata.published or extracted_date,
        url=metadata.url or (extracted.url if extracted is not None else None),
        language=metadata.language or (_language_code(extracted.language) if extracted is not None else None),
    )


# --- JSON Lines ------------------------------------------------------------------------------------

_TEXT_KEYS = ("text", "body", "content")
_PUBLISHED_KEYS = ("published", "date", "published_at", "pub_date")


def _jsonl_lines(stream: BinaryIO, *, max_line_bytes: int) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text, problem) for each line, reading at most one line at a time."""
    head = stream.read(4)
    stream.seek(0)
    for mark, encoding in _BYTE_ORDER_MARKS:
        if head.startswith(mark) and encoding != "utf-8-sig":
            yield from _jsonl_lines_wide(stream, encoding=encoding, max_line_chars=max_line_bytes)
            return
    offset = 0
    line_number = 0
    while raw := stream.readline(max_line_bytes + 1):
        line_number += 1
        line_start = offset
        offset += len(raw)
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            # Skip the rest of the oversized line in bounded chunks.
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(MEGABYTE)
                offset += len(raw)
            yield (
                line_number,
                None,
                f"line {line_number}: larger than the {_format_size(max_line_bytes)} line limit",
            )
            continue
        if line_number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
            line_start += len(codecs.BOM_UTF8)
        if b"\x00" in raw:
            yield line_number, None, f"line {line_number}: binary data, not text"
            continue
        try:
            yield line_number, raw.decode("utf-8"), None
        except UnicodeDecodeError as error:
            yield (
                line_number,
                None,
                f"line {line_number}: not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {line_start + error.start})",
            )


def _jsonl_lines_wide(
    stream: BinaryIO, *, encoding: str, max_line_chars: int
) -> Iterator[tuple[int, str | None, str | None]]:
    """JSON Lines in UTF-16/32 with a byte-order mark; a decoding error ends the file."""
    reader = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline=None)
    line_number = 0
    try:
        while line := reader.readline(max_line_chars + 1):
            line_number += 1
            if len(line) > max_line_chars and not line.endswith("\n"):
                while line and not line.endswith("\n"):
                    line = reader.readline(MEGABYTE)
                yield line_number, None, f"line {line_number}: larger than the line limit"
                continue
            yield line_number, line.lstrip("\ufeff"), None
    except UnicodeDecodeError as error:
        yield line_number + 1, None, f"line {line_number + 1}: not valid {encoding.upper()} ({error.reason})"
    finally:
        reader.detach()


def _record_document(record: dict, origin: str, line_number: int) -> Document:
    text_key = next((key for key in _TEXT_KEYS if key in record), None)
    if text_key is None:
        raise _Unreadable(f'line {line_number}: missing "text" key (or "body") with the article text')
    text = record[text_key]
    if not isinstance(text, str):
        raise _Unreadable(f'line {line_number}: "{text_key}" must be a string, not {_json_type(text)}')
    if looks_like_html(text):
        text = html_to_text(text)
    cleaned = clean_scrape(text)
    if not cleaned.text.strip():
        raise _Unreadable(f'line {line_number}: no article text found in "{text_key}"')
    published = None
    for key in _PUBLISHED_KEYS:
        if value := _clean_value(record.get(key)):
            published = parse_date(value)
            break
    return _document_from_cleaned(
        cleaned,
        origin,
        title=_clean_value(record.get("title") or record.get("headline")),
        source=_clean_value(record.get("source")),
        published=published,
        url=_clean_value(record.get("url") or record.get("link")),
        language=_language_code(record.get("language") or record.get("lang")),
    )


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _read_jsonl(stream: BinaryIO, *, origin: str, max_line_bytes: int) -> Iterator[Document | ReadFailure]:
    records = 0
    for line_number, line, problem in _jsonl_lines(stream, max_line_bytes=max_line_bytes):
        line_origin = f"{origin}:line {line_number}"
        if problem is not None:
            records += 1
            yield ReadFailure(line_origin, problem)
            continue
        if not line.strip():
            continue  # blank lines between records are harmless
        records += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield ReadFailure(line_origin, f"line {line_number}: not valid JSON ({error.msg})")
            continue
        except RecursionError:
            yield ReadFailure(line_origin, f"line {line_number}: not valid JSON (nested too deeply)")
            continue
        if not isinstance(record, dict):
            yield ReadFailure(
                line_origin, f"line {line_number}: expected a JSON object, found {_json_type(record)}"
            )
            continue
        yield _attempt(line_origin, _record_document, record, line_origin, line_number)
    if records == 0:
        raise _Unreadable("empty file (no JSON lines)")


# --- Feeds -----------------------------------------------------------------------------------------

# Entity declarations are how "billion laughs" and external-entity (XXE) attacks work; real news
# feeds have no use for them, so a feed that declares any is refused before any parser sees it.
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)


def _entry_text(entry: dict) -> str:
    candidates = [item.get("value") or "" for item in entry.get("content") or [] if isinstance(item, dict)]
    candidates.append(entry.get("summary") or "")
    text = max(candidates, key=len)
    return html_to_text(text) if looks_like_html(text) else text


def _entry_published(entry: dict) -> dt.date | None:
    for key in ("published", "updated", "created"):
        if (value := _clean_value(entry.get(key))) and (published := parse_date(value)):
            return published  # the date as the feed wrote it, before any conversion to UTC
    for key in ("published_parsed", "updated_parsed"):
        if parsed := entry.get(key):
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _entry_document(entry: dict, feed: dict, origin: str) -> Document:
    cleaned = clean_scrape(_entry_text(entry))
    title = _clean_value(entry.get("title"))
    if title and looks_like_html(title):
        title = html_to_text(title)
    entry_source = entry.get("source") if isinstance(entry.get("source"), dict) else {}
    return _document_from_cleaned(
        cleaned,
        origin,
        title=title,
        source=_clean_value(entry_source.get("title")) or cleaned.source or _clean_value(feed.get("title")),
        published=_entry_published(entry),
        url=_clean_value(entry.get("link")),
        language=_language_code(entry.get("language") or feed.get("language")),
    )


def _read_feed(data: bytes, text: str, origin: str) -> Iterator[Document | ReadFailure]:
    if _ENTITY_DECLARATION.search(text):
        raise _Unreadable(
            "feed declares XML entities in its DOCTYPE; refused as unsafe (entity expansion or XXE)"
        )
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise _Unreadable(f"feed could not be parsed: {parsed.get('bozo_exception')}")
        raise _Unreadable("feed has no entries")
    for number, entry in enumerate(parsed.entries, start=1):
        entry_origin = f"{origin}#entry {number}"
        yield _attempt(entry_origin, _entry_document, entry, parsed.feed, entry_origin)
