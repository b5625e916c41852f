"""`manage.py evaluate` on the demo corpus: every metric printed, --json parses, --check passes the floor."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
# The command needs no database: an unreachable one proves it.
ENV = dict(os.environ, DEBUG="1", DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing")


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", "evaluate", *arguments], cwd=PROJECT_DIR, env=ENV,
                          capture_output=True, text=True)  # fmt: skip


def test_evaluate_json_has_every_metric_of_the_scoring_table():
    result = run("meetings/data/demo", "--json")

    metrics = json.loads(result.stdout)
    for name in ("meetings_f1", "principals_f1", "affiliation_accuracy", "title_accuracy", "countries_f1",
                 "organizations_f1", "date_accuracy", "location_accuracy", "kind_accuracy"):  # fmt: skip
        assert 0.0 <= metrics[name] <= 1.0, name


def test_evaluate_check_passes_the_quality_floor_on_the_demo_corpus():
    result = run("meetings/data/demo", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "meetings" in result.stdout and "affiliation accuracy" in result.stdout


def test_evaluate_missing_folder_is_a_clear_error():
    result = run("no/such/folder")
    assert result.returncode != 0
    assert "no/such/folder: not a folder" in result.stderr
