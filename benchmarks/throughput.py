"""Throughput: the full newsbot pipeline against bare Scrapy on one fast local site, then two workers.

Serves at least ``--articles`` article pages from ``benchmarks/fast_site.py``
(asyncio, HTTP/1.1 keep-alive, pages made before the crawl, a process of its
own), checks that the server is far faster than any crawl, then runs
``scrapy crawl worldnews`` three times against it, each into a fresh
database of a PostgreSQL cluster started for the run:

- ``bare``: no item pipelines and no archive lookups (the recrawl planner and
  the known-alias check are off): Scrapy fetching, the spider following
  links, nothing else. One process, so one core.
- ``full``: fetch, extract, validate, learn templates, clean, dedupe, store:
  one crawl process, extraction in a pool of ``--extract-workers`` processes
  (``NEWSBOT_EXTRACT_WORKERS``), so both cores work.
- ``two_workers``: the distributed mode (newsbot/distributed) with two
  worker processes and a Redis started for the run, each worker extracting
  in its own process.

Pages per second is responses over the crawl's active time: from the spider
opening (after the archive is connected and migrated) to the last response
or item leaving the pipelines; for two workers, from the first opening to
the last item. ``ratio`` is full / bare, measured in the same run on the same
pages. Peak RSS is sampled every 0.2 s: the crawl process plus its extraction
workers, per worker in distributed mode.

Settings changed for the benchmark, all through ``-s`` (newsbot/settings.py
is untouched): ``AUTOTHROTTLE_ENABLED=False``, ``DOWNLOAD_DELAY=0``,
``CONCURRENT_REQUESTS=32``, ``CONCURRENT_REQUESTS_PER_DOMAIN=32`` (politeness
off, as for any local benchmark), ``LOG_LEVEL=WARNING``; bare adds
``ITEM_PIPELINES={}``, ``NEWSBOT_RECRAWL_ENABLED=False``,
``NEWSBOT_DEDUPE_SKIP_ALIASES=False``; full adds ``NEWSBOT_EXTRACT_WORKERS``.

Run from the repository root (about 5 minutes at 10,000 articles):

    .venv/bin/python -m benchmarks.throughput                        # 10,000+ articles
    .venv/bin/python -m benchmarks.throughput --articles 2000        # a quick look
    .venv/bin/python -m benchmarks.throughput --rss-pages 100000     # and a 100,000-page crawl for RSS

With ``--rss-pages N``, after the three crawls one more full crawl of N
pages (pages rendered on request, nothing kept by the server) gives
``peak_rss_mb``; without it, ``peak_rss_mb`` is the highest of the three crawls.

The last line is machine-readable:

    RESULT bare_pages_per_s=<n> full_pages_per_s=<n> ratio=<n> two_workers_pages_per_s=<n> peak_rss_mb=<n>
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from benchmarks._services import Archive, RedisServer
from benchmarks.fast_site import FastSites

REPO = Path(__file__).resolve().parents[1]
COMMON = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
          "-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
          "-s", "LOG_LEVEL=WARNING",
          "-s", 'EXTENSIONS={"benchmarks.stats_dump.DumpStats": 1000, '
                '"benchmarks.crawl_clock.CrawlClock": 999}')
BARE = ("-s", "ITEM_PIPELINES={}", "-s", "NEWSBOT_RECRAWL_ENABLED=False",
        "-s", "NEWSBOT_DEDUPE_SKIP_ALIASES=False")


@dataclass
class Crawl:
    """One or more `scrapy crawl` processes started together, and what they reported."""

    mode: str
    stats: list[dict] = field(default_factory=list)
    peak_rss: list[int] = field(default_factory=list)
    wall_s: float = 0.0
    server_cpu_s: float = 0.0
    crawl_cpu_s: float = 0.0     # the crawl processes and their extraction workers
    database_cpu_s: float = 0.0  # the PostgreSQL server

    @property
    def pages(self) -> int:
        return sum(int(s.get("response_received_count", 0)) for s in self.stats)

    @property
    def active_s(self) -> float:
        return (max(float(s["bench/last_done_at"]) for s in self.stats)
                - min(float(s["bench/started_at"]) for s in self.stats))

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.active_s

    def stat(self, key: str) -> int:
        return sum(int(s.get(key, 0) or 0) for s in self.stats)


def run_crawls(mode: str, work: Path, env: dict[str, str], server_pid: int,
               argument_lists: list[tuple[str, ...]], extra: tuple[str, ...] = (),
               database_pid: int | None = None) -> Crawl:
    """Start one `scrapy crawl` per argument list at once, sample their RSS, wait for all."""
    crawl = Crawl(mode)
    server = psutil.Process(server_pid)
    server_cpu = sum(server.cpu_times()[:2])
    crawl_cpu = _children_cpu()
    database_cpu = _database_cpu(database_pid)
    processes, stats_files = [], []
    started = time.perf_counter()
    for number, arguments in enumerate(argument_lists):
        stats_file = work / f"{mode}-{number}.json"
        stats_files.append(stats_file)
        worker_env = {**env, "NEWSBOT_SPOOL_DIR": str(work / f"spool-{mode}-{number}")}
        with open(work / f"{mode}-{number}.log", "w") as log:
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "scrapy", "crawl", "worldnews", *COMMON, *extra, *arguments,
                 "-s", f"NEWSBOT_BENCH_STATS={stats_file}"],
                cwd=REPO, env=worker_env, stdout=subprocess.DEVNULL, stderr=log))
    peaks = [0] * len(processes)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for index, process in enumerate(processes):
                peaks[index] = max(peaks[index], _tree_rss(process.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    codes = [process.wait() for process in processes]
    done.set()
    sampler.join()
    crawl.wall_s = time.perf_counter() - started
    crawl.server_cpu_s = sum(server.cpu_times()[:2]) - server_cpu
    crawl.crawl_cpu_s = _children_cpu() - crawl_cpu
    # Backends end with the crawl's connections; the postmaster has reaped them by now.
    time.sleep(0.5)
    crawl.database_cpu_s = _database_cpu(database_pid) - database_cpu
    for number, code in enumerate(codes):
        if code != 0:
            log = (work / f"{mode}-{number}.log").read_text()[-4000:]
            raise RuntimeError(f"{mode} crawl {number} exited with {code}:\n{log}")
    crawl.stats = [json.loads(path.read_text()) for path in stats_files]
    crawl.peak_rss = peaks
    return crawl


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _database_cpu(postmaster_pid: int | None) -> float:
    """CPU seconds of the PostgreSQL server: the postmaster, its live and its ended backends."""
    if postmaster_pid is None:
        return 0.0
    try:
        postmaster = psutil.Process(postmaster_pid)
        total = sum(postmaster.cpu_times())  # user, system and reaped children's
        for child in postmaster.children():
            total += sum(child.cpu_times()[:2])
        return total
    except psutil.Error:
        return 0.0


def _tree_rss(pid: int) -> int:
    try:
        process = psutil.Process(pid)
        family = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for member in family:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def server_capacity(base: str, seconds: float = 2.0, connections: int = 32) -> float:
    """Requests per second the fast site answers to a keep-alive asyncio client."""
    host, port = base.removeprefix("http://").split(":")

    async def client(deadline: float) -> int:
        reader, writer = await asyncio.open_connection(host, int(port))
        request = f"GET /robots.txt HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
        served = 0
        while time.perf_counter() < deadline:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
            served += 1
        writer.close()
        return served

    async def load() -> int:
        deadline = time.perf_counter() + seconds
        return sum(await asyncio.gather(*(client(deadline) for _ in range(connections))))

    return asyncio.run(load()) / seconds


def report(crawl: Crawl, extra: str = "") -> None:
    rss = "+".join(f"{peak / 2**20:.0f}" for peak in crawl.peak_rss)
    per_page = 1000 / max(crawl.pages, 1)
    print(f"{crawl.mode:12} pages={crawl.pages:6d} active_s={crawl.active_s:7.1f} "
          f"wall_s={crawl.wall_s:7.1f} pages_per_s={crawl.pages_per_s:7.1f} "
          f"stored={crawl.stat('newsbot/store/new_article'):6d} peak_rss_mb={rss}{extra}\n"
          f"{'':12} cpu_ms_per_page: crawl={crawl.crawl_cpu_s * per_page:.1f} "
          f"database={crawl.database_cpu_s * per_page:.1f} "
          f"server={crawl.server_cpu_s * per_page:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--extract-workers", type=int, default=1,
                        help="NEWSBOT_EXTRACT_WORKERS of the one-process full crawl")
    parser.add_argument("--modes", default="bare,full,two_workers",
                        help="crawls to run, of bare, full, two_workers (the RESULT line needs all)")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra Scrapy setting for every crawl (experiments)")
    parser.add_argument("--rss-pages", type=int, default=0,
                        help="also crawl this many pages (full, one process) for peak RSS")
    args = parser.parse_args()

    modes = set(args.modes.split(","))
    extra = tuple(part for setting in args.set for part in ("-s", setting))
    work = Path(tempfile.mkdtemp(prefix="newsbot-throughput-"))
    env = {**os.environ, "NEWSBOT_HOME": str(work / "home"),
           "NEWSBOT_SOURCES": str(work / "sources.toml")}
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
    crawls: dict[str, Crawl] = {}
    try:
        with Archive() as archive, RedisServer() as redis_server, \
                FastSites(args.articles, work / "sources.toml") as sites:
            print(f"site: {sites.article_count} articles on {len(sites.bases)} origins "
                  f"(benchmarks/fast_site.py)", flush=True)
            capacity = server_capacity(next(iter(sites.bases.values())))
            print(f"server alone: {capacity:.0f} requests/s to 32 keep-alive connections "
                  "(client and server sharing the machine)", flush=True)
            if "bare" in modes:
                crawls["bare"] = run_crawls("bare", work, env, sites.pid, [BARE], extra,
                                            archive.postmaster_pid)
                report(crawls["bare"])
            if "full" in modes:
                full_env = {**env, "NEWSBOT_DATABASE_URL": archive.fresh("throughput_full")}
                crawls["full"] = run_crawls("full", work, full_env, sites.pid, [
                    ("-s", f"NEWSBOT_EXTRACT_WORKERS={args.extract_workers}")], extra,
                    archive.postmaster_pid)
                report(crawls["full"], f" extract_workers={args.extract_workers}")
                stored(archive, full_env)
            if "two_workers" in modes:
                two_env = {**env, "NEWSBOT_DATABASE_URL": archive.fresh("throughput_two"),
                           "NEWSBOT_DISTRIBUTED_ENABLED": "1", "NEWSBOT_REDIS_URL": redis_server.url}
                two = crawls["two_workers"] = run_crawls("two_workers", work, two_env, sites.pid, [
                    ("-s", "NEWSBOT_DISTRIBUTED_IDLE_CLOSE=2"),
                    ("-s", "NEWSBOT_DISTRIBUTED_IDLE_CLOSE=2")], extra, archive.postmaster_pid)
                split = "/".join(str(int(s.get("response_received_count", 0))) for s in two.stats)
                report(two, f" pages_per_worker={split}")
                stored(archive, two_env)
            peak_rss = max((peak for crawl in crawls.values() if crawl.mode != "bare"
                            for peak in crawl.peak_rss), default=0)
            if args.rss_pages:
                peak_rss = rss_crawl(args.rss_pages, archive, work, env, args.extract_workers, extra)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not {"bare", "full", "two_workers"} <= crawls.keys():
        return
    bare, full, two = crawls["bare"], crawls["full"], crawls["two_workers"]
    ratio = full.pages_per_s / bare.pages_per_s
    print(f"ratio full/bare={ratio:.3f}  two_workers/bare={two.pages_per_s / bare.pages_per_s:.3f}")
    print(f"RESULT bare_pages_per_s={bare.pages_per_s:.1f} full_pages_per_s={full.pages_per_s:.1f} "
          f"ratio={ratio:.3f} two_workers_pages_per_s={two.pages_per_s:.1f} "
          f"peak_rss_mb={peak_rss / 2**20:.0f}")


def stored(archive: Archive, env: dict[str, str]) -> None:
    url = env["NEWSBOT_DATABASE_URL"]
    print(f"{'':12} archive: {archive.count(url, 'articles')} articles, "
          f"{archive.count(url, 'snapshots')} snapshots", flush=True)


def rss_crawl(pages: int, archive: Archive, work: Path, env: dict[str, str],
              extract_workers: int, extra: tuple[str, ...] = ()) -> int:
    """One full crawl of ``pages`` article pages; returns its peak RSS (crawl plus extraction workers)."""
    sources = work / "sources-rss.toml"
    with FastSites(pages, sources, lazy=True) as sites:
        print(f"rss site: {sites.article_count} articles, rendered on request", flush=True)
        rss_env = {**env, "NEWSBOT_SOURCES": str(sources),
                   "NEWSBOT_DATABASE_URL": archive.fresh("throughput_rss")}
        crawl = run_crawls("rss", work, rss_env, sites.pid, [
            ("-s", f"NEWSBOT_EXTRACT_WORKERS={extract_workers}")], extra, archive.postmaster_pid)
        report(crawl, f" extract_workers={extract_workers}")
    return max(crawl.peak_rss)


if __name__ == "__main__":
    main()
