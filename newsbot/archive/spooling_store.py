"""Store through the writer, or into the spool while the database is away.

Items are written a batch at a time (group commit): once ``batch_size``
items are waiting, or the first has waited ``batch_ms``, a task waits for a
write slot and then takes what has gathered meanwhile (at most
``batch_size``) into one transaction; each item's ``store`` returns only
once its batch is committed.

Errors have kinds. An outage (the server gone, refusing connections, out
of resources, shutting down, or no pooled connection in time) marks the
database down: from then on items go straight to the spool (no waiting on a
dead server per item; a batch cut short is spooled whole), and one
background task retries, writing the spooled items in order once the
database answers again. Any other failure
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

# Writes a batch in one transaction (``replay``: it may be stored already):
# an outcome per item, or the exception that item alone was refused with.
WriteBatch = Callable[[list[SpooledItem], bool], Awaitable[list[str | Exception]]]


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
    def __init__(self, write: WriteBatch, spool: Spool, retry_interval: float = 2.0,
                 on_event: Callable[[str, int], None] = lambda event, n: None,
                 max_concurrent_writes: int | None = None, outage=None,
                 batch_size: int = 1, batch_ms: float = 0.0):
        self._write = write
        # The crawl's outage state (``crawl_archive.ArchiveOutage``): down while
        # this store spools, so the other stages skip their lookups meanwhile.
        self.outage = outage
        self.spool = spool
        self.retry_interval = retry_interval
        self._on_event = on_event
        self._drainer: asyncio.Task | None = None
        # At most as many batches at once as the pool has connections for
        # writes: hundreds of writes queueing for a connection would time out
        # on a busy but healthy database and be taken for an outage.
        self._write_slots = (asyncio.Semaphore(max_concurrent_writes)
                             if max_concurrent_writes else None)
        # Group commit: items wait until ``batch_size`` of them are there or
        # the oldest has waited ``batch_ms``; then, once a write slot is free,
        # what has gathered goes in one transaction.
        self.batch_size = max(1, batch_size)
        self.batch_delay = max(0.0, batch_ms) / 1000
        self._batch: list[tuple[SpooledItem, asyncio.Future]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._flushing: set[asyncio.Task] = set()

    @property
    def database_down(self) -> bool:
        return self._drainer is not None and not self._drainer.done()

    async def store(self, item: ArticleItem, run_id: int | None,
                    dedupe: dict | None = None) -> str:
        """The writer's outcome, ``"spooled"`` (waits on disk) or ``"rejected"`` (set aside).

        Returns once the item's batch is committed (or the item is on disk):
        only then may the frontier journal cross its request off.
        """
        spooled = SpooledItem(item, run_id, dedupe)
        if self.database_down:
            return await self._spool(spooled)
        done = asyncio.get_running_loop().create_future()
        self._batch.append((spooled, done))
        if len(self._batch) >= self.batch_size:
            self._flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.batch_delay, self._flush)
        return await done

    async def flush(self) -> None:
        """Write the batch being gathered now, and wait for every batch in flight."""
        self._flush()
        while self._flushing:
            await asyncio.gather(*self._flushing, return_exceptions=True)

    def _flush(self) -> None:
        """Have the gathered items written: by a task that takes them once a write slot is free."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._batch:
            return
        task = asyncio.get_running_loop().create_task(self._write_next_batch())
        self._flushing.add(task)
        task.add_done_callback(self._flushing.discard)

    async def _write_next_batch(self) -> None:
        if self._write_slots is None:
            taken = await self._take_and_write()
        else:
            async with self._write_slots:
                taken = await self._take_and_write()
        batch, results = taken
        for (spooled, done), result in zip(batch, results):
            try:
                if result is None:
                    outcome = await self._spool(spooled)
                elif isinstance(result, Exception):
                    await self._reject(spooled, result)
                    outcome = "rejected"
                else:
                    outcome = result
            except Exception as exc:  # handed to the item's own process_item
                if not done.done():
                    done.set_exception(exc)
            else:
                if not done.done():  # its process_item may have been cancelled
                    done.set_result(outcome)

    async def _take_and_write(self) -> tuple[list[tuple[SpooledItem, asyncio.Future]],
                                             list[str | Exception | None]]:
        """Take what gathered while waiting for the slot (group commit: the busier the
        database, the bigger the batch), and write it. None: spool that item."""
        batch = self._batch[:self.batch_size]
        del self._batch[:self.batch_size]
        if self._batch:
            self._flush()  # what is left has waited its turn already
        items = [spooled for spooled, _ in batch]
        if not items or self.database_down:
            return batch, [None] * len(items)
        try:
            return batch, await self._write_or_split(items, False)
        except Exception as exc:
            # An outage (raised only as such by _write_or_split): keep the
            # whole batch; what of it was committed is found so when written.
            logger.error("Archive database unavailable (%s); spooling items to %s",
                         exc, self.spool.directory)
            if self.outage is not None:
                self.outage.lost("store", exc, until_back=True)
            return batch, [None] * len(items)

    async def _write_or_split(self, items: list[SpooledItem], replay: bool
                              ) -> list[str | Exception]:
        """The batch's outcomes; raises only for an outage.

        The writer answers an item the database refuses in that item's place;
        any other failure of the whole batch (an item the pipeline cannot
        even hand over) is narrowed down by writing each item alone, so it
        too ends up as that one item's error. After a split, items already
        committed when an outage struck are spooled again too: written with
        ``replay`` then, they are not stored twice.
        """
        try:
            return await self._write(items, replay)
        except Exception as exc:
            if is_outage(exc):
                raise
            if len(items) == 1:
                return [exc]
            logger.warning("Archive failed a batch of %d (%s: %s); writing its items one by one",
                           len(items), type(exc).__name__, _first_line(exc))
        results: list[str | Exception] = []
        for item in items:
            results.extend(await self._write_or_split([item], replay))
        return results

    async def _spool(self, spooled: SpooledItem) -> str:
        try:
            await asyncio.to_thread(self.spool.put, spooled)
        except SpoolWriteError as exc:
            self._on_event("spool_failed", 1)
            raise SpoolUnwritable(f"{spooled.item.page.url}: the database is down and {exc}") from exc
        self._on_event("spooled", 1)
        self._start_draining()
        return "spooled"

    async def drain(self) -> int:
        """Write every spooled item, oldest first, a batch at a time; stop at the first
        failed batch (an outage). Returns written."""
        written = 0
        pending = await asyncio.to_thread(self.spool.pending)
        for start in range(0, len(pending), self.batch_size):
            paths, items = [], []
            for path in pending[start:start + self.batch_size]:
                try:
                    items.append(await asyncio.to_thread(self.spool.load, path))
                    paths.append(path)
                except SpoolFormatError as exc:
                    if exc.newer:
                        # A later newsbot's file: left for it, never set aside.
                        self._on_event("spool_newer_format", 1)
                        logger.warning("Left in the spool for a newer newsbot: %s", exc)
                    else:
                        await self._set_aside(path, exc)
            # Written before: its commit's answer may have been lost (replay).
            results = await self._write_or_split(items, True) if items else []
            removed = 0
            for path, result in zip(paths, results):
                if isinstance(result, Exception):
                    await self._set_aside(path, result)
                    continue
                await asyncio.to_thread(self.spool.remove, path)
                removed += 1
            if removed:
                self._on_event("unspooled", removed)
            written += removed
        if written:
            logger.info("Wrote %d spooled item(s) to the archive", written)
        return written

    async def wait_until_drained(self, timeout: float) -> bool:
        """At the end of a crawl: give the database ``timeout`` seconds to come back."""
        await self.flush()
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
