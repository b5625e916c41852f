from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "readers"


@pytest.fixture
def data_dir() -> Path:
    """Fixture files written for the reader tests (our own words)."""
    return DATA


@pytest.fixture
def write(tmp_path):
    """write("name.txt", str | bytes) -> Path of a real file under tmp_path (folders created)."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write
