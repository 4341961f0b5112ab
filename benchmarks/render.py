"""JavaScript rendering: pages/s, and whether memory stays flat over 300 rendered pages.

Serves Lantern Live (tests/sites/jsnews.py: every article built by
JavaScript, half from inline JSON, half by XHR) on 127.0.0.1 with 300 articles
in its feed, and crawls it with `scrapy crawl worldnews` (render = "js", full
pipeline into a PostgreSQL cluster started for the run in a temporary
directory). Meanwhile it samples, every 100 ms, the RSS of the Scrapy process
plus all its descendants (Playwright's driver and every Chromium process),
and counts the article pages the browser has asked the site for.

Run from the repository root (needs Chromium: ./run installs it):

    .venv/bin/python -m benchmarks.render
    .venv/bin/python -m benchmarks.render --pages 100 --contexts 2   # a quick look

The table shows the memory around every 50th page; RSS "at page n" is the
median of the samples taken while pages n-10 to n were being fetched. The
last line is machine-readable:

    RESULT pages_per_s=<n> peak_rss_mb=<n> rss_growth_100_to_300=<fraction>

RSS is summed over processes, so memory that Chromium's processes share is
counted once per process: an upper bound, but a steady one to compare.
Example (2 cores shared with other jobs, Debian's Chromium 156 in its new
headless mode, 4 contexts; each page gets a fresh context, hence a fresh
renderer process, which is what bounds the speed):

    RESULT pages_per_s=1.7 peak_rss_mb=2193 rss_growth_100_to_300=-0.077
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from newsbot.archive.cluster import EmbeddedCluster
from newsbot.archive.migrate import migrate
from tests.sites.jsnews import JsNewsSite

REPO = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
SAMPLE_S = 0.1
WINDOW = 10
COMMON = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
          "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING")


@dataclass
class Sample:
    at_s: float
    pages: int  # article pages the site has served to the browser so far
    scrapy_bytes: int
    browser_bytes: int  # Playwright's driver and Chromium

    @property
    def total_bytes(self) -> int:
        return self.scrapy_bytes + self.browser_bytes


def rss_of(crawl: psutil.Process) -> tuple[int, int]:
    """RSS of the crawl process, and the sum over all its descendants."""
    own = crawl.memory_info().rss
    children = 0
    for child in crawl.children(recursive=True):
        try:
            children += child.memory_info().rss
        except psutil.Error:  # exited between listing and reading
            pass
    return own, children


def run(site: JsNewsSite, sources: Path, database_url: str, contexts: int
        ) -> tuple[list[Sample], dict, float]:
    stats_file = Path(tempfile.mkstemp(suffix=".json")[1])
    env = {**os.environ, "NEWSBOT_SOURCES": str(sources), "NEWSBOT_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "scrapy", "crawl", "worldnews", *COMMON,
               "-s", f"NEWSBOT_RENDER_MAX_CONTEXTS={contexts}",
               "-s", 'EXTENSIONS={"benchmarks.stats_dump.DumpStats": 1000}',
               "-s", f"NEWSBOT_BENCH_STATS={stats_file}"]
    samples: list[Sample] = []
    started = time.perf_counter()
    with subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True) as proc:
        crawl = psutil.Process(proc.pid)
        while proc.poll() is None:
            pages = len(site.served("/news/"))
            try:
                own, children = rss_of(crawl)
            except psutil.Error:  # the crawl has just exited
                break
            samples.append(Sample(time.perf_counter() - started, pages, own, children))
            time.sleep(SAMPLE_S)
        log = proc.stderr.read()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"the crawl failed (exit {proc.returncode}):\n{log[-4000:]}")
    return samples, json.loads(stats_file.read_text() or "{}"), wall


def rss_at(samples: list[Sample], page: int) -> float | None:
    """Median total RSS while pages page-WINDOW..page were being fetched."""
    window = [s.total_bytes for s in samples if page - WINDOW <= s.pages <= page]
    return statistics.median(window) if window else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--contexts", type=int, default=4, help="NEWSBOT_RENDER_MAX_CONTEXTS")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="newsbot-bench-pg-"))
    cluster = EmbeddedCluster(data_dir)
    try:
        cluster.ensure_running()
        url = cluster.url()
        migrate(url)
        with JsNewsSite(count=args.pages, feed_size=args.pages) as site:
            sources = site.write_sources_toml(data_dir / "sources.toml", render="js", section=False)
            samples, stats, wall = run(site, sources, url, args.contexts)
    finally:
        cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

    rendered = int(stats.get("newsbot/render/rendered", 0))
    elapsed = float(stats.get("elapsed_time_seconds") or wall)
    pages_per_s = rendered / elapsed
    peak = max(samples, key=lambda s: s.total_bytes)
    print(f"rendered {rendered} pages in {elapsed:.1f} s ({pages_per_s:.1f} pages/s), "
          f"stored {stats.get('newsbot/store/new_article', 0)}, "
          f"browser launches {stats.get('playwright/browser_count', 0)}, "
          f"contexts {stats.get('playwright/context_count', 0)} "
          f"(at most {stats.get('playwright/context_count/max_concurrent', 0)} at once)")
    lost = {key: value for key, value in stats.items()
            if key.startswith(("newsbot/validate/dropped/", "newsbot/render/failed/",
                               "newsbot/dedupe/", "newsbot/store/"))}
    print(f"where the pages went: {json.dumps(lost, sort_keys=True)}")
    print(f"{'page':>6} {'scrapy MiB':>11} {'browser MiB':>12} {'total MiB':>10}")
    for page in range(50, args.pages + 1, 50):
        window = [s for s in samples if page - WINDOW <= s.pages <= page]
        if window:
            mid = window[len(window) // 2]
            print(f"{page:>6} {mid.scrapy_bytes / MIB:>11.0f} {mid.browser_bytes / MIB:>12.0f} "
                  f"{rss_at(samples, page) / MIB:>10.0f}")
    print(f"peak: {peak.total_bytes / MIB:.0f} MiB at page {peak.pages} "
          f"(scrapy {peak.scrapy_bytes / MIB:.0f}, browser {peak.browser_bytes / MIB:.0f})")

    at_100, at_end = rss_at(samples, 100), rss_at(samples, args.pages)
    growth = (at_end - at_100) / at_100 if at_100 and at_end else float("nan")
    print(f"RESULT pages_per_s={pages_per_s:.1f} peak_rss_mb={peak.total_bytes / MIB:.0f} "
          f"rss_growth_100_to_{args.pages}={growth:.3f}")


if __name__ == "__main__":
    main()
