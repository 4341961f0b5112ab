"""Two distributed workers and one Redis crawl the fixture sites into one archive.

Both start at the same moment, as a cron line on two machines would start
them; one seeds the round, both fetch, and every article ends up stored
exactly once, fetched once.
"""

from __future__ import annotations

import psycopg
import pytest

from tests.conftest import SHARED
from tests.distributed.conftest import start_worker
from tests.sites import FixtureSites

# Few requests at a time per worker, so that the crawl outlasts a worker's
# start-up and the work is really shared; a short idle close for the test.
WORKER_SETTINGS = ("-s", "CONCURRENT_REQUESTS=2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
                   "-s", "NEWSBOT_DISTRIBUTED_IDLE_CLOSE=2")


@pytest.fixture(scope="module")
def sites():
    seed = SHARED / "seed"
    # Scale 4: ~150 articles, a few seconds of work for the seeder alone.
    with FixtureSites(scale=4, seed_dir=seed if seed.exists() else None) as running:
        yield running


@pytest.fixture(scope="module")
def crawl(module_database_url, sites, redis_url, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("workers")
    sources = sites.write_sources_toml(tmp_path / "sources.toml")
    workers = [start_worker(module_database_url, sources, redis_url, name, tmp_path,
                            *WORKER_SETTINGS) for name in ("worker-1", "worker-2")]
    for worker in workers:
        try:
            worker.wait(timeout=300)
        except Exception:
            for other in workers:
                other.kill()
            raise
    logs = [worker.log_path.read_text() for worker in workers]
    for worker, log in zip(workers, logs):
        assert worker.returncode == 0, log[-5000:]
    with psycopg.connect(module_database_url) as conn:
        runs = conn.execute("SELECT status, stats FROM crawl_runs ORDER BY run_id").fetchall()
    return runs, logs


def test_both_workers_finish_their_runs(crawl):
    runs, logs = crawl
    assert [status for status, _ in runs] == ["finished", "finished"], logs[0][-3000:]


def test_one_worker_seeds_the_round(crawl):
    runs, _ = crawl
    assert sorted(int(stats.get("newsbot/distributed/seeded", 0)) for _, stats in runs) == [0, 1]
    # The last worker out ends the round.
    assert sum(int(stats.get("newsbot/distributed/ended_round", 0)) for _, stats in runs) == 1


def test_every_article_is_stored_exactly_once(crawl, sites, module_database_url):
    expected = {article.url for article in sites.articles}
    with psycopg.connect(module_database_url) as conn:
        stored = [url for (url,) in conn.execute("SELECT canonical_url FROM articles")]
        snapshots = conn.execute("SELECT count(*) FROM snapshots").fetchone()[0]
        fetched_twice = conn.execute(
            "SELECT article_id FROM fetches GROUP BY article_id HAVING count(*) > 1").fetchall()
    assert sorted(stored) == sorted(expected)
    assert snapshots == len(expected)
    # No page was fetched by both workers: the dupefilter is shared.
    assert fetched_twice == []


def test_both_workers_fetched_pages(crawl):
    runs, _ = crawl
    for _, stats in runs:
        assert int(stats.get("response_received_count", 0)) > 0
        assert int(stats.get("newsbot/store/new_article", 0)) > 0
    assert sum(int(stats.get("newsbot/store/new_article", 0)) for _, stats in runs) > 0


def test_the_round_leaves_nothing_in_redis(crawl, redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        assert client.keys("newsbot:worldnews:*") == []
    finally:
        client.close()
