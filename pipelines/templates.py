"""Templates: learn each site's recurring text blocks and strip them from article bodies.

Every article's paragraphs are fingerprinted and counted per site
(``newsbot.extraction.templates``); a block seen on ``NEWSBOT_TEMPLATES_MIN_PAGES``
different pages of a site is its template (related posts, newsletter box,
author bio) and is removed from this and later bodies. The counts live in
PostgreSQL (``site_template_blocks``), so each crawl starts from what the
earlier ones learned.

Pipelines open in parallel and the store pipeline opens the crawl's archive
(``newsbot.archive.crawl_archive``, whose pool this uses), so the learned
state is loaded when the first item arrives, not in ``open_spider``.
Sightings are written in batches; while the archive is down (for this or any
stage) or a write fails, they are kept and written with a later batch, and
the crawl goes on learning in memory. With the store off, learning stays in
memory.

Settings read:

- ``NEWSBOT_TEMPLATES_ENABLED`` (bool, True): off raises NotConfigured.
- ``NEWSBOT_TEMPLATES_MIN_PAGES`` (int, 3): distinct pages of a site a block
  must be seen on to count as template.
- ``NEWSBOT_TEMPLATES_FLUSH_ITEMS`` (int, 200): articles between writes.
- ``NEWSBOT_TEMPLATES_FORGET_DAYS`` (int, 30): blocks seen once are deleted
  after this many days without being seen again.
- ``NEWSBOT_STORE_ENABLED`` (bool): off, nothing is kept.

Stats written: ``newsbot/templates/loaded`` (blocks known at start),
``newsbot/templates/observed`` (articles), ``newsbot/templates/stripped``
(articles that lost blocks), ``newsbot/templates/blocks_removed``,
``newsbot/templates/recorded`` (block rows written), ``newsbot/templates/write_failed``,
``newsbot/templates/forgotten``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

import psycopg
from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from newsbot.archive.crawl_archive import CrawlArchive, archive_of
from newsbot.archive.templates import TemplateArchive
from newsbot.extraction.templates import (
    BlockSighting,
    TemplateMemory,
    page_key,
    site_key,
    strip_template_blocks,
)
from newsbot.items import ArticleItem

logger = logging.getLogger(__name__)

# Sightings kept for a database that is away; past this the oldest go (they
# are only counts, and the next crawl sees the blocks again).
MAX_PENDING_SIGHTINGS = 200_000


class TemplatesPipeline:
    def __init__(self, stats, *, min_pages: int, flush_items: int, forget_days: int,
                 crawl_archive: CrawlArchive | None = None):
        self.stats = stats
        self.memory = TemplateMemory(min_pages=min_pages)
        self.flush_items = max(1, flush_items)
        self.forget_days = forget_days
        # The crawl's archive; None keeps learning in memory.
        self.crawl_archive = crawl_archive
        self.archive: TemplateArchive | None = None
        self.pending: list[BlockSighting] = []
        self._items_since_flush = 0
        self._loaded = False
        self._load_lock = asyncio.Lock()
        self._flush_lock = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_TEMPLATES_ENABLED"):
            raise NotConfigured("NEWSBOT_TEMPLATES_ENABLED is off")
        return cls(crawler.stats,
                   min_pages=settings.getint("NEWSBOT_TEMPLATES_MIN_PAGES"),
                   flush_items=settings.getint("NEWSBOT_TEMPLATES_FLUSH_ITEMS"),
                   forget_days=settings.getint("NEWSBOT_TEMPLATES_FORGET_DAYS"),
                   crawl_archive=(archive_of(crawler)
                                  if settings.getbool("NEWSBOT_STORE_ENABLED") else None))

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        adapter = ItemAdapter(item)
        page, article = adapter["page"], adapter["article"]
        if page.not_modified or not article.body:
            return item
        await self._load_once()
        site = site_key(page.url)
        self.pending.extend(self.memory.observe(site, page_key(article.canonical_url or page.url),
                                                article.body))
        self.stats.inc_value("newsbot/templates/observed")
        body = strip_template_blocks(article.body, self.memory.boilerplate(site))
        if len(body) < len(article.body):
            self.stats.inc_value("newsbot/templates/stripped")
            self.stats.inc_value("newsbot/templates/blocks_removed", len(article.body) - len(body))
            adapter["article"] = replace(article, body=body)
        self._items_since_flush += 1
        if self._items_since_flush >= self.flush_items:
            await self._flush()
        return item

    async def close_spider(self) -> None:
        if not self._loaded:
            return
        await self._flush()
        if self.archive is not None and self.crawl_archive.outage.available():
            try:
                forgotten = await self.archive.forget(self.forget_days)
            except psycopg.Error as exc:
                self.crawl_archive.outage.lost("site templates", exc)
                logger.warning("Could not forget old template blocks: %s", exc)
            else:
                self.stats.set_value("newsbot/templates/forgotten", forgotten)

    async def _load_once(self) -> None:
        if self._loaded:
            return
        async with self._load_lock:
            if self._loaded:
                return
            if self.crawl_archive is not None and self.crawl_archive.is_open:
                await self._open_archive()
            self._loaded = True

    async def _open_archive(self) -> None:
        # Sightings are written from now on, even when the blocks cannot be read now.
        self.archive = archive = TemplateArchive(connection=self.crawl_archive.connection)
        outage = self.crawl_archive.outage
        if not outage.available():
            logger.warning("Site templates start from scratch (the archive is down)")
            return
        try:
            rows = await archive.load(min_count=2)
        except psycopg.Error as exc:
            outage.lost("site templates", exc)
            logger.warning("Site templates start from scratch (the archive is unavailable: %s)", exc)
            return
        for row in rows:
            self.memory.load(row.site, row.fingerprint, row.page_keys, row.page_count)
        self.stats.set_value("newsbot/templates/loaded", len(rows))
        logger.info("Loaded %d recurring text blocks of site templates", len(rows))

    async def _flush(self) -> None:
        self._items_since_flush = 0
        if self.archive is None:
            # Learning in memory only: every count is the memory's, keep them all.
            self.pending.clear()
            return
        if not self.crawl_archive.outage.available():
            # Kept for a later batch: the archive is down.
            self._cap_pending()
            return
        async with self._flush_lock:
            batch, self.pending = self.pending, []
            if not batch:
                return
            try:
                rows = await self.archive.record(batch)
            except psycopg.Error as exc:
                self.crawl_archive.outage.lost("site templates", exc)
                logger.warning("Could not write %d template sightings, will retry: %s", len(batch), exc)
                self.stats.inc_value("newsbot/templates/write_failed")
                self.pending = batch + self.pending
                self._cap_pending()
                return
            for row in rows:
                self.memory.load(row.site, row.fingerprint, row.page_keys, row.page_count)
            self.stats.inc_value("newsbot/templates/recorded", len(rows))
            # Written blocks seen once need no memory: the archive returns them when they recur.
            self.memory.forget_singletons(keep=((s.site, s.fingerprint) for s in self.pending))

    def _cap_pending(self) -> None:
        if len(self.pending) > MAX_PENDING_SIGHTINGS:
            del self.pending[: len(self.pending) - MAX_PENDING_SIGHTINGS]
