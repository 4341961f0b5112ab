"""Coordination a reader can neither take nor break, and that outlives a PostgreSQL restart."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from newsbot.archive.cluster import EmbeddedCluster
from newsbot.archive.migrate import _MIGRATION_LOCK_ID, migrate
from newsbot.scheduler import CrawlOutcome, CrawlRunner, load_schedule
from newsbot.scheduler.lease import Lease
from tests.conftest import REPO
from tests.reader_login import reader_login
from tests.operations.test_scheduler import crawl_logs, schedule_file, wait_for
from tests.sites.layoutchange import LayoutChangeSite


def test_a_reader_holding_every_advisory_key_blocks_neither_migrations_nor_jobs(
        database_url, tmp_path):
    with LayoutChangeSite() as site, reader_login(database_url) as reader_url:
        sources = site.write_sources_toml(tmp_path / "sources.toml")
        job, = load_schedule(schedule_file(tmp_path, sources)).jobs
        with psycopg.connect(reader_url, autocommit=True) as reader:
            for key in (_MIGRATION_LOCK_ID, job.lock_key):
                assert reader.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()[0]
            # A reader cannot write the lease table either.
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                reader.execute("INSERT INTO newsbot_leases (name, holder, expires_at) "
                               "VALUES ('job:x', 'reader', now() + interval '1 day')")
            with psycopg.connect(database_url, autocommit=True) as owner:
                owner.execute("UPDATE schema_views SET checksum = 'old' "
                              "WHERE name = 'latest_articles.sql'")
            assert migrate(database_url, lock_timeout=5) == []
            runner = CrawlRunner(database_url, REPO, stop_grace=30, log_dir=tmp_path / "crawl-logs")
            assert runner.run(job) is CrawlOutcome.FINISHED, crawl_logs(tmp_path)
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT checksum FROM schema_views WHERE name = 'latest_articles.sql'"
                            ).fetchone()[0] != "old"
        assert conn.execute("SELECT count(*) FROM newsbot_leases").fetchone()[0] == 0


@pytest.fixture
def own_cluster():
    """A cluster of this test's own: it gets restarted."""
    data_dir = Path(tempfile.mkdtemp(prefix="newsbot-lease-pg-"))
    cluster = EmbeddedCluster(data_dir)
    cluster.ensure_running()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def test_a_postgresql_restart_mid_job_does_not_let_a_second_scheduler_start_it(
        own_cluster, tmp_path):
    url = own_cluster.url()
    migrate(url)
    with LayoutChangeSite(delay=2.0) as site:
        sources = site.write_sources_toml(tmp_path / "sources.toml")
        job, = load_schedule(schedule_file(tmp_path, sources)).jobs
        first = CrawlRunner(url, REPO, stop_grace=60, log_dir=tmp_path / "crawl-logs")
        outcome = {}
        thread = threading.Thread(target=lambda: outcome.update(first=first.run(job)))
        thread.start()
        try:
            wait_for(lambda: site.article_requests() >= 1, 90, "the first crawl to fetch")
            own_cluster.stop()
            own_cluster.start()
            assert thread.is_alive(), "the first crawl ended before the restart"
            second = CrawlRunner(url, REPO, stop_grace=60)
            assert second.run(job) is CrawlOutcome.SKIPPED_LOCKED
            assert thread.is_alive()
        finally:
            first.stop_all()
            thread.join(timeout=120)
    with psycopg.connect(url) as conn:
        assert conn.execute(sql.SQL("SELECT count(*) FROM {}").format(
            sql.Identifier("newsbot_leases"))).fetchone()[0] == 0


def test_an_expired_lease_is_free_and_its_old_holder_learns_it_lost_it(database_url):
    from datetime import timedelta

    old = Lease(database_url, "job:expiring", ttl=timedelta(seconds=60))
    assert old.acquire()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE newsbot_leases SET expires_at = now() - interval '1 second'")
    new = Lease(database_url, "job:expiring")
    assert new.acquire()
    assert not old.held()
    old.release()
    assert new.held()
    new.release()


def test_a_reader_cannot_hold_up_dedupe_linking(database_url):
    import asyncio

    from newsbot.dedupe.archive import lock_fingerprint, lock_keys
    from newsbot.dedupe.signatures import fingerprint
    from tests.security.test_address_policy import WORDS

    story = fingerprint(WORDS * 3)

    async def link() -> None:
        async with await psycopg.AsyncConnection.connect(database_url) as conn:
            await conn.execute("SET lock_timeout = '2s'")
            async with conn.transaction():
                await lock_fingerprint(conn, story)

    with reader_login(database_url) as reader_url, \
            psycopg.connect(reader_url, autocommit=True) as reader:
        # The keys dedupe used to take as advisory locks (namespace "ddup").
        for key in lock_keys(story):
            reader.execute("SELECT pg_advisory_lock(%s, %s)", [0x64647570, key])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            reader.execute("SELECT bucket FROM dedupe_locks WHERE bucket = 0 FOR UPDATE")
        asyncio.run(link())
