"""Faults injected into real crawls, and what the archive lost or holds twice.

Starts its own PostgreSQL cluster and the fixture sites on 127.0.0.1, then:

- kill -9 of the crawl in mid-run, restarted with the same JOBDIR (N times);
- PostgreSQL stopped for 30 s in the middle of a crawl;
- 429/503 with Retry-After, a hanging page and a connection reset;
- 10,000 generated malformed pages through extraction (time per page reported);
- hostile titles and URLs (quotes, NUL bytes, 1 MB strings) through the writer.

Run from the repository root (about 3 minutes):

    .venv/bin/python -m benchmarks.faults
    .venv/bin/python -m benchmarks.faults --kills 5 --outage 45 --pages 10000

The last line is machine-readable:

    RESULT faults=<n> lost=<n> duplicated=<n> throttle_isolation=<ratio>

(``throttle_isolation``: a healthy site's throughput beside one answering 429
Retry-After 3600 over its throughput alone; see benchmarks/_throttle_isolation.py.)
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import psycopg
from psycopg import sql

from newsbot.archive.cluster import EmbeddedCluster
from newsbot.archive.migrate import migrate
from newsbot.archive.writer import ArchiveWriter, FetchContext
from newsbot.extraction import extract_article
from newsbot.extraction.article import Article
from newsbot.items import FetchedPage
from tests.faults.malformed import malformed_page
from tests.faults.scenarios import Damage, crash_and_resume, damage, database_outage
from tests.sites import FixtureSites
from tests.sites.throttling import ThrottlingSite
from tests.crawl.conftest import run_crawl
from benchmarks._throttle_isolation import throttle_isolation


def fresh_database(cluster: EmbeddedCluster, name: str) -> str:
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = cluster.url(name)
    migrate(url)
    return url


def throttling(cluster: EmbeddedCluster, work: Path) -> tuple[int, Damage]:
    url = fresh_database(cluster, "faults_throttling")
    with ThrottlingSite(hang_seconds=4) as site:
        sources = site.write_sources_toml(work / "throttling.toml")
        result = run_crawl(url, sources, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=2",
                           "-s", "NEWSBOT_RETRY_BACKOFF_BASE=0.5", timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"the throttling crawl failed:\n{result.log[-4000:]}")
    expected = {site.url(s) for s in ("retry-after-seconds", "retry-after-date", "reset-once")}
    # 429, 503 and the reset each once; the hanging page three times (then recorded).
    return 6, damage(url, expected)


def malformed(pages: int) -> tuple[int, Damage, str]:
    rng = random.Random(20261125)
    crashes, timings = 0, []
    for _ in range(pages):
        html = malformed_page(rng)
        started = time.perf_counter()
        try:
            extract_article(html, "https://news.example/2026/03/14/story")
        except Exception:  # counting crashes is the point here
            crashes += 1
        timings.append(time.perf_counter() - started)
    timings.sort()
    note = (f"median {statistics.median(timings) * 1000:.1f} ms, "
            f"p99 {timings[int(len(timings) * 0.99)] * 1000:.1f} ms, max {timings[-1] * 1000:.0f} ms")
    return pages, Damage(crashes, 0), note


def hostile(cluster: EmbeddedCluster) -> tuple[int, Damage]:
    from tests.faults.test_hostile_input import HOSTILE

    url = fresh_database(cluster, "faults_hostile")

    async def store_all() -> None:
        writer = await ArchiveWriter.open(url)
        try:
            for i, text in enumerate(HOSTILE):
                link = f"https://news.example/{i}?q={text[:500].replace(chr(0), '')}"
                article = Article(url=link, canonical_url=link, title=text,
                                  body=(text, f"Paragraph {i} of ordinary text."))
                page = FetchedPage("x", link, link, 200, {}, text.encode(),
                                   datetime.now(timezone.utc), "feed")
                await writer.store(article, page, FetchContext(None, None, "bench"))
        finally:
            await writer.close()

    asyncio.run(store_all())
    with psycopg.connect(url) as conn:
        titles = [r[0] for r in conn.execute("SELECT title FROM snapshots")]
    lost = sum(1 for text in HOSTILE if text.replace("\x00", "") not in titles)
    return len(HOSTILE), Damage(lost, len(titles) - len(HOSTILE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--outage", type=float, default=30.0)
    parser.add_argument("--pages", type=int, default=10_000)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsbot-faults-"))
    work.chmod(0o755)
    cluster = EmbeddedCluster(work / "pg")
    rows = []
    try:
        cluster.ensure_running()
        with FixtureSites() as sites:
            sources = sites.write_sources_toml(work / "sources.toml")
            expected = {a.url for a in sites.articles}
            url = fresh_database(cluster, "faults_crash")
            rows.append(("kill -9, resume with JOBDIR", args.kills,
                         crash_and_resume(url, sources, expected, work / "job", work / "crash.log",
                                          kill_after=8, kills=args.kills), ""))
            outage_url = fresh_database(cluster, "newsbot")
            result, stats = database_outage(cluster, sources, expected, work / "outage.log",
                                            outage_seconds=args.outage)
            rows.append((f"PostgreSQL down {args.outage:.0f} s mid-crawl", 1, result,
                         f"{stats.get('newsbot/store/spooled', 0)} items spooled"))
            assert outage_url == cluster.url()
        count, result = throttling(cluster, work)
        rows.append(("429/503 Retry-After, timeout, reset", count, result, ""))
        isolation = throttle_isolation(cluster, work)
        count, result, note = malformed(args.pages)
        rows.append(("malformed pages through extraction", count, result, note))
        count, result = hostile(cluster)
        rows.append(("hostile titles and URLs (SQL)", count, result, ""))
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)

    print("\n| fault | injected | lost | duplicated | note |\n|---|---|---|---|---|")
    for name, count, result, note in rows:
        print(f"| {name} | {count} | {result.lost} | {result.duplicated} | {note} |")
    print(f"RESULT faults={sum(r[1] for r in rows)} lost={sum(r[2].lost for r in rows)} "
          f"duplicated={sum(r[2].duplicated for r in rows)} "
          f"throttle_isolation={isolation.ratio:.2f}")


if __name__ == "__main__":
    main()
