"""`newsbot db reader-url`: a read-only login, made once, its password kept 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import psycopg
import pytest

from tests.conftest import REPO


def _reader_url(database_url: str, home) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsbot.cli", "db", "reader-url"],
                          env={**os.environ, "NEWSBOT_DATABASE_URL": database_url,
                               "NEWSBOT_HOME": str(home)},
                          cwd=REPO, capture_output=True, text=True, timeout=60)


def test_reader_url_prints_a_login_that_can_only_read(database_url, tmp_path):
    first = _reader_url(database_url, tmp_path)
    assert first.returncode == 0, first.stderr
    url = first.stdout.strip()
    assert url.startswith("postgresql://newsbot_reader:")
    password_file = tmp_path / "reader-password"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert password_file.read_text().strip() in url
    # Asked again, the same login.
    assert _reader_url(database_url, tmp_path).stdout.strip() == url
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("newsbot_reader",)
        conn.execute("SELECT count(*) FROM latest_articles, crawl_runs, extraction_quality")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO sources (name, home_url) VALUES ('x', 'https://x.test/')")


def test_reader_url_fails_clearly_without_an_archive(tmp_path):
    result = _reader_url("postgresql://nobody:x@127.0.0.1:9/none?connect_timeout=2", tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
