"""The benchmark command's in-process scenario over a small generated archive: it runs and prints figures."""

import io
import json
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_benchmark_sql_prints_the_statements_of_every_page():
    call_command("generate_archive", "--meetings", "1500", "--seed", "5", stdout=io.StringIO())
    output = io.StringIO()

    call_command("benchmark", "--only", "sql", "--json", stdout=output)

    text = output.getvalue()
    assert "machine: " in text and "1,500 meetings" in text
    results = json.loads(text[text.index("{") :])["sql"]
    expected = {"home", "meetings list", "meetings list filtered", "deep page", "meeting page",
                "person page (busiest)", "country page", "participant search",
                "participant search, first name", "autocomplete", "autocomplete, common prefix",
                "admin meeting changelist"}  # fmt: skip
    assert set(results) == expected
    for name, figures in results.items():
        assert 1 <= figures["queries"] <= 30, name
        assert 0 < figures["p95_ms"] <= figures["slowest_ms"], name
        assert re.search(rf"^{re.escape(name)}\s+\d+\s+[\d.]+\s+[\d.]+", text, re.MULTILINE), name
