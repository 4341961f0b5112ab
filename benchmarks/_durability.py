"""The durability scenarios of benchmarks/faults.py, on a local site of 1,000+ articles.

Each returns ``(injected, Damage, note)``: how many faults it injected, the
articles lost and duplicated against the site's own list (every ``<loc>``
of its sitemaps), and a note for the table. A scenario whose crawl does not
end as documented (exit status, run status) raises: a fault that is not
injected must not read as a clean result.
"""

from __future__ import annotations

import asyncio
import random
import re
import signal
import string
import subprocess
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import psycopg

from benchmarks.fast_site import SITEMAP_INDEX
from newsbot.archive.cluster import EmbeddedCluster
from newsbot.archive.spool import SpooledItem
from newsbot.archive.spool_location import archive_spool
from newsbot.archive.spooling_store import SpoolingStore
from newsbot.archive.writer import ArchiveWriter, FetchContext, StoreEntry
from newsbot.extraction.article import Article
from newsbot.items import ArticleItem, FetchedPage
from tests.faults.scenarios import (Damage, damage, last_run_stats, start_crawl, stored_count,
                                   wait_for_articles)

# The documented resume command: the same `scrapy crawl` with the same JOBDIR.
RESUME_DOC = "scrapy crawl worldnews -s JOBDIR=<dir>"


def site_article_urls(bases: dict[str, str]) -> set[str]:
    """The sites' own list of articles: every <loc> of their sitemaps."""
    urls = set()
    for base in bases.values():
        index = urllib.request.urlopen(base + SITEMAP_INDEX).read().decode()
        for sitemap in re.findall(r"<loc>([^<]+)</loc>", index):
            page = urllib.request.urlopen(sitemap).read().decode()
            urls.update(re.findall(r"<loc>([^<]+)</loc>", page))
    return urls


def _write_in_progress(database_url: str) -> bool:
    with psycopg.connect(database_url, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL "
            "AND query ILIKE ANY (ARRAY['%%INSERT%%', '%%UPDATE%%'])").fetchone()[0] > 0


def _kill_during_write(database_url: str, crawl: subprocess.Popen, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and crawl.poll() is None:
        if _write_in_progress(database_url):
            crawl.send_signal(signal.SIGKILL)
            return True
    crawl.send_signal(signal.SIGKILL)
    return False


def sigkill_and_resume(database_url: str, sources: Path, expected: set[str], work: Path,
                       kills: int, rng: random.Random) -> tuple[int, Damage, str]:
    """SIGKILL at random points (the last one while a write is in flight), resume each time."""
    jobdir, log = work / "kill-job", work / "kill.log"
    points, during_write = [], False
    for n in range(kills):
        crawl = start_crawl(database_url, sources, "-s", f"JOBDIR={jobdir}", log=log)
        try:
            at = stored_count(database_url) + rng.randint(20, max(21, len(expected) // (kills + 2)))
            wait_for_articles(database_url, at, crawl, timeout=300)
            if n == kills - 1:
                during_write = _kill_during_write(database_url, crawl)
        finally:
            crawl.send_signal(signal.SIGKILL)
            crawl.wait()
        points.append(stored_count(database_url))
    final = start_crawl(database_url, sources, "-s", f"JOBDIR={jobdir}", log=log)
    if final.wait(timeout=900) != 0:
        raise RuntimeError(f"the resumed crawl failed; see {log}")
    note = (f"killed at {', '.join(map(str, points))} stored"
            f"{' (last one during a write)' if during_write else ' (no write caught)'}")
    return kills, damage(database_url, expected), note


# -- poison items ------------------------------------------------------------

def _item(url: str, body: str) -> ArticleItem:
    article = Article(url=url, canonical_url=url, title="Poison " + url[-12:], body=(body,))
    page = FetchedPage("poison", url, url, 200, {}, b"<html></html>",
                       datetime.now(timezone.utc), "feed")
    return ArticleItem(page, article)


def poison_items(database_url: str, spool_dir: Path) -> tuple[int, Damage, str]:
    """A 4,000-character URL and a too-large text, written directly and from the spool."""
    rng = random.Random(54000)
    long_url = "https://poison.example/" + "".join(rng.choice(string.ascii_letters)
                                                   for _ in range(4000))
    huge_text = " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(9))
                         for _ in range(130_000))
    poisons = [_item(long_url, "Ordinary text."), _item("https://poison.example/huge", huge_text)]
    good = [_item(f"https://poison.example/good-{n}", f"Good story {n} text.") for n in range(6)]
    counts: dict[str, int] = {}

    async def run() -> None:
        writer = await ArchiveWriter.open(database_url)

        async def write(batch: list[SpooledItem], replay: bool) -> list[str | Exception]:
            outcomes = await writer.store_batch(
                [StoreEntry(s.item.article, s.item.page, FetchContext(None, None, "bench"))
                 for s in batch], replay)
            return [o if isinstance(o, Exception) else o.value for o in outcomes]

        def count(event: str, n: int) -> None:
            counts[event] = counts.get(event, 0) + n
        try:
            spool = await archive_spool(writer, spool_dir, "poison", count)
            # As an earlier crawl during an outage would have left them.
            for item in [good[0], poisons[0], good[1], poisons[1], good[2]]:
                spool.put(SpooledItem(item, None))
            # Batches of five: each poison item is written inside a batch of good ones.
            store = SpoolingStore(write, spool, on_event=count, batch_size=5, batch_ms=1000)
            await store.drain()
            await asyncio.gather(*(store.store(item, None)
                                   for item in [good[3], poisons[0], good[4], poisons[1], good[5]]))
        finally:
            await writer.close()

    asyncio.run(run())
    with psycopg.connect(database_url) as conn:
        stored = [r[0] for r in conn.execute(
            "SELECT canonical_url FROM articles WHERE canonical_url LIKE 'https://poison.example/%'")]
    expected = {item.article.url for item in good}
    # A poison item not set aside, or a good one missing (set aside with its batch), is lost.
    lost = len(expected - set(stored)) + max(0, 4 - counts.get("rejected", 0))
    wrongly_stored = len(set(stored) - expected)
    note = (f"{counts.get('rejected', 0)} set aside "
            f"({', '.join(f'{k[9:]}={v}' for k, v in counts.items() if k.startswith('rejected/'))})")
    return 4, Damage(lost, wrongly_stored + len(stored) - len(set(stored))), note


# -- the database away, with a full spool, with an operator's stop -----------

def _tiny_filesystem(path: Path, size: str = "256k") -> None:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)


def _last_run(database_url: str) -> tuple[str, str | None]:
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT status, finish_reason FROM crawl_runs "
                            "ORDER BY run_id DESC LIMIT 1").fetchone()


def full_spool_during_outage(cluster: EmbeddedCluster, database_url: str, sources: Path,
                             expected: set[str], work: Path, stop_after: int = 50,
                             crawl_args: tuple[str, ...] = ()) -> tuple[int, Damage, str]:
    """The database stops; the spool's disk is 256 KiB. The crawl must stop, not discard.

    ``crawl_args`` (more ``-s`` options) can slow a crawl of a small site, so
    that it is still fetching when the database stops.
    """
    spool, jobdir, log = work / "tiny-spool", work / "enospc-job", work / "enospc.log"
    _tiny_filesystem(spool)
    try:
        crawl = start_crawl(database_url, sources, "-s", f"JOBDIR={jobdir}",
                            "-s", f"NEWSBOT_SPOOL_DIR={spool}",
                            "-s", "NEWSBOT_STORE_DRAIN_TIMEOUT=120", *crawl_args, log=log)
        wait_for_articles(database_url, stop_after, crawl, timeout=300)
        cluster.stop()
        # The crawl stops itself once the spool is full; then the database comes back.
        deadline = time.monotonic() + 120
        while "spool_unwritable" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        stopped_itself = "spool_unwritable" in log.read_text()
        cluster.start()
        code = crawl.wait(timeout=300)
        litter = len(list(spool.rglob("*.tmp")))
        status, reason = _last_run(database_url)
        if not stopped_itself or code == 0 or status != "failed":
            raise RuntimeError(f"the full spool did not fail the crawl (exit {code}, run {status}); "
                               f"see {log}")
        # The operator frees space (a normal spool) and resumes the job.
        resumed = start_crawl(database_url, sources, "-s", f"JOBDIR={jobdir}",
                              "-s", f"NEWSBOT_SPOOL_DIR={work / 'spool'}", log=log)
        if resumed.wait(timeout=900) != 0:
            raise RuntimeError(f"the resumed crawl failed; see {log}")
    finally:
        subprocess.run(["umount", "-l", str(spool)], check=False)
    note = f"exit {code}, run {status} ({(reason or '')[:40]}...), {litter} .tmp left; resumed"
    result = damage(database_url, expected)
    result.lost += litter
    return 1, result, note


def operator_stop(home: Path, cluster: EmbeddedCluster, sources: Path, expected: set[str],
                  work: Path, outage: float) -> tuple[int, Damage, str]:
    """`newsbot db stop` mid-crawl of the embedded cluster: it must stay stopped until started."""
    log = work / "operator.log"
    env = {"NEWSBOT_HOME": str(home), "NEWSBOT_SPOOL_DIR": str(work / "operator-spool")}
    url = cluster.url()
    crawl = start_crawl(None, sources, "-s", "NEWSBOT_STORE_DRAIN_TIMEOUT=300", log=log, env=env)
    try:
        wait_for_articles(url, 50, crawl, timeout=300)
        cluster.stop()
        restarted = 0
        deadline = time.monotonic() + outage
        while time.monotonic() < deadline:
            restarted += cluster.is_running()
            time.sleep(1)
        if restarted:
            cluster.stop()
        cluster.start()
        if crawl.wait(timeout=900) != 0:
            raise RuntimeError(f"the crawl failed after the operator's stop; see {log}")
    finally:
        if crawl.poll() is None:
            crawl.kill()
    stats = last_run_stats(url)
    result = damage(url, expected)
    result.lost += restarted and 1  # a restart behind the operator's back is a fault not handled
    note = (f"stopped {outage:.0f} s, {'RESTARTED mid-crawl, ' if restarted else 'stayed stopped, '}"
            f"{stats.get('newsbot/store/spooled', 0)} spooled")
    return 1, result, note


def other_database_spool(cluster: EmbeddedCluster, other: EmbeddedCluster, sources: Path,
                         expected: set[str], work: Path) -> tuple[int, Damage, str]:
    """A crawl of archive A leaves a spool (A is down); a crawl of archive B must not take it."""
    spool, log = work / "shared-spool", work / "other.log"
    a_url, b_url = other.url(), _fresh(cluster, "faults_other_b")
    crawl = start_crawl(a_url, sources, "-s", f"NEWSBOT_SPOOL_DIR={spool}",
                        "-s", "NEWSBOT_STORE_DRAIN_TIMEOUT=2", log=log)
    wait_for_articles(a_url, 20, crawl, timeout=300)
    other.stop()
    crawl.wait(timeout=900)
    left = len(list(spool.rglob("*.json")))
    # B, with no pages of its own to fetch (listings off), under the same spool folder.
    b = start_crawl(b_url, sources, "-a", "listings=off", "-s", f"NEWSBOT_SPOOL_DIR={spool}", log=log)
    b.wait(timeout=300)
    with psycopg.connect(b_url) as conn:
        misplaced = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    # A is back: its next crawl writes its own spool, then finishes its sites.
    other.start()
    again = start_crawl(a_url, sources, "-s", f"NEWSBOT_SPOOL_DIR={spool}", log=log)
    if again.wait(timeout=900) != 0:
        raise RuntimeError(f"archive A's next crawl failed; see {log}")
    result = damage(a_url, expected)
    result.duplicated += misplaced
    return 1, result, f"{left} left spooled for A, {misplaced} written into B"


def _fresh(cluster: EmbeddedCluster, name: str) -> str:
    from benchmarks.faults import fresh_database
    return fresh_database(cluster, name)
