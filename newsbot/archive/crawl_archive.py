"""The crawl's one archive: one connection pool and one outage state for every stage.

``CrawlArchive`` is a Scrapy extension (installed with the run recorder by
``RunRecorderAddon``), on whenever ``NEWSBOT_STORE_ENABLED`` is. The store,
the known-alias check of the dedupe request middleware, revisit planning,
site templates and the run recorder all reach PostgreSQL through it; no
spider opens a connection.

- ``opened()`` (run once, awaited by the run recorder before anything is
  fetched) finds the database (``NEWSBOT_DATABASE_URL`` or the embedded
  cluster, started if needed), applies pending migrations and opens the pool:
  ``NEWSBOT_STORE_POOL_SIZE`` connections for the store's writes and
  ``READER_CONNECTIONS`` more for the lookups. Failing, the crawl stops
  before its first fetch (``ArchiveUnavailable``).
- ``ask(what, query, default)`` runs one lookup; when the database does not
  answer, the lookup's ``default`` is used and the archive counts as down:
  every stage then skips its lookups (fetching a page again, never losing
  one) and the store spools, until a lookup ``RETRY_AFTER`` (30) seconds
  later, or the store's spool drain, finds it back. Outages are
  counted in ``newsbot/archive/outages``.
- The pool closes when the engine stops, after the run is recorded.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsbot.archive.cluster import ClusterError
from newsbot.archive.database_url import resolve_database_url
from newsbot.archive.migrate import MigrationError, migrate
from newsbot.archive.writer import ArchiveWriter

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Connections beyond the store's, for lookups: a busy lookup never makes a
# write wait long enough to be taken for an outage.
READER_CONNECTIONS = 2
# After a failed lookup, stages skip the archive for this long before the next try.
RETRY_AFTER = 30.0


class ArchiveUnavailable(RuntimeError):
    """The archive cannot be reached or migrated when the crawl starts."""


class ArchiveOutage:
    """Whether the archive is answering, as the last stage to ask found it."""

    def __init__(self, retry_after: float = RETRY_AFTER, stats=None,
                 clock: Callable[[], float] = time.monotonic):
        self.retry_after = retry_after
        self.stats = stats
        self.clock = clock
        self.down = False
        self._until = 0.0

    def available(self) -> bool:
        """True when a stage should ask the archive now."""
        return not self.down or self.clock() >= self._until

    def lost(self, what: str, exc: BaseException, *, until_back: bool = False) -> None:
        """``what`` found the archive away; stages skip it for ``retry_after`` seconds
        (``until_back``: until ``back()``, as while the store drains its spool)."""
        if not self.down:
            logger.warning("Archive unavailable (%s: %s); lookups skipped until it is back",
                           what, str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__)
            if self.stats is not None:
                self.stats.inc_value("newsbot/archive/outages")
        until = math.inf if until_back else self.clock() + self.retry_after
        # A store spooling until the database is back is not cut short by a lookup.
        self._until = max(self._until, until) if self.down else until
        self.down = True

    def back(self) -> None:
        if self.down:
            logger.info("Archive answering again")
        self.down = False
        self._until = 0.0


class CrawlArchive:
    def __init__(self, database_url: str | None, pool_size: int = 4, flip_flop_window: int = 5,
                 retry_after: float = RETRY_AFTER, stats=None):
        self.database_url = database_url
        self.pool_size = pool_size
        self.flip_flop_window = flip_flop_window
        self.outage = ArchiveOutage(retry_after, stats)
        self.writer: ArchiveWriter | None = None
        self.url: str | None = None
        self._opening: asyncio.Future | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_STORE_ENABLED"):
            raise NotConfigured("NEWSBOT_STORE_ENABLED is off: the crawl has no archive")
        archive = cls(settings.get("NEWSBOT_DATABASE_URL"),
                      settings.getint("NEWSBOT_STORE_POOL_SIZE"),
                      settings.getint("NEWSBOT_VERSIONS_FLIP_FLOP_WINDOW"),
                      stats=crawler.stats)
        crawler.signals.connect(archive.close, signal=signals.engine_stopped)
        return archive

    @classmethod
    def attached(cls, writer: ArchiveWriter, retry_after: float = RETRY_AFTER, stats=None) -> CrawlArchive:
        """An archive around an open writer (tests, tools)."""
        archive = cls(None, retry_after=retry_after, stats=stats)
        archive.writer = writer
        return archive

    @property
    def is_open(self) -> bool:
        return self.writer is not None

    async def opened(self) -> None:
        """Find, migrate and open the archive, once; every caller waits for the same opening."""
        if self.writer is not None:
            return
        if self._opening is None:
            self._opening = asyncio.ensure_future(self._open())
        await asyncio.shield(self._opening)

    async def _open(self) -> None:
        try:
            # Starting the embedded cluster and migrating block; keep them off the reactor.
            url = await asyncio.to_thread(resolve_database_url, self.database_url)
            applied = await asyncio.to_thread(migrate, url)
            self.writer = await ArchiveWriter.open(
                url, max_size=self.pool_size + READER_CONNECTIONS,
                flip_flop_window=self.flip_flop_window)
        except (ClusterError, MigrationError, psycopg.Error) as exc:
            # Fail before fetching anything: a crawl that cannot store would
            # only throw its pages away.
            message = f"the archive database is unavailable, nothing will be crawled: {exc}"
            logger.error(message)
            raise ArchiveUnavailable(message) from None
        self.url = url
        if applied:
            logger.info("Applied migrations: %s", ", ".join(applied))

    @asynccontextmanager
    async def connection(self, timeout: float | None = None) -> AsyncIterator[psycopg.AsyncConnection]:
        """A pooled connection; commits on a clean exit, rolls back on an error."""
        async with self.writer.pool.connection(timeout=timeout) as conn:
            yield conn

    async def ask(self, what: str, query: Callable[[psycopg.AsyncConnection], Awaitable[T]],
                  default: T, timeout: float | None = None) -> T:
        """``query``'s answer, or ``default`` when the archive is closed, down or fails to answer."""
        if self.writer is None or not self.outage.available():
            return default
        try:
            try:
                answer = await self._answer(query, timeout)
            except psycopg.OperationalError:
                # The pool tests no connection at checkout (a round trip each):
                # one a server restart killed fails here, the idle ones are
                # checked at once, and the lookup (a read) is asked again.
                await self.writer.pool.check()
                answer = await self._answer(query, timeout)
        except (psycopg.Error, PoolTimeout) as exc:
            self.outage.lost(what, exc)
            return default
        self.outage.back()
        return answer

    async def _answer(self, query: Callable[[psycopg.AsyncConnection], Awaitable[T]],
                      timeout: float | None) -> T:
        async with self.connection(timeout) as conn:
            return await query(conn)

    async def close(self) -> None:
        writer, self.writer = self.writer, None
        if writer is not None:
            await writer.close()


def archive_of(crawler) -> CrawlArchive | None:
    """The crawl's archive; None with the store off, or before the extensions exist."""
    try:
        return crawler.get_extension(CrawlArchive)
    except RuntimeError:
        return None
