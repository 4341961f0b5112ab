"""Store through the writer, or into the spool while the database is away.

The first failed write marks the database down: from then on items go
straight to the spool (no waiting on a dead server per item), and one
background task retries, writing the spooled items in order once the
database answers again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import psycopg
from psycopg_pool import PoolTimeout

from newsbot.archive.spool import Spool, SpooledItem
from newsbot.items import ArticleItem

logger = logging.getLogger(__name__)

# What a database outage looks like from psycopg; anything else is a bug
# or bad data and must not be retried forever.
OUTAGE_ERRORS = (psycopg.OperationalError, PoolTimeout)

WriteItem = Callable[[ArticleItem, int | None], Awaitable[str]]


class SpoolingStore:
    def __init__(self, write: WriteItem, spool: Spool, retry_interval: float = 2.0,
                 on_event: Callable[[str, int], None] = lambda event, n: None,
                 max_concurrent_writes: int | None = None):
        self._write = write
        self.spool = spool
        self.retry_interval = retry_interval
        self._on_event = on_event
        self._drainer: asyncio.Task | None = None
        # At most as many writes at once as the pool has connections: hundreds
        # of items queueing for a connection would time out on a busy but
        # healthy database and be taken for an outage.
        self._write_slots = (asyncio.Semaphore(max_concurrent_writes)
                             if max_concurrent_writes else None)

    @property
    def database_down(self) -> bool:
        return self._drainer is not None and not self._drainer.done()

    async def store(self, item: ArticleItem, run_id: int | None) -> str:
        """The writer's outcome, or ``"spooled"`` when the item waits on disk."""
        if not self.database_down:
            try:
                if self._write_slots is None:
                    return await self._write(item, run_id)
                async with self._write_slots:
                    if not self.database_down:
                        return await self._write(item, run_id)
            except OUTAGE_ERRORS as exc:
                logger.error("Archive database unavailable (%s); spooling items to %s",
                             exc, self.spool.directory)
        await asyncio.to_thread(self.spool.put, SpooledItem(item, run_id))
        self._on_event("spooled", 1)
        self._start_draining()
        return "spooled"

    async def drain(self) -> int:
        """Write every spooled item, oldest first; stop at the first outage. Returns written."""
        written = 0
        for path in await asyncio.to_thread(self.spool.pending):
            spooled = await asyncio.to_thread(self.spool.load, path)
            await self._write(spooled.item, spooled.run_id)
            await asyncio.to_thread(self.spool.remove, path)
            written += 1
        if written:
            self._on_event("unspooled", written)
            logger.info("Wrote %d spooled item(s) to the archive", written)
        return written

    async def wait_until_drained(self, timeout: float) -> bool:
        """At the end of a crawl: give the database ``timeout`` seconds to come back."""
        if self.spool.pending() and not self.database_down:
            self._start_draining()
        if self._drainer is None:
            return True
        try:
            await asyncio.wait_for(asyncio.shield(self._drainer), timeout)
        except TimeoutError:
            self._drainer.cancel()
        return not self.spool.pending()

    def _start_draining(self) -> None:
        if not self.database_down:
            self._drainer = asyncio.get_running_loop().create_task(self._drain_until_empty())

    async def _drain_until_empty(self) -> None:
        while True:
            await asyncio.sleep(self.retry_interval)
            try:
                await self.drain()
            except OUTAGE_ERRORS:
                continue
            if not self.spool.pending():
                logger.info("Archive database is back; spool is empty")
                return
