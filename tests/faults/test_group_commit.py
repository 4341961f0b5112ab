"""Group commit: a batch of items is one transaction, and keeps every guarantee of one item.

Against the real PostgreSQL of the test run: a batch's rows share one
transaction id (``xmin``); an item the database refuses is set aside alone;
a connection lost in the middle of a batch spools the whole batch, which is
later written once; a commit whose answer was lost is not written twice.
"""

from __future__ import annotations

import asyncio

import psycopg

from newsbot.archive.spool import Spool
from newsbot.archive.spool_location import archive_spool
from newsbot.archive.spooling_store import SpoolingStore
from newsbot.archive.writer import ArchiveWriter, StoreOutcome
from tests.faults.test_spool import batch_writer, long_random_url, make_item, stored_urls


def counter():
    counts: dict[str, int] = {}

    def count(event: str, n: int) -> None:
        counts[event] = counts.get(event, 0) + n
    return counts, count


async def store_together(writer: ArchiveWriter, spool: Spool, items, count, **options):
    """Hand every item to one store at once, as a crawl's concurrent items are;
    each batch written is counted as ``batch`` (with ``count``)."""
    write = batch_writer(writer)

    async def counted(batch, replay):
        count("batch", 1)
        return await write(batch, replay)

    store = SpoolingStore(counted, spool, on_event=count, **options)
    outcomes = await asyncio.gather(*(store.store(item, None) for item in items))
    assert await store.wait_until_drained(30)
    return outcomes


def table(database_url: str, query: str) -> list[tuple]:
    with psycopg.connect(database_url) as conn:
        return conn.execute(query).fetchall()


def transactions(database_url: str, table_name: str) -> int:
    """How many transactions wrote the table's rows (the ids that last wrote them)."""
    return table(database_url, f"SELECT count(DISTINCT xmin::text) FROM {table_name}")[0][0]


def test_a_batch_of_items_is_one_transaction(database_url, tmp_path):
    items = [make_item(n) for n in range(6)]

    async def scenario():
        writer = await ArchiveWriter.open(database_url)
        try:
            counts, count = counter()
            spool = await archive_spool(writer, tmp_path, "worldnews", count)
            return await store_together(writer, spool, items, count,
                                        batch_size=6, batch_ms=60_000)
        finally:
            await writer.close()

    outcomes = asyncio.run(scenario())
    assert outcomes == ["new_article"] * 6
    assert len(stored_urls(database_url)) == 6
    for name in ("articles", "snapshots", "fetches"):
        assert transactions(database_url, name) == 1, name


def test_a_batch_waits_no_longer_than_its_time_then_goes_alone(database_url, tmp_path):
    async def scenario():
        writer = await ArchiveWriter.open(database_url)
        try:
            counts, count = counter()
            spool = await archive_spool(writer, tmp_path, "worldnews", count)
            # Not full (100), written when its first item has waited 20 ms.
            return await store_together(writer, spool, [make_item(1), make_item(2)], count,
                                        batch_size=100, batch_ms=20)
        finally:
            await writer.close()

    assert asyncio.run(scenario()) == ["new_article", "new_article"]
    assert transactions(database_url, "articles") == 1


def test_a_refused_item_is_set_aside_alone_and_the_rest_of_its_batch_is_stored(database_url,
                                                                            tmp_path):
    poison = make_item(0, url=long_random_url())
    items = [make_item(1), poison, make_item(2), make_item(3)]

    async def scenario():
        writer = await ArchiveWriter.open(database_url)
        try:
            counts, count = counter()
            spool = await archive_spool(writer, tmp_path, "worldnews", count)
            outcomes = await store_together(writer, spool, items, count,
                                            batch_size=4, batch_ms=60_000)
            return outcomes, counts, spool
        finally:
            await writer.close()

    outcomes, counts, spool = asyncio.run(scenario())
    assert outcomes == ["new_article", "rejected", "new_article", "new_article"]
    assert stored_urls(database_url) == {items[n].article.url for n in (0, 2, 3)}
    # One batch (written again item by item, each in a savepoint of one transaction).
    assert counts == {"batch": 1, "rejected": 1, "rejected/ProgramLimitExceeded": 1}
    assert len(spool.rejected()) == 1 and not spool.pending()


class DroppedMidBatch(ArchiveWriter):
    """A writer whose server connection is killed after ``after`` items of a batch,
    ``times`` times (as a PostgreSQL restart does): a real outage, mid-transaction."""

    def __init__(self, pool, after: int = 2, times: int = 2):
        super().__init__(pool)
        self.after, self.times, self.written = after, times, 0

    async def _store_one(self, conn, entry, replay=False):
        if self.times and self.written == self.after:
            self.times -= 1
            self.written = 0
            await conn.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        self.written += 1
        return await super()._store_one(conn, entry, replay)

    async def _store_batch_once(self, entries, replay, on_event):
        self.written = 0
        return await super()._store_batch_once(entries, replay, on_event)


def test_an_outage_mid_batch_spools_the_whole_batch_then_writes_each_item_once(database_url,
                                                                              tmp_path):
    items = [make_item(n) for n in range(5)]

    async def scenario():
        opened = await ArchiveWriter.open(database_url)
        # Killed on the first try and on the store's immediate second one.
        writer = DroppedMidBatch(opened.pool, after=2, times=2)
        try:
            counts, count = counter()
            spool = await archive_spool(writer, tmp_path, "worldnews", count)
            outcomes = await store_together(writer, spool, items, count, batch_size=5,
                                            batch_ms=60_000, retry_interval=0.05)
            return outcomes, counts
        finally:
            await writer.close()

    outcomes, counts = asyncio.run(scenario())
    assert outcomes == ["spooled"] * 5
    # The drain may meet the database still recovering and try again: batches >= 2.
    assert (counts["spooled"], counts["unspooled"]) == (5, 5) and counts["batch"] >= 2
    # Nothing of the cut batch was committed; each item then stored exactly once.
    assert stored_urls(database_url) == {item.article.url for item in items}
    assert table(database_url, "SELECT count(*) FROM snapshots") == [(5,)]
    assert table(database_url, "SELECT count(*) FROM fetches") == [(5,)]


class AnswerLost(ArchiveWriter):
    """A writer whose first batch commits, then its connection drops before the answer."""

    lost = False

    async def _store_batch_once(self, entries, replay, on_event):
        outcomes = await super()._store_batch_once(entries, replay, on_event)
        if not self.lost:
            self.lost = True
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return outcomes


def test_a_batch_whose_commit_answer_was_lost_is_not_written_twice(database_url):
    from newsbot.archive.writer import FetchContext, StoreEntry

    items = [make_item(n) for n in range(3)]
    events: list[str] = []

    async def scenario():
        opened = await ArchiveWriter.open(database_url)
        writer = AnswerLost(opened.pool)
        try:
            entries = [StoreEntry(i.article, i.page, FetchContext(None, None, "test"))
                       for i in items]
            return await writer.store_batch(entries, on_event=events.append)
        finally:
            await writer.close()

    assert asyncio.run(scenario()) == [StoreOutcome.ALREADY_STORED] * 3
    assert events == ["reconnected"]
    assert table(database_url, "SELECT count(*) FROM snapshots") == [(3,)]
    # One fetch each: the second writing found the first committed.
    assert table(database_url, "SELECT count(*), count(DISTINCT url) FROM fetches") == [(3, 3)]
    assert table(database_url, "SELECT sum(fetch_count) FROM articles") == [(3,)]


def test_an_item_that_fails_its_whole_batch_is_narrowed_down_and_set_aside(database_url,
                                                                          tmp_path):
    """Not refused by the database but unwritable all the same (it breaks the
    hand-over, before any SQL): the batch is written item by item, and only
    that item is set aside."""
    items = [make_item(n) for n in range(4)]
    broken = items[2].article.url

    async def scenario():
        writer = await ArchiveWriter.open(database_url)
        write = batch_writer(writer)

        async def hand_over(batch, replay):
            if any(s.item.article.url == broken for s in batch):
                raise ValueError("cannot hand this item over")
            return await write(batch, replay)

        try:
            counts, count = counter()
            spool = await archive_spool(writer, tmp_path, "worldnews", count)
            store = SpoolingStore(hand_over, spool, on_event=count, batch_size=4,
                                  batch_ms=60_000)
            outcomes = await asyncio.gather(*(store.store(item, None) for item in items))
            return outcomes, counts, spool
        finally:
            await writer.close()

    outcomes, counts, spool = asyncio.run(scenario())
    assert outcomes == ["new_article", "new_article", "rejected", "new_article"]
    assert stored_urls(database_url) == {items[n].article.url for n in (0, 1, 3)}
    assert counts == {"rejected": 1, "rejected/ValueError": 1}
    assert len(spool.rejected()) == 1 and not spool.pending()


def test_a_spooled_item_already_stored_is_not_recorded_again(database_url, tmp_path):
    """What a lost commit answer leaves behind when the retry failed too: the
    batch, committed after all, waits in the spool; read back from disk
    (JSON, times in ISO 8601), its items are found stored."""
    from newsbot.archive.spool import SpooledItem

    item = make_item(1)

    async def scenario():
        writer = await ArchiveWriter.open(database_url)
        try:
            counts, count = counter()
            spool = await archive_spool(writer, tmp_path, "worldnews", count)
            await batch_writer(writer)([SpooledItem(item, None)], False)
            spool.put(SpooledItem(item, None))
            outcomes = []

            async def write(batch, replay):
                outcomes.extend(await batch_writer(writer)(batch, replay))
                return outcomes[-len(batch):]

            await SpoolingStore(write, spool, on_event=count).drain()
            return outcomes, counts
        finally:
            await writer.close()

    outcomes, counts = asyncio.run(scenario())
    assert outcomes == ["already_stored"] and counts == {"unspooled": 1}
    assert table(database_url, "SELECT count(*) FROM fetches") == [(1,)]
    assert table(database_url, "SELECT fetch_count FROM articles") == [(1,)]
