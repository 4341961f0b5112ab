"""Fixtures for rendered crawls: the JavaScript-only site, and `scrapy crawl` with its processes watched."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import psutil
import pytest

from tests.conftest import REPO
from tests.crawl.conftest import FAST, CrawlResult, finished_run
from tests.sites.jsnews import JsNewsSite

CHROMIUM = Path("/usr/bin/chromium")
_POLL_S = 0.05


@dataclass
class WatchedCrawl:
    result: CrawlResult
    # Names of every process the crawl started (Playwright's driver is "node",
    # the browser's are "chromium" or "chrome").
    process_names: set[str] = field(default_factory=set)

    @property
    def started_a_browser(self) -> bool:
        return any("chrom" in name for name in self.process_names)


@pytest.fixture(scope="session")
def jsnews():
    with JsNewsSite() as site:
        yield site


@pytest.fixture
def needs_chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (./run installs it)")


def run_watched_crawl(database_url: str, sources: Path, *args: str, timeout: float = 120,
                      on_poll: Callable[[list[psutil.Process]], None] | None = None) -> WatchedCrawl:
    """``scrapy crawl worldnews`` as the nightly job runs it, noting every process it starts.

    ``on_poll`` sees the crawl's descendant processes every 50 ms (a test may kill one).
    """
    env = {**os.environ, "NEWSBOT_DATABASE_URL": database_url, "NEWSBOT_SOURCES": str(sources)}
    names: set[str] = set()
    with subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "worldnews", *FAST, *args],
                          cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True) as proc:
        stderr: list[str] = []
        reader = _drain(proc, stderr)
        try:
            _watch(proc, names, time.monotonic() + timeout, on_poll)
        finally:
            if proc.poll() is None:
                proc.kill()
            reader.join()
    return WatchedCrawl(finished_run(database_url, proc.returncode, "".join(stderr)), names)


def _watch(proc: subprocess.Popen, names: set[str], deadline: float,
           on_poll: Callable[[list[psutil.Process]], None] | None) -> None:
    crawl = psutil.Process(proc.pid)
    while proc.poll() is None:
        if time.monotonic() > deadline:
            raise TimeoutError("the crawl took too long")
        try:
            children = crawl.children(recursive=True)
            names.update(child.name() for child in children)
        except psutil.Error:  # a child exited while being listed; look again next time
            children = []
        if on_poll is not None:
            on_poll(children)
        time.sleep(_POLL_S)


def _drain(proc: subprocess.Popen, into: list[str]) -> threading.Thread:
    """Read the crawl's log as it comes, so a full pipe never blocks it."""
    thread = threading.Thread(target=lambda: into.extend(proc.stderr), daemon=True)
    thread.start()
    return thread


