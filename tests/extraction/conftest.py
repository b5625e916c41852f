import datetime as dt

import pytest

from meetings.extraction import extract
from meetings.extraction.schema import Document


@pytest.fixture
def run():
    """extract() over a text published on Tuesday 14 November 2023, as JSON."""

    def _run(text, published=dt.date(2023, 11, 14), source=None):
        document = Document(text=text, origin="test", source=source, published=published)
        return extract(document).to_json()["meetings"]

    return _run


def principals(meeting):
    return [p["name"] for p in meeting["participants"] if p["role"] == "principal"]
