import subprocess
import sys


def test_readers_and_document_cleanup_import_no_django():
    code = (
        "import sys; import meetings.readers, meetings.extraction.document; "
        "print(sorted(m for m in sys.modules if m.startswith('django')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "[]"
