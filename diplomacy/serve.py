"""Set up and serve the archive locally: `scripts/run` calls this after installing requirements.

Starts the embedded PostgreSQL when DATABASE_URL is unset (and stops it on exit), applies
migrations, loads the demo corpus, (re)sets the demo editor's password, and serves the archive
at a printed URL until Ctrl-C.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys

from diplomacy import embedded


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True, env=env, cwd=embedded.PROJECT_DIR)


def stop_process(process: subprocess.Popen) -> None:
    """Stop the web server: SIGTERM first (it may ignore SIGINT when started in the background), then kill."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    # A service manager's SIGTERM stops the archive as cleanly as Ctrl-C does; and Ctrl-C works
    # even when started from a shell that ignores SIGINT for background jobs.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    host = env.get("HOST", "127.0.0.1")
    port = env.get("PORT", "8000")
    if env.get("DATABASE_URL"):
        print("Using the database at DATABASE_URL.", flush=True)
    else:
        print(f"Starting the embedded PostgreSQL server in {embedded.data_dir()} ...", flush=True)
        env["DATABASE_URL"] = embedded.start().url()
    password = env.get("DEMO_EDITOR_PASSWORD") or secrets.token_urlsafe(12)
    env["DEMO_EDITOR_PASSWORD"] = password  # for demo_editor, which reads it from there
    try:
        manage("migrate", "--noinput", env=env)
        manage("load_demo", env=env)
        # Articles stored by an older extractor are re-read with this one (editors' decisions are kept).
        manage("reextract", "--outdated", env=env)
        manage("demo_editor", env=env)
        url = f"http://{host}:{port}/"
        print(
            "\n"
            f"  The archive is running at {url}\n"
            f"  Editors' admin: {url}admin/  (user: editor, password: {password})\n"
            "  Press Ctrl-C to stop.\n",
            flush=True,
        )
        server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"{host}:{port}", "--noreload"], env=env,
                                  cwd=embedded.PROJECT_DIR)  # fmt: skip
        try:
            return server.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            stop_process(server)
    finally:
        if not os.environ.get("DATABASE_URL"):
            print("Stopping the embedded PostgreSQL server.", flush=True)
            embedded.stop()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except subprocess.CalledProcessError as error:
        # The failing command has already printed its own error.
        print(f"Setting up the archive failed: {' '.join(map(str, error.cmd[1:]))} exited with {error.returncode}.",
              file=sys.stderr)  # fmt: skip
        sys.exit(error.returncode or 1)
