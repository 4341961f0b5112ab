"""Crawl speed: bare Scrapy fetching versus the full newsbot pipeline.

Serves the fixture sites scaled up on 127.0.0.1, then crawls them twice with
`scrapy crawl worldnews` in a subprocess: once bare (fetch only, no item
pipelines) and once full (extract, validate, clean, store into a PostgreSQL
cluster started for the run in a temporary directory). Prints pages/s for
each and the ratio full/bare.

Run from the repository root:

    .venv/bin/python -m benchmarks.crawl               # scale 70: > 2,000 articles
    .venv/bin/python -m benchmarks.crawl --scale 10    # a quick look

The last line is machine-readable:

    RESULT bare_pages_per_s=<n> full_pages_per_s=<n> ratio=<n>
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from newsbot.archive.cluster import EmbeddedCluster
from newsbot.archive.migrate import migrate
from tests.sites import FixtureSites

REPO = Path(__file__).resolve().parents[1]
COMMON = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
          "-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
          "-s", "LOG_LEVEL=WARNING")


def crawl(sources: Path, database_url: str | None, *extra: str) -> tuple[dict, float]:
    env = {**os.environ, "NEWSBOT_SOURCES": str(sources)}
    if database_url:
        env["NEWSBOT_DATABASE_URL"] = database_url
    stats_file = Path(tempfile.mkstemp(suffix=".json")[1])
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "worldnews", *COMMON, *extra,
         "-s", "STATS_DUMP=True", "-s", f"NEWSBOT_BENCH_STATS={stats_file}"],
        cwd=REPO, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    return json.loads(stats_file.read_text() or "{}"), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=70)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="newsbot-bench-pg-"))
    cluster = EmbeddedCluster(data_dir)
    try:
        cluster.ensure_running()
        url = cluster.url()
        migrate(url)
        with FixtureSites(scale=args.scale) as sites:
            sources = sites.write_sources_toml(data_dir / "sources.toml")
            print(f"fixture sites: {len(sites.articles)} articles at scale {args.scale}")
            results = {}
            for mode, extra, db in (
                ("bare", ("-s", "ITEM_PIPELINES={}", "-s", "NEWSBOT_RECRAWL_ENABLED=False"), None),
                ("full", (), url),
            ):
                stats, wall = crawl(sources, db, *extra,
                                    "-s", "EXTENSIONS={\"benchmarks.stats_dump.DumpStats\": 1000}")
                pages = int(stats.get("response_received_count", 0))
                elapsed = float(stats.get("elapsed_time_seconds") or wall)
                results[mode] = pages / elapsed
                print(f"{mode:5} pages={pages:6d} crawl_s={elapsed:7.1f} wall_s={wall:7.1f} "
                      f"pages_per_s={results[mode]:8.1f} stored={stats.get('newsbot/store/new_article', 0)}")
        with psycopg.connect(url) as conn:
            stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        print(f"articles in the archive after the full crawl: {stored}")
    finally:
        cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    ratio = results["full"] / results["bare"]
    print(f"RESULT bare_pages_per_s={results['bare']:.1f} "
          f"full_pages_per_s={results['full']:.1f} ratio={ratio:.3f}")


if __name__ == "__main__":
    main()
