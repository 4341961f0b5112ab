"""The spider's view of the archive: revisits that are due, and pages not to fetch again.

Settings read:

- ``NEWSBOT_RECRAWL_ENABLED`` (bool, True): off, the spider never asks the
  archive and fetches whatever its listings name.
- ``NEWSBOT_RECRAWL_MAX_PER_RUN`` (int, 5000): most due revisits per run.
- ``NEWSBOT_DATABASE_URL`` (str, unset): as for the store pipeline.

A listed URL is not requested when its article is stored (it comes back
through ``due()``), nor when a crawl refused it (dropped, or 404/410) less
than its source's first ``recrawl_after`` interval ago, unless the sitemap's
``lastmod`` for it is newer than that refusal.

Stats written: ``newsbot/recrawl/due``, ``newsbot/recrawl/skipped_stored``,
``newsbot/recrawl/skipped_refused``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from datetime import datetime, timedelta, timezone

import psycopg

from newsbot.archive.database_url import resolve_database_url
from newsbot.archive.recrawl_queue import DueArticle, RecrawlQueue

logger = logging.getLogger(__name__)

# How long a refused URL is left alone when its source has no recrawl schedule.
DEFAULT_REFUSAL_MEMORY = timedelta(hours=1)


def _changed_since(lastmod: str | None, refused_at: datetime) -> bool:
    """Whether a sitemap's W3C ``lastmod`` is later than ``refused_at``."""
    if not lastmod:
        return False
    try:
        moment = datetime.fromisoformat(lastmod.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment > refused_at


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

    async def not_to_fetch(self, urls: dict[str, str | None], source) -> set[str]:
        """The URLs among ``urls`` (URL -> sitemap lastmod or None) not to request now."""
        skip = await self.already_stored(list(urls))
        rest = [url for url in urls if url not in skip]
        queue = await self._connect()
        if queue is None or not rest:
            return skip
        schedule = source.recrawl_schedule
        try:
            refused = await queue.refused(rest, schedule[0] if schedule else DEFAULT_REFUSAL_MEMORY)
        except psycopg.Error as exc:
            await self._lost(exc)
            return skip
        again = {url for url, refused_at in refused.items()
                 if not _changed_since(urls[url], refused_at)}
        if again:
            self.crawler.stats.inc_value("newsbot/recrawl/skipped_refused", len(again))
        return skip | again

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
