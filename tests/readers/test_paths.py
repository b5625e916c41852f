"""Finding input files: folders, globs, missing paths; read_paths over a mixed batch."""

import json
from pathlib import Path

from meetings.extraction.schema import Document
from meetings.readers import ReadFailure, iter_input_files, read_paths

ARTICLE = "The foreign minister of Chile received the ambassador of Ghana in Santiago on Monday."


def names(items) -> list:
    return [item.name if isinstance(item, Path) else item for item in items]


def test_iter_input_files_walks_folders_recursively_in_sorted_order(write, tmp_path):
    for name in ["b.txt", "a.html", "sub/c.jsonl", "sub/deeper/d.rss", "sub/e.atom"]:
        write(name, ARTICLE)

    assert names(iter_input_files([tmp_path])) == ["a.html", "b.txt", "c.jsonl", "e.atom", "d.rss"]


def test_iter_input_files_skips_hidden_readme_gold_json_and_other_types(write, tmp_path):
    for name in [
        "keep.txt",
        ".hidden.txt",
        ".git/config.txt",
        "README.md",
        "README.txt",
        "keep.json",
        "notes.docx",
    ]:
        write(name, ARTICLE)

    assert names(iter_input_files([tmp_path])) == ["keep.txt"]


def test_iter_input_files_explicit_file_of_unknown_type_is_passed_on(write):
    path = write("notes.docx", "x")

    assert list(iter_input_files([path])) == [path]


def test_iter_input_files_globs(write, tmp_path):
    for name in ["one.txt", "two.txt", "three.html", "sub/four.txt", "gold.json"]:
        write(name, ARTICLE)

    assert (
        names(iter_input_files([str(tmp_path / "*.txt")])),
        names(iter_input_files([str(tmp_path / "**" / "*.txt")])),
        names(iter_input_files([str(tmp_path / "*")])),
    ) == (
        ["one.txt", "two.txt"],
        ["one.txt", "four.txt", "two.txt"],  # sorted by path: ".../one.txt" < ".../sub/four.txt"
        ["one.txt", "four.txt", "three.html", "two.txt"],
    )


def test_iter_input_files_missing_path_and_empty_glob(tmp_path):
    missing = tmp_path / "nowhere.txt"
    pattern = str(tmp_path / "*.jsonl")

    assert list(iter_input_files([missing, pattern])) == [
        ReadFailure(str(missing), "no such file or folder"),
        ReadFailure(pattern, "no files match this pattern"),
    ]


def test_iter_input_files_yields_a_file_once(write, tmp_path):
    path = write("only.txt", ARTICLE)

    assert list(iter_input_files([path, tmp_path, str(tmp_path / "*.txt")])) == [path]


def test_read_paths_batch_goes_on_past_every_bad_file(write, tmp_path):
    write("1-good.txt", ARTICLE)
    write("2-empty.txt", b"")
    write("3-binary.txt", b"\x00\x01\x02binary")
    write("4-bad-utf8.txt", b"caf\xe9")
    write("5-big.txt", ARTICLE * 50)
    write("6-good.jsonl", json.dumps({"text": ARTICLE}) + "\n{broken\n")
    missing = tmp_path / "7-missing.txt"

    items = list(read_paths([tmp_path, missing], max_bytes=2000))

    assert [
        (Path(item.origin.split(":line")[0]).name, getattr(item, "reason", "document")) for item in items
    ] == [
        ("1-good.txt", "document"),
        ("2-empty.txt", "empty file"),
        ("3-binary.txt", "binary data, not text"),
        ("4-bad-utf8.txt", "not valid UTF-8 (byte 0xe9 at offset 3)"),
        ("5-big.txt", "larger than the 2 KB limit (4.2 KB)"),
        ("6-good.jsonl", "document"),
        ("6-good.jsonl", "line 2: not valid JSON (Expecting property name enclosed in double quotes)"),
        ("7-missing.txt", "no such file or folder"),
    ]


def test_read_paths_fixture_folder_every_document_names_its_origin(data_dir):
    items = list(read_paths([data_dir]))

    documents = [item for item in items if isinstance(item, Document)]
    assert (len(documents), all(d.origin.startswith(str(data_dir)) for d in items)) == (7, True)
