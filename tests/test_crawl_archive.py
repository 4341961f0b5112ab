"""One archive per crawl: one pool, one outage state every stage reads; no database I/O in spiders."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

import psycopg
from scrapy.utils.test import get_crawler

from newsbot.archive.crawl_archive import ArchiveOutage, CrawlArchive
from newsbot.archive.writer import ArchiveWriter
from tests.conftest import REPO

DEAD = "postgresql://nobody:x@127.0.0.1:9/none?connect_timeout=1"


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_lost_archive_is_skipped_until_the_retry_time():
    clock = Clock()
    stats = get_crawler().stats
    outage = ArchiveOutage(retry_after=30, stats=stats, clock=clock)
    assert outage.available()
    outage.lost("known-alias lookup", psycopg.OperationalError("connection refused"))
    outage.lost("recrawl planning", psycopg.OperationalError("connection refused"))
    assert not outage.available()
    clock.now += 31
    assert outage.available()  # time for one stage to try again
    outage.back()
    assert outage.available() and not outage.down
    assert stats.get_value("newsbot/archive/outages") == 1


def test_while_the_store_spools_no_lookup_shortens_the_outage():
    clock = Clock()
    outage = ArchiveOutage(retry_after=30, clock=clock)
    outage.lost("store", psycopg.OperationalError("server closed the connection"), until_back=True)
    outage.lost("site templates", psycopg.OperationalError("timeout"))
    clock.now += 3600
    assert not outage.available()
    outage.back()  # the store's drain wrote the spool
    assert outage.available()


def test_ask_answers_the_default_when_the_archive_is_away_then_skips_it():
    async def scenario():
        writer = ArchiveWriter(psycopg_pool_for(DEAD))
        await writer.pool.open()
        archive = CrawlArchive.attached(writer)
        calls = []

        async def query(conn):
            calls.append(conn)
            return {"x": 1}

        first = await archive.ask("test", query, {}, timeout=0.5)
        second = await archive.ask("test", query, {}, timeout=0.5)
        await writer.pool.close()
        return first, second, calls, archive.outage.down

    first, second, calls, down = asyncio.run(scenario())
    assert (first, second, calls, down) == ({}, {}, [], True)


def test_ask_reads_through_the_one_pool(database_url):
    async def scenario():
        writer = await ArchiveWriter.open(database_url)
        archive = CrawlArchive.attached(writer)
        try:
            async def query(conn):
                return (await (await conn.execute("SELECT 41 + 1")).fetchone())[0]
            return await archive.ask("test", query, None)
        finally:
            await archive.close()

    assert asyncio.run(scenario()) == 42


def test_a_pooled_connection_the_server_dropped_costs_no_outage(database_url):
    """The pool tests no connection at checkout: a lookup that meets a dead
    one checks the pool and asks again, rather than skip the archive 30 s."""
    async def scenario():
        writer = await ArchiveWriter.open(database_url)
        archive = CrawlArchive.attached(writer)
        try:
            async def backend(conn):
                return (await (await conn.execute("SELECT pg_backend_pid()")).fetchone())[0]
            first = await archive.ask("test", backend, None)
            with psycopg.connect(database_url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (first,))
            second = await archive.ask("test", backend, None)
            return first, second, archive.outage.down
        finally:
            await archive.close()

    first, second, down = asyncio.run(scenario())
    assert second is not None and second != first
    assert not down


def psycopg_pool_for(url: str):
    from psycopg_pool import AsyncConnectionPool
    return AsyncConnectionPool(url, min_size=0, max_size=1, open=False, timeout=0.5)


def test_no_spider_module_talks_to_the_database():
    for path in sorted((Path(REPO) / "spiders").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(("psycopg", "newsbot.archive.database_url",
                                            "newsbot.archive.recrawl_queue")), (path.name, name)
