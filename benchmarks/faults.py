"""Faults injected into real crawls, and what the archive lost or holds twice.

Starts its own PostgreSQL clusters and local sites on 127.0.0.1 (the fast
site of benchmarks/fast_site.py with 1,000+ articles, the throttling
fixture site), then, each counted against the site's own list of articles:

- SIGKILL of the crawl at three random points (the last while a write is in
  flight), each time resumed with the documented command (the same
  ``scrapy crawl worldnews -s JOBDIR=<dir>``);
- poison items: a 4,000-character canonical URL and a too-large text,
  written directly and waiting in the spool: set aside, the rest stored;
- the database stopped while the spool's disk is full (a 256 KiB tmpfs):
  the crawl must stop and end failed, leave no .tmp file, and lose nothing
  once resumed;
- an operator's stop of the embedded cluster mid-crawl: it must stay
  stopped until started, and nothing is lost;
- a spool left by a crawl of another database: never written into this one;
- 429/503 with Retry-After, a hanging page and a connection reset;
- 10,000 generated malformed pages through extraction: a crash or a field
  whose reader raised (``Article.field_failures``) counts as lost;
- hostile titles and URLs (quotes, NUL bytes, 1 MB strings) through the writer.

Run from the repository root, as root (the full-disk scenario mounts a
tmpfs), about 10 minutes on a loaded 2-core machine:

    .venv/bin/python -m benchmarks.faults
    .venv/bin/python -m benchmarks.faults --articles 1000 --kills 3 --outage 20 --pages 10000

The last line is machine-readable:

    RESULT faults=<n> lost=<n> duplicated=<n> scenarios=<n> throttle_isolation=<ratio>

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
from benchmarks import _durability as durability
from benchmarks.fast_site import FastSites
from tests.faults.scenarios import Damage, damage
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
    crashes, field_failures, timings = 0, 0, []
    for _ in range(pages):
        html = malformed_page(rng)
        started = time.perf_counter()
        try:
            article = extract_article(html, "https://news.example/2026/03/14/story")
        except Exception:  # counting crashes is the point here
            crashes += 1
        else:
            # A field whose reader raised is a failure too (issue 13; the
            # field lands with h16's change, hence getattr).
            field_failures += bool(getattr(article, "field_failures", ()))
        timings.append(time.perf_counter() - started)
    timings.sort()
    note = (f"{crashes} crashed, {field_failures} with a field failure; "
            f"median {statistics.median(timings) * 1000:.1f} ms, "
            f"p99 {timings[int(len(timings) * 0.99)] * 1000:.1f} ms, max {timings[-1] * 1000:.0f} ms")
    return pages, Damage(crashes + field_failures, 0), note


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


class _Rows(list):
    """The table's rows, each printed as its scenario ends (a long run shows progress)."""

    def append(self, row) -> None:
        name, count, result, note = row
        print(f"{name}: injected {count}, lost {result.lost}, duplicated {result.duplicated}; "
              f"{note}", flush=True)
        super().append(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--outage", type=float, default=20.0)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsbot-faults-"))
    work.chmod(0o755)
    home = work / "home"
    cluster = EmbeddedCluster(work / "pg")
    embedded = EmbeddedCluster(home / "postgres")   # the operator's, under NEWSBOT_HOME
    other = EmbeddedCluster(work / "pg-other")      # another archive, for the spool scenario
    rng = random.Random(args.seed)
    rows = _Rows()
    try:
        for each in (cluster, embedded, other):
            each.ensure_running()
        for each in (embedded, other):
            migrate(each.url())
        with FastSites(articles=args.articles, sources=work / "sources.toml") as sites:
            sources = work / "sources.toml"
            expected = durability.site_article_urls(sites.bases)
            print(f"site: {len(expected)} articles", flush=True)
            url = fresh_database(cluster, "faults_kill")
            rows.append(("SIGKILL mid-crawl, resumed with JOBDIR",
                         *durability.sigkill_and_resume(url, sources, expected, work,
                                                        args.kills, rng)))
            rows.append(("poison items (4,000-char URL, too-large text)",
                         *durability.poison_items(fresh_database(cluster, "faults_poison"),
                                                  work / "poison-spool")))
            rows.append(("full spool disk during an outage",
                         *durability.full_spool_during_outage(
                             cluster, fresh_database(cluster, "faults_enospc"), sources,
                             expected, work)))
            rows.append(("operator stops the embedded cluster mid-crawl",
                         *durability.operator_stop(home, embedded, sources, expected, work,
                                                   args.outage)))
            rows.append(("spool left by a crawl of another database",
                         *durability.other_database_spool(cluster, other, sources, expected,
                                                          work)))
        count, result = throttling(cluster, work)
        rows.append(("429/503 Retry-After, timeout, reset", count, result, ""))
        isolation = throttle_isolation(cluster, work)
        rows.append(("malformed pages through extraction", *malformed(args.pages)))
        count, result = hostile(cluster)
        rows.append(("hostile titles and URLs (SQL)", count, result, ""))
    finally:
        for each in (cluster, embedded, other):
            each.stop()
        shutil.rmtree(work, ignore_errors=True)

    print("\n| fault | injected | lost | duplicated | note |\n|---|---|---|---|---|")
    for name, count, result, note in rows:
        print(f"| {name} | {count} | {result.lost} | {result.duplicated} | {note} |")
    print(f"RESULT faults={sum(r[1] for r in rows)} lost={sum(r[2].lost for r in rows)} "
          f"duplicated={sum(r[2].duplicated for r in rows)} scenarios={len(rows)} "
          f"throttle_isolation={isolation.ratio:.2f}")


if __name__ == "__main__":
    main()
