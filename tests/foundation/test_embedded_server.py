"""The README's run path on the embedded default: a real PostgreSQL from the wheel, no mocks."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

from diplomacy.processes import free_port, stop

PROJECT_DIR = Path(__file__).resolve().parents[2]


def postgres_processes_for(data_dir: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(attrs=["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(data_dir) in " ".join(process.info["cmdline"] or []):
            found.append(process)
    return found


def test_embedded_default_starts_serves_and_stops(tmp_path):
    data_dir = tmp_path / "pgdata"
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "EMBEDDED_PGDATA": str(data_dir),
            "PORT": str(port),
            # A leading "-", as the generated passwords have about one time in 64.
            "DEMO_EDITOR_PASSWORD": "-demo-password-for-test",
        }
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "diplomacy.serve"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            output.append(line)
            if "Press Ctrl-C to stop" in line:
                break
        assert any(f"http://127.0.0.1:{port}/" in line for line in output), "".join(output)
        assert any("user: editor, password: -demo-password-for-test" in line for line in output), "".join(
            output
        )
        body = ""
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=5) as response:
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert "Diplomatic Meetings Archive" in body
        assert postgres_processes_for(data_dir), "the embedded server should be running"
    finally:
        stop(server, signal_number=signal.SIGINT, timeout=60)  # Ctrl-C, as a user stops the run command
    deadline = time.monotonic() + 30
    while postgres_processes_for(data_dir) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert postgres_processes_for(data_dir) == [], "the embedded server should stop with the run command"
