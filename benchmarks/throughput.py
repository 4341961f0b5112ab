"""Throughput: bare Scrapy against the full newsbot pipeline, same site, same concurrency, one run.

Serves ``--pages`` article pages from ``benchmarks/fast_site.py`` (asyncio,
HTTP/1.1 keep-alive, a process of its own; each site lists its articles in a
sitemap index), then crawls them:

- ``bare``: ``benchmarks/_bare_crawl.py``, a plain Scrapy ``SitemapSpider``
  that follows the same sitemaps to the same pages with Scrapy's default
  settings: no newsbot add-on, middleware, extension or pipeline, and no
  database at all. One process.
- ``full``: ``scrapy crawl worldnews`` with the shipped settings (extraction
  in ``NEWSBOT_EXTRACT_WORKERS=auto`` processes, validate, templates, clean,
  dedupe, store) into a fresh database of a PostgreSQL cluster started for
  the run.
- ``profile`` (unless ``--no-profile``, and if py-spy is installed): the full
  crawl again, into another fresh database, under ``py-spy record
  --subprocesses``, for the per-stage table (``benchmarks/_stages.py``). Its
  timings are not used: py-spy slows what it samples.

Both crawls get the same settings through ``-s``: ``AUTOTHROTTLE_ENABLED=False
DOWNLOAD_DELAY=0 CONCURRENT_REQUESTS=32 CONCURRENT_REQUESTS_PER_DOMAIN=32``
(politeness off, as for any local benchmark) and ``CONCURRENT_ITEMS=2
ROBOTSTXT_OBEY=True COOKIES_ENABLED=False LOG_LEVEL=WARNING`` (as newsbot
ships them), so bare Scrapy runs with newsbot's concurrency.

Figures, per crawl:

- pages/s: article pages done (bare: fetched; full: stored) over the
  crawl's active time, from the spider opening to the last item leaving the
  pipelines (``benchmarks/crawl_clock.py``); and over the wall time of the
  whole process (start-up and shutdown included). ``ratio`` is full / bare
  on active time.
- CPU ms per article, summed over every process: the crawl process, its
  descendants (the extraction processes and the fork server they come
  from, which this process adopts and reaps) and the PostgreSQL server (postmaster and backends).
  The site's server is shown apart: it is not part of the crawl.
- peak RSS, sampled every 0.2 s: the crawl process plus its descendants,
  each process's resident pages counted in full (so pages the extraction
  processes share with their fork server count once per process), and
  beside it the same with shared pages counted once (PSS); PostgreSQL's is
  shown apart (its shared buffers count again in each backend).

Run from the repository root (install py-spy into the venv for the stage table):

    .venv/bin/python -m benchmarks.throughput                     # 3,000 pages
    .venv/bin/python -m benchmarks.throughput --pages 100000 --no-profile   # for peak RSS

The last line is machine-readable (``cpu_ms_per_article``, ``peak_rss_mb``
and ``peak_pss_mb`` of the full crawl):

    RESULT bare_pages_per_s=<n> full_pages_per_s=<n> ratio=<n> cpu_ms_per_article=<n> peak_rss_mb=<n> peak_pss_mb=<n>
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
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from benchmarks._services import Archive, adopt_orphans, run_measured, tree_rss
from benchmarks._stages import classify, table
from benchmarks.fast_site import FastSites

REPO = Path(__file__).resolve().parents[1]
# newsbot's values of the Scrapy settings it changes that decide concurrency and what is fetched.
SAME = ("AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS=32",
        "CONCURRENT_REQUESTS_PER_DOMAIN=32", "CONCURRENT_ITEMS=2", "ROBOTSTXT_OBEY=True",
        "COOKIES_ENABLED=False", "LOG_LEVEL=WARNING")
FULL_EXTENSIONS = ('EXTENSIONS={"benchmarks.stats_dump.DumpStats": 1000, '
                   '"benchmarks.crawl_clock.CrawlClock": 999}')


@dataclass
class Crawl:
    """One crawl process and what it cost."""

    mode: str
    stats: dict = field(default_factory=dict)
    articles: int = 0
    wall_s: float = 0.0
    crawl_cpu_s: float = 0.0     # the crawl process itself
    workers_cpu_s: float = 0.0   # its children: the extraction processes
    database_cpu_s: float = 0.0  # the PostgreSQL server
    server_cpu_s: float = 0.0    # the fast site
    peak_rss: int = 0
    peak_pss: int = 0
    peak_database_rss: int = 0

    @property
    def active_s(self) -> float:
        return float(self.stats["bench/last_done_at"]) - float(self.stats["bench/started_at"])

    @property
    def pages_per_s(self) -> float:
        return self.articles / self.active_s

    def ms_per_article(self, seconds: float) -> float:
        return 1000 * seconds / max(self.articles, 1)

    @property
    def cpu_ms_per_article(self) -> float:
        return self.ms_per_article(self.crawl_cpu_s + self.workers_cpu_s + self.database_cpu_s)


def run_crawl(mode: str, command: list[str], work: Path, env: dict[str, str], site_pid: int,
              archive: Archive) -> Crawl:
    """Run one crawl command to its end, sampling RSS; CPU of the crawl process and of its descendants."""
    crawl = Crawl(mode)
    site = psutil.Process(site_pid)
    site_cpu, database_cpu = sum(site.cpu_times()[:2]), archive.server_cpu()
    stats_file = work / f"{mode}.json"

    def sample(pid: int) -> None:
        crawl.peak_rss = max(crawl.peak_rss, tree_rss(pid))
        crawl.peak_pss = max(crawl.peak_pss, tree_rss(pid, proportional=True))
        crawl.peak_database_rss = max(crawl.peak_database_rss, archive.server_rss())

    with open(work / f"{mode}.log", "w") as log:
        cost = run_measured([*command, "-s", f"NEWSBOT_BENCH_STATS={stats_file}"], sample,
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log)
    crawl.wall_s, crawl.crawl_cpu_s, crawl.workers_cpu_s = cost.wall, cost.own_cpu, cost.descendants_cpu
    crawl.server_cpu_s = sum(site.cpu_times()[:2]) - site_cpu
    time.sleep(0.5)  # the postmaster reaps the crawl's backends
    crawl.database_cpu_s = archive.server_cpu() - database_cpu
    if cost.code != 0:
        log_text = (work / f"{mode}.log").read_text()[-4000:]
        raise RuntimeError(f"{mode} crawl exited with {cost.code}:\n{log_text}")
    crawl.stats = json.loads(stats_file.read_text())
    return crawl


def bare_command(sources: Path) -> list[str]:
    settings = [part for setting in SAME for part in ("-s", setting)]
    return [sys.executable, "-m", "benchmarks._bare_crawl", "--sources", str(sources), *settings]


def full_command(extra: tuple[str, ...], profile: Path | None = None) -> list[str]:
    settings = [part for setting in (*SAME, FULL_EXTENSIONS, *extra) for part in ("-s", setting)]
    command = [sys.executable, "-m", "scrapy", "crawl", "worldnews", *settings]
    if profile is not None:
        command = [_py_spy(), "record", "--subprocesses", "--nonblocking", "--format", "raw",
                   "-o", str(profile), "--", *command]
    return command


def _py_spy() -> str | None:
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


def report(crawl: Crawl) -> None:
    per = crawl.ms_per_article
    print(f"{crawl.mode:5} articles={crawl.articles:6d} active_s={crawl.active_s:6.1f} "
          f"wall_s={crawl.wall_s:6.1f} pages_per_s={crawl.pages_per_s:6.1f} "
          f"(on wall time {crawl.articles / crawl.wall_s:6.1f}) "
          f"peak_rss_mb={crawl.peak_rss / 2**20:.0f} (shared pages once: {crawl.peak_pss / 2**20:.0f}; "
          f"PostgreSQL {crawl.peak_database_rss / 2**20:.0f})\n"
          f"      cpu_ms_per_article={crawl.cpu_ms_per_article:.1f}: crawl process "
          f"{per(crawl.crawl_cpu_s):.1f}, extraction processes {per(crawl.workers_cpu_s):.1f}, "
          f"PostgreSQL {per(crawl.database_cpu_s):.1f} (and the site's server {per(crawl.server_cpu_s):.1f})",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", "--articles", type=int, default=3000,
                        help="article pages to serve (at least)")
    parser.add_argument("--lazy", action="store_true",
                        help="render pages on request (implied above 20,000 pages: less server memory)")
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy crawl (stage table)")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra Scrapy setting for the full crawls (experiments)")
    parser.add_argument("--modes", default="bare,full", help="bare, full or both")
    parser.add_argument("--keep-profile", type=Path, default=None,
                        help="copy the py-spy raw stacks here (benchmarks/_stages.py reads them)")
    args = parser.parse_args()
    modes = set(args.modes.split(","))
    work = Path(tempfile.mkdtemp(prefix="newsbot-throughput-"))
    env = {**os.environ, "NEWSBOT_HOME": str(work / "home"), "NEWSBOT_SOURCES": str(work / "sources.toml"),
           "NEWSBOT_SPOOL_DIR": str(work / "spool")}
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} "
          f"(shared with other work: timings vary)", flush=True)
    crawls: dict[str, Crawl] = {}
    try:
        with Archive() as archive, FastSites(args.pages, work / "sources.toml",
                                             lazy=args.lazy or args.pages > 20_000) as sites:
            adopt_orphans()  # after the cluster started: its postmaster is not this process's
            print(f"site: {sites.article_count} article pages on {len(sites.bases)} origins "
                  f"(benchmarks/fast_site.py); same settings for both: {' '.join(SAME)}", flush=True)
            if "bare" in modes:
                crawl = crawls["bare"] = run_crawl("bare", bare_command(work / "sources.toml"), work,
                                                   env, sites.pid, archive)
                crawl.articles = int(crawl.stats.get("item_scraped_count", 0))
                report(crawl)
            extra = tuple(args.set)
            if "full" in modes:
                full_env = {**env, "NEWSBOT_DATABASE_URL": archive.fresh("throughput_full")}
                crawl = crawls["full"] = run_crawl("full", full_command(extra), work, full_env,
                                                   sites.pid, archive)
                crawl.articles = archive.count(full_env["NEWSBOT_DATABASE_URL"], "articles")
                report(crawl)
                if not args.no_profile:
                    profile_stages(work, env, extra, sites.pid, archive, crawl, args.keep_profile)
            print(f"load average {os.getloadavg()[0]:.2f} at the end", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if {"bare", "full"} <= crawls.keys():
        bare, full = crawls["bare"], crawls["full"]
        ratio = full.pages_per_s / bare.pages_per_s
        print(f"RESULT bare_pages_per_s={bare.pages_per_s:.1f} full_pages_per_s={full.pages_per_s:.1f} "
              f"ratio={ratio:.3f} cpu_ms_per_article={full.cpu_ms_per_article:.1f} "
              f"peak_rss_mb={full.peak_rss / 2**20:.0f} peak_pss_mb={full.peak_pss / 2**20:.0f}")


def profile_stages(work: Path, env: dict[str, str], extra: tuple[str, ...], site_pid: int,
                   archive: Archive, full: Crawl, keep: Path | None = None) -> None:
    """The full crawl again under py-spy; its samples by stage, scaled to the unprofiled crawl's CPU."""
    if _py_spy() is None:
        print("per-stage table skipped: py-spy is not installed (.venv/bin/pip install py-spy)")
        return
    raw = work / "profile.raw"
    profile_env = {**env, "NEWSBOT_DATABASE_URL": archive.fresh("throughput_profile")}
    run_crawl("profile", full_command(extra, raw), work, profile_env, site_pid, archive)
    if keep is not None:
        shutil.copyfile(raw, keep)
    crawl_samples, worker_samples = classify(raw)
    print("where the CPU goes (py-spy samples of a second full crawl, as ms of the first's CPU per article)")
    print(table("crawl process", crawl_samples, full.ms_per_article(full.crawl_cpu_s)))
    print(table("extraction processes", worker_samples, full.ms_per_article(full.workers_cpu_s)))
    print(f"PostgreSQL server{'':24}{full.ms_per_article(full.database_cpu_s):19.2f}", flush=True)


if __name__ == "__main__":
    main()
