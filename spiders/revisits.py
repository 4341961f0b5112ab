"""The spider's view of the archive: revisits that are due, and pages not to fetch again.

Settings read:

- ``NEWSBOT_RECRAWL_ENABLED`` (bool, True): off, the spider never asks the
  archive and fetches whatever its listings name.
- ``NEWSBOT_RECRAWL_MAX_PER_RUN`` (int, 5000): most due revisits per run.
- ``NEWSBOT_DATABASE_URL`` (str, unset): as for the store pipeline.

Stats written: ``newsbot/recrawl/due``, ``newsbot/recrawl/skipped_stored``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

import psycopg

from newsbot.archive.database_url import resolve_database_url
from newsbot.archive.recrawl_queue import DueArticle, RecrawlQueue

logger = logging.getLogger(__name__)


class Revisits:
    def __init__(self, crawler, enabled: bool, database_url: str | None, max_per_run: int):
        # The spider is built before the crawler's stats exist; read them late.
        self.crawler = crawler
        self.enabled = enabled
        self.database_url = database_url
        self.max_per_run = max_per_run
        self._queue: RecrawlQueue | None = None

    @classmethod
    def from_crawler(cls, crawler) -> Revisits:
        settings = crawler.settings
        # Without the store there is no archive to plan from.
        enabled = (settings.getbool("NEWSBOT_RECRAWL_ENABLED")
                   and settings.getbool("NEWSBOT_STORE_ENABLED"))
        return cls(crawler, enabled,
                   settings.get("NEWSBOT_DATABASE_URL"),
                   settings.getint("NEWSBOT_RECRAWL_MAX_PER_RUN"))

    async def due(self, sources: Iterable[str]) -> list[DueArticle]:
        queue = await self._connect()
        if queue is None:
            return []
        try:
            due = await queue.due(sources, self.max_per_run)
        except psycopg.Error as exc:
            await self._lost(exc)
            return []
        self.crawler.stats.inc_value("newsbot/recrawl/due", len(due))
        return due

    async def already_stored(self, urls: list[str]) -> set[str]:
        """The URLs among ``urls`` whose article is stored.

        Listings name them again and again; they are revisited only through
        ``due()``, on their schedule and with a conditional request.
        """
        queue = await self._connect()
        if queue is None:
            return set()
        try:
            stored = set(await queue.known(urls))
        except psycopg.Error as exc:
            # Fetching a stored page again costs a request, never a duplicate:
            # the writer's upsert is idempotent.
            await self._lost(exc)
            return set()
        if stored:
            self.crawler.stats.inc_value("newsbot/recrawl/skipped_stored", len(stored))
        return stored

    async def _lost(self, exc: Exception) -> None:
        logger.warning("Archive unavailable for recrawl planning (%s); will reconnect", exc)
        queue, self._queue = self._queue, None
        if queue is not None:
            try:
                await queue.close()
            except psycopg.Error:
                pass

    async def close(self) -> None:
        if self._queue is not None:
            await self._queue.close()
            self._queue = None

    async def _connect(self) -> RecrawlQueue | None:
        if not self.enabled:
            return None
        if self._queue is None:
            try:
                # Never start a stopped cluster mid-crawl: an operator's stop stands.
                url = await asyncio.to_thread(resolve_database_url, self.database_url, False)
                self._queue = await RecrawlQueue.connect(url)
            except (psycopg.Error, RuntimeError) as exc:
                # Without the archive every listed page is simply fetched; the
                # store pipeline decides whether the crawl can go on at all.
                logger.warning("Recrawl planning off: archive unavailable (%s)", exc)
                self.enabled = False
                return None
        return self._queue
