"""Fault scenarios shared by the fault tests and benchmarks/faults.py.

Each runs real `scrapy crawl` processes against the fixture sites and a real
PostgreSQL, injects one fault, and reports what the archive lost or holds
twice, measured against the fixture sites' list of expected articles.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.conftest import REPO

# Slow enough that a fault lands in the middle of the crawl. Small batches:
# pages extracted in a burst (workers warming up) would otherwise commit most
# of a small site at once, and the fault would land after it.
PACED = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0.02",
         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "LOG_LEVEL=INFO",
         "-s", "NEWSBOT_STORE_BATCH_SIZE=4")


@dataclass
class Damage:
    lost: int
    duplicated: int
    detail: str = ""


def start_crawl(database_url: str | None, sources: Path, *args: str, log: Path,
                env: dict[str, str] | None = None) -> subprocess.Popen:
    """``scrapy crawl worldnews``; ``database_url`` None means the embedded cluster of
    ``NEWSBOT_HOME`` (in ``env``), as an operator runs it."""
    env = {**os.environ, "NEWSBOT_SOURCES": str(sources), **(env or {})}
    if database_url is None:
        env.pop("NEWSBOT_DATABASE_URL", None)
    else:
        env["NEWSBOT_DATABASE_URL"] = database_url
    return subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "worldnews", *PACED, *args],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=open(log, "ab"))


def stored_count(database_url: str) -> int:
    try:
        with psycopg.connect(database_url, connect_timeout=2) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except psycopg.OperationalError:
        return -1


def wait_for_articles(database_url: str, at_least: int, process: subprocess.Popen,
                      timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while stored_count(database_url) < at_least:
        if process.poll() is not None:
            raise RuntimeError(f"crawl ended (exit {process.returncode}) before the fault")
        if time.monotonic() > deadline:
            raise TimeoutError(f"fewer than {at_least} articles after {timeout} s")
        time.sleep(0.05)


def last_run_stats(database_url: str) -> dict:
    """The stats the newest crawl run recorded."""
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT stats FROM crawl_runs ORDER BY run_id DESC LIMIT 1").fetchone()[0]


def damage(database_url: str, expected_urls: set[str]) -> Damage:
    with psycopg.connect(database_url) as conn:
        stored = [r[0] for r in conn.execute("SELECT canonical_url FROM articles")]
        versions = conn.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    lost = expected_urls - set(stored)
    # Fixture pages never change: any second version of one is a duplicate.
    duplicated = (len(stored) - len(set(stored))) + (versions - len(stored))
    return Damage(len(lost), duplicated, ", ".join(sorted(lost)[:5]))


def crash_and_resume(database_url: str, sources: Path, expected_urls: set[str], jobdir: Path,
                     log: Path, kill_after: int = 10, kills: int = 1) -> Damage:
    """kill -9 the crawl after ``kill_after`` more articles, ``kills`` times, then let it finish."""
    for _ in range(kills):
        crawl = start_crawl(database_url, sources, "-s", f"JOBDIR={jobdir}", log=log)
        try:
            wait_for_articles(database_url, stored_count(database_url) + kill_after, crawl)
        finally:
            crawl.send_signal(signal.SIGKILL)
            crawl.wait()
    final = start_crawl(database_url, sources, "-s", f"JOBDIR={jobdir}", log=log)
    if final.wait(timeout=300) != 0:
        raise RuntimeError(f"resumed crawl failed; see {log}")
    return damage(database_url, expected_urls)


def database_outage(cluster, sources: Path, expected_urls: set[str], log: Path,
                    outage_seconds: float = 30, stop_after: int = 5) -> tuple[Damage, dict]:
    """Stop PostgreSQL for ``outage_seconds`` in the middle of a crawl, then start it again."""
    url = cluster.url()
    crawl = start_crawl(url, sources, "-s", f"NEWSBOT_SPOOL_DIR={log.parent / 'spool'}",
                        "-s", "NEWSBOT_STORE_DRAIN_TIMEOUT=180", log=log)
    try:
        wait_for_articles(url, stop_after, crawl)
        cluster.stop()
        time.sleep(outage_seconds)
        cluster.start()
        if crawl.wait(timeout=400) != 0:
            raise RuntimeError(f"crawl failed after the outage; see {log}")
    finally:
        if crawl.poll() is None:
            crawl.kill()
    return damage(url, expected_urls), last_run_stats(url)
