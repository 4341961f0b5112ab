"""Does one throttling site slow the others? A healthy site alone, then beside one asking for an hour.

Two local sites (tests/sites/pushback.py): "healthy" serves N articles from a
feed; "hourly", on another host name (127.0.0.2, so another download slot),
lists N articles and answers every one with 429 and ``Retry-After: 3600``.
The healthy site is crawled alone, then both together, each into an empty
archive. Its throughput is the articles it served divided by the time from
its first article request to its last; the figure is the ratio of the two:

    throttle_isolation = throughput beside the throttled site / throughput alone

1.0 means no effect; the target is at least 0.8. Before the pause moved into
the download slot, the retry middleware slept in ``process_response``: 104
articles in 420 s beside the hourly site against 599 in 10 s alone.

Run alone from the repository root (about a minute); ``benchmarks/faults.py``
runs it too and puts the figure on its RESULT line:

    .venv/bin/python -m benchmarks._throttle_isolation
    .venv/bin/python -m benchmarks._throttle_isolation --articles 600

The last line is machine-readable:

    RESULT throttle_isolation=<ratio> healthy_alone_per_s=<n> healthy_beside_per_s=<n>
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from newsbot.archive.cluster import EmbeddedCluster
from newsbot.archive.migrate import migrate
from tests.crawl.conftest import run_crawl, stat
from tests.sites.pushback import PushbackSite, write_sources


@dataclass(frozen=True)
class Isolation:
    alone_per_s: float
    beside_per_s: float
    healthy_stored: int
    hourly_requests: int
    deferred: int

    @property
    def ratio(self) -> float:
        return self.beside_per_s / self.alone_per_s if self.alone_per_s else 0.0


def _database(cluster: EmbeddedCluster, name: str) -> str:
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = cluster.url(name)
    migrate(url)
    return url


def _per_second(site: PushbackSite) -> float:
    times = site.article_times
    span = max(times) - min(times) if len(times) > 1 else 0.0
    return len(times) / span if span > 0 else 0.0


def throttle_isolation(cluster: EmbeddedCluster, work: Path, articles: int = 300,
                       timeout: float = 900) -> Isolation:
    """Crawl the healthy site alone, then beside the hourly one; see the module docstring."""
    with PushbackSite("healthy", articles) as healthy:
        result = run_crawl(_database(cluster, "throttle_alone"),
                           write_sources(work / "alone.toml", healthy), timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"the healthy-alone crawl failed:\n{result.log[-4000:]}")
        alone = _per_second(healthy)
    url = _database(cluster, "throttle_beside")
    with PushbackSite("healthy", articles) as healthy, \
            PushbackSite("hourly", articles, retry_after="3600", host="127.0.0.2") as hourly:
        result = run_crawl(url, write_sources(work / "beside.toml", healthy, hourly),
                           timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"the two-site crawl failed:\n{result.log[-4000:]}")
        beside = _per_second(healthy)
        hourly_requests = len(hourly.article_times)
    with psycopg.connect(url) as conn:
        stored, = conn.execute("SELECT count(*) FROM articles a JOIN sources s USING (source_id) "
                               "WHERE s.name = 'healthy'").fetchone()
    return Isolation(alone, beside, stored, hourly_requests,
                     stat(result.stats, "newsbot/retry/deferred"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsbot-throttle-"))
    work.chmod(0o755)
    cluster = EmbeddedCluster(work / "pg")
    try:
        cluster.ensure_running()
        found = throttle_isolation(cluster, work, args.articles)
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("\n| crawl | healthy articles/s |\n|---|---|")
    print(f"| healthy alone | {found.alone_per_s:.1f} |")
    print(f"| healthy beside the 429 Retry-After 3600 site | {found.beside_per_s:.1f} |")
    print(f"\nhealthy stored {found.healthy_stored}/{args.articles}; the hourly site got "
          f"{found.hourly_requests} article requests, {found.deferred} deferred to the next run")
    print(f"RESULT throttle_isolation={found.ratio:.2f} healthy_alone_per_s={found.alone_per_s:.1f} "
          f"healthy_beside_per_s={found.beside_per_s:.1f}")


if __name__ == "__main__":
    main()
