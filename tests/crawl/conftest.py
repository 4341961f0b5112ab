"""Fixtures for end-to-end crawls: the fixture sites, and `scrapy crawl` as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.conftest import REPO, SHARED
from tests.sites import FixtureSites

# Fast but still polite settings for loopback sites: no artificial delays.
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=INFO")


@dataclass
class CrawlResult:
    returncode: int
    log: str
    run_id: int | None
    stats: dict


def run_crawl(database_url: str, sources: Path, *args: str, timeout: float = 300,
              spider: str = "worldnews") -> CrawlResult:
    """Run ``scrapy crawl`` in a subprocess, as the nightly job does."""
    env = {**os.environ, "NEWSBOT_DATABASE_URL": database_url, "NEWSBOT_SOURCES": str(sources)}
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", spider, *FAST, *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    return finished_run(database_url, proc.returncode, proc.stderr)


def finished_run(database_url: str, returncode: int, log: str) -> CrawlResult:
    """A finished crawl's exit code and log, with the latest run's id and stats."""
    run_id, stats = None, {}
    try:
        with psycopg.connect(database_url) as conn:
            row = conn.execute(
                "SELECT run_id, stats FROM crawl_runs ORDER BY run_id DESC LIMIT 1").fetchone()
        if row:
            run_id, stats = row
    except psycopg.Error:
        pass
    return CrawlResult(returncode, log, run_id, stats)


@pytest.fixture(scope="session")
def fixture_sites():
    seed = SHARED / "seed"
    with FixtureSites(seed_dir=seed if seed.exists() else None) as sites:
        yield sites


@pytest.fixture(scope="session")
def sources_file(fixture_sites, tmp_path_factory):
    return fixture_sites.write_sources_toml(tmp_path_factory.mktemp("sources") / "sources.toml")


def stat(stats: dict, key: str) -> int:
    return int(stats.get(key, 0) or 0)


def dump(result: CrawlResult) -> str:
    return result.log[-6000:] + "\n" + json.dumps(result.stats, indent=1, default=str)[:4000]
