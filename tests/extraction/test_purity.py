import subprocess
import sys


def test_purity_import_loads_no_django():
    code = (
        "import sys; import meetings.extraction as e; from meetings.extraction import scoring; "
        "e.load_default(); print(sorted(m for m in sys.modules if m.startswith('django')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
