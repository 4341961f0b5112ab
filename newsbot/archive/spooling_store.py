"""Store through the writer, or into the spool while the database is away.

Errors have kinds. An outage (the server gone, refusing connections, out
of resources, shutting down, or no pooled connection in time) marks the
database down: from then on items go straight to the spool (no waiting on a
dead server per item), and one background task retries, writing the
spooled items in order once the database answers again. Any other failure
of one item (a 4,000-character URL, a too-large text, invalid data) is that
item's fault: it is set aside in the spool's ``rejected/`` folder with the
error, counted and logged once, and the items behind it go on.

When the spool itself cannot be written (disk full), the item cannot be
kept: ``SpoolUnwritable`` is raised and the caller stops the crawl rather
than fetch pages it would throw away.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import psycopg
from psycopg_pool import PoolTimeout

from newsbot.archive.spool import Spool, SpooledItem, SpoolFormatError, SpoolWriteError
from newsbot.items import ArticleItem

logger = logging.getLogger(__name__)

# What a database outage looks like from psycopg (OperationalError is the
# base of the classes below, and of client-side connection failures).
OUTAGE_ERRORS = (psycopg.OperationalError, PoolTimeout)
# SQLSTATE classes of an outage: connection exception, insufficient
# resources, operator intervention (shutdown), system error. Class 54
# (program limit exceeded: a too-large tsvector or index row) is an
# OperationalError too, but a property of the item, not of the server.
_OUTAGE_SQLSTATE_CLASSES = ("08", "53", "57", "58")

WriteItem = Callable[[SpooledItem], Awaitable[str]]


def is_outage(exc: BaseException) -> bool:
    """True when ``exc`` says the database is away, not that the item is bad."""
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, psycopg.OperationalError):
        return False
    sqlstate = getattr(exc, "sqlstate", None)
    return sqlstate is None or sqlstate[:2] in _OUTAGE_SQLSTATE_CLASSES


class SpoolUnwritable(RuntimeError):
    """An item could be neither written to the database nor spooled."""


class SpoolingStore:
    def __init__(self, write: WriteItem, spool: Spool, retry_interval: float = 2.0,
                 on_event: Callable[[str, int], None] = lambda event, n: None,
                 max_concurrent_writes: int | None = None, outage=None):
        self._write = write
        # The crawl's outage state (``crawl_archive.ArchiveOutage``): down while
        # this store spools, so the other stages skip their lookups meanwhile.
        self.outage = outage
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

    async def store(self, item: ArticleItem, run_id: int | None,
                    dedupe: dict | None = None) -> str:
        """The writer's outcome, ``"spooled"`` (waits on disk) or ``"rejected"`` (set aside)."""
        spooled = SpooledItem(item, run_id, dedupe)
        if not self.database_down:
            try:
                if self._write_slots is None:
                    return await self._write(spooled)
                async with self._write_slots:
                    if not self.database_down:
                        return await self._write(spooled)
            except Exception as exc:
                if not is_outage(exc):
                    await self._reject(spooled, exc)
                    return "rejected"
                logger.error("Archive database unavailable (%s); spooling items to %s",
                             exc, self.spool.directory)
                if self.outage is not None:
                    self.outage.lost("store", exc, until_back=True)
        try:
            await asyncio.to_thread(self.spool.put, spooled)
        except SpoolWriteError as exc:
            self._on_event("spool_failed", 1)
            raise SpoolUnwritable(f"{item.page.url}: the database is down and {exc}") from exc
        self._on_event("spooled", 1)
        self._start_draining()
        return "spooled"

    async def drain(self) -> int:
        """Write every spooled item, oldest first; stop at the first outage. Returns written."""
        written = 0
        for path in await asyncio.to_thread(self.spool.pending):
            try:
                spooled = await asyncio.to_thread(self.spool.load, path)
                await self._write(spooled)
            except SpoolFormatError as exc:
                if exc.newer:
                    # A later newsbot's file: left for it, never set aside.
                    self._on_event("spool_newer_format", 1)
                    logger.warning("Left in the spool for a newer newsbot: %s", exc)
                else:
                    await self._set_aside(path, exc)
                continue
            except Exception as exc:
                if is_outage(exc):
                    raise
                await self._set_aside(path, exc)
                continue
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

    async def _reject(self, spooled: SpooledItem, exc: Exception) -> None:
        self._count_rejected(exc)
        try:
            kept = await asyncio.to_thread(self.spool.reject, spooled, exc)
        except SpoolWriteError as write_error:
            logger.error("Archive refused %s (%s: %s) and it cannot be set aside: %s",
                         _short(spooled.item.page.url), type(exc).__name__, _first_line(exc), write_error)
            return
        logger.error("Archive refused %s (%s: %s); set aside in %s", _short(spooled.item.page.url),
                     type(exc).__name__, _first_line(exc), kept)

    async def _set_aside(self, path, exc: Exception) -> None:
        self._count_rejected(exc)
        try:
            kept = await asyncio.to_thread(self.spool.set_aside, path, exc)
        except SpoolWriteError as write_error:
            # Left where it is; the next drain tries (and counts) it again.
            logger.error("Spooled item %s refused (%s) and cannot be set aside: %s",
                         path, _first_line(exc), write_error)
            return
        logger.error("Spooled item refused by the archive (%s: %s); set aside in %s",
                     type(exc).__name__, _first_line(exc), kept)

    def _count_rejected(self, exc: Exception) -> None:
        self._on_event("rejected", 1)
        self._on_event(f"rejected/{type(exc).__name__}", 1)

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
                if self.outage is not None:
                    self.outage.back()
                return


def _short(url: str) -> str:
    return url if len(url) <= 200 else f"{url[:160]}...({len(url)} characters)"


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:300]
