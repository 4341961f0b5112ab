"""`newsbot web` as an operator starts it: bad settings fail in one line; workers serve."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from newsbot.archive.cluster import free_port
from tests.conftest import REPO


def _web(database_url: str, home, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "newsbot.cli", "web", *args],
                            env={**os.environ, "NEWSBOT_DATABASE_URL": database_url,
                                 "NEWSBOT_HOME": str(home), **env},
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_a_bad_setting_stops_it_with_one_line(database_url, tmp_path):
    proc = _web(database_url, tmp_path, NEWSBOT_WEB_TIMEZONE="Mars/Olympus")
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert output.strip() == "Error: NEWSBOT_WEB_TIMEZONE: unknown time zone 'Mars/Olympus'"


def test_two_workers_serve_the_site(database_url, tmp_path):
    port = free_port()
    proc = _web(database_url, tmp_path, "--port", str(port), "--workers", "2",
                NEWSBOT_WEB_ROOT_PATH="/newsbot")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # The proxy strips the prefix; the site puts it back into its links.
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/runs", timeout=5) as page:
                    body = page.read().decode()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read()
                assert time.monotonic() < deadline, "newsbot web --workers 2 did not answer"
                time.sleep(0.2)
        assert 'href="/newsbot/sources"' in body
    finally:
        proc.terminate()
        proc.wait(timeout=30)
