"""A crawl that cannot start says why in one line and exits 1: no traceback, no
"Task exception was never retrieved", no CoreStats AssertionError."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

GOOD = ('[[source]]\nname = "local"\nhome = "http://127.0.0.1:9/"\n'
        'feeds = ["http://127.0.0.1:9/feed"]\nallow_private_addresses = true\n')
DEAD = "postgresql://nobody:x@127.0.0.1:9/none?connect_timeout=2"


def crawl(tmp_path, sources: str, database_url: str) -> subprocess.CompletedProcess:
    path = tmp_path / "sources.toml"
    path.write_text(sources)
    env = {**os.environ, "NEWSBOT_DATABASE_URL": database_url, "NEWSBOT_HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "worldnews", "-a",
                           f"sources={path}"], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("sources, database_url, message", [
    (GOOD.replace('feeds = ["http://127.0.0.1:9/feed"]', 'feeds = ["nope"]'), DEAD,
     "source 'local': field 'feeds'[0]: 'nope' is not an http(s) URL"),
    (GOOD + "colour = 'red'\n", DEAD, "colour"),
    (GOOD, DEAD, "the archive database is unavailable"),
    (GOOD, "not a url", "NEWSBOT_DATABASE_URL: 'not a url' is not a PostgreSQL URL"),
])
def test_a_crawl_that_cannot_start_fails_in_one_line(tmp_path, sources, database_url, message):
    result = crawl(tmp_path, sources, database_url)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("newsbot: ") and message in last, last
