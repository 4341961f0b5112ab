"""Record where a crawl's listed pages went: stored, or dropped and why.

The store pipeline owns one ``CoverageRecorder``. It counts each stored item
and each dropped one (Scrapy's ``item_dropped`` signal, whatever stage
dropped it), remembers dropped and missing (404/410) URLs in
``refused_urls`` so the next runs do not fetch them again too soon, marks a
revisited article whose page is gone, and at the end of the crawl writes the
per-source counts and checks them against the source's history.

Stats written: ``newsbot/coverage/refused_recorded``, ``newsbot/coverage/gone_marked``,
``newsbot/coverage/alarms``; ``newsbot/coverage/dropped/<source>/<reason>``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from newsbot.archive.queries import load_query
from newsbot.drift import DriftConfig
from newsbot.drift.coverage import CoverageDrop, CoverageTally, find_coverage_drop
from newsbot.items import ArticleItem, FetchedPage

logger = logging.getLogger(__name__)

# Refused URLs are written in batches of this many (and at the end of the crawl).
FLUSH_EVERY = 50
LISTED_STAT = "newsbot/discovery/listed/"


@dataclass(frozen=True)
class Refusal:
    url: str
    source: str
    reason: str
    http_status: int
    refused_at: datetime
    recrawl_of: int | None


def drop_reason(exception: BaseException) -> str:
    """``DropItem("too_short: https://...")`` -> ``too_short``."""
    text = str(exception).strip()
    head = "_".join(text.split(":", 1)[0].split())
    return head if head and len(head) <= 40 else type(exception).__name__


def page_of(item: Any) -> FetchedPage | None:
    if isinstance(item, ArticleItem):
        return item.page
    return item if isinstance(item, FetchedPage) else None


class CoverageRecorder:
    def __init__(self, stats):
        self.stats = stats
        self.tally = CoverageTally()
        self.pool: AsyncConnectionPool | None = None
        self.run_id: int | None = None
        self.source_ids: dict[str, int] = {}
        self._pending: list[Refusal] = []
        self._flushing: set[asyncio.Task] = set()

    def open(self, pool: AsyncConnectionPool, run_id: int, source_ids: dict[str, int]) -> None:
        self.pool, self.run_id, self.source_ids = pool, run_id, source_ids

    def item_stored(self, item: ArticleItem) -> None:
        self.tally.stored(item.page.source, revisit=item.page.recrawl_of is not None)

    def listed_page_not_fetched(self, source: str, reason: str) -> None:
        """newsbot's ``listed_page_not_fetched`` signal: a drop before any fetch."""
        self.tally.dropped(source, reason, revisit=False)
        self.stats.inc_value(f"newsbot/coverage/dropped/{source}/{reason}")

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Any) -> None:
        """Scrapy's ``item_dropped`` signal."""
        page = page_of(item)
        if page is None:
            return
        reason = drop_reason(exception)
        self.tally.dropped(page.source, reason, revisit=page.recrawl_of is not None)
        self.stats.inc_value(f"newsbot/coverage/dropped/{page.source}/{reason}")
        if page.not_modified:
            return
        self._pending.append(Refusal(page.requested_url, page.source, reason, page.status,
                                     page.fetched_at, page.recrawl_of if page.gone else None))
        if len(self._pending) >= FLUSH_EVERY and self.pool is not None:
            task = asyncio.get_event_loop().create_task(self.flush())
            self._flushing.add(task)
            task.add_done_callback(self._flushing.discard)

    async def flush(self) -> None:
        batch, self._pending = self._pending, []
        if not batch or self.pool is None:
            self._pending = batch + self._pending
            return
        try:
            async with self.pool.connection() as conn:
                for refusal in batch:
                    await conn.execute(load_query("record_refused_url"), {
                        "url": refusal.url, "source_id": self.source_ids.get(refusal.source),
                        "reason": refusal.reason, "http_status": refusal.http_status,
                        "run_id": self.run_id, "refused_at": refusal.refused_at})
                    if refusal.recrawl_of is not None:
                        await conn.execute(load_query("mark_article_gone"), {
                            "article_id": refusal.recrawl_of, "fetched_at": refusal.refused_at,
                            "http_status": refusal.http_status})
                        self.stats.inc_value("newsbot/coverage/gone_marked")
        except (psycopg.Error, PoolTimeout) as exc:
            # Forgetting a refusal costs one more fetch next run, never a page.
            logger.warning("Could not remember %d refused URL(s): %s", len(batch), exc)
            return
        self.stats.inc_value("newsbot/coverage/refused_recorded", len(batch))

    async def close(self, drift: DriftConfig | None) -> list[CoverageDrop]:
        """Write what is pending and the run's per-source counts; the coverage alarms."""
        if self._flushing:
            await asyncio.gather(*self._flushing, return_exceptions=True)
        await self.flush()
        for key, value in self.stats.get_stats().items():
            if key.startswith(LISTED_STAT):
                self.tally.pages(key[len(LISTED_STAT):]).listed = int(value)
        if self.pool is None or self.run_id is None:
            return []
        alarms = []
        try:
            async with self.pool.connection() as conn, conn.transaction():
                for source, pages in sorted(self.tally.sources.items()):
                    source_id = self.source_ids.get(source)
                    if source_id is None:
                        continue
                    alarm = None
                    if drift is not None:
                        alarm = await self._check(conn, source, pages, drift)
                        alarms += [alarm] if alarm else []
                    await conn.execute(load_query("record_source_pages"), {
                        "run_id": self.run_id, "source_id": source_id, "listed": pages.listed,
                        "stored": pages.stored, "dropped": sum(pages.dropped.values()),
                        "warning": alarm.message if alarm else None})
                    for reason, n in sorted(pages.all_drops.items()):
                        await conn.execute(load_query("record_drops"), {
                            "run_id": self.run_id, "source_id": source_id,
                            "reason": reason, "pages": n})
        except (psycopg.Error, PoolTimeout) as exc:
            logger.error("Could not record the coverage of crawl run %s: %s", self.run_id, exc)
            return []
        self.stats.set_value("newsbot/coverage/alarms", len(alarms))
        for alarm in alarms:
            logger.warning(alarm.message)
        return alarms

    async def _check(self, conn, source: str, pages, drift: DriftConfig) -> CoverageDrop | None:
        cursor = await conn.execute(load_query("coverage_history"), {
            "sources": [source], "run_id": self.run_id, "min_listed": drift.min_articles})
        history = [(listed, stored) for _, _, listed, stored in await cursor.fetchall()]
        return find_coverage_drop(source, pages, history, drift)

