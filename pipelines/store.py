"""Store: write each article into the PostgreSQL archive, and the run's record.

On open it finds the database (``NEWSBOT_DATABASE_URL`` or the embedded
cluster, started if needed), applies pending migrations, records the sources
and opens a ``crawl_runs`` row; each item is then one transaction; when the
spider closes, the run row gets its status and Scrapy's final stats.

Settings read:

- ``NEWSBOT_STORE_ENABLED`` (bool, True): off raises NotConfigured.
- ``NEWSBOT_DATABASE_URL`` (str, unset): the archive; unset means embedded.
- ``NEWSBOT_STORE_POOL_SIZE`` (int, 4): connections in the async pool.
- ``NEWSBOT_VERSIONS_FLIP_FLOP_WINDOW`` (int, 5): recent versions a fetch is
  compared with; content equal to one of them adds no version.

Stats written: ``newsbot/run_id``, ``newsbot/store/<outcome>`` with outcome
``new_article``, ``new_version``, ``unchanged``, ``not_modified`` (a 304) or
``flip_flop`` (an earlier version's content again).
"""

from __future__ import annotations

import asyncio
import logging

import psycopg
from psycopg_pool import PoolTimeout
from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsbot.archive.cluster import ClusterError
from newsbot.archive.database_url import resolve_database_url
from newsbot.archive.migrate import MigrationError, migrate
from newsbot.archive.writer import ArchiveWriter, FetchContext
from newsbot.extraction import EXTRACTOR_VERSION
from newsbot.items import ArticleItem

logger = logging.getLogger(__name__)


class ArchiveUnavailable(RuntimeError):
    """The archive cannot be reached or migrated when the crawl starts."""

# Scrapy's finish reasons that mean the crawl did what it was asked to.
_COMPLETED_REASONS = ("finished", "closespider_")


def run_status(finish_reason: str | None) -> str:
    if finish_reason and finish_reason.startswith(_COMPLETED_REASONS):
        return "finished"
    if finish_reason == "shutdown":
        return "interrupted"
    return "failed"


class StorePipeline:
    def __init__(self, crawler, database_url: str | None, pool_size: int,
                 flip_flop_window: int = 5):
        self.crawler = crawler
        self.flip_flop_window = flip_flop_window
        self.stats = crawler.stats
        self.database_url = database_url
        self.pool_size = pool_size
        self.writer: ArchiveWriter | None = None
        self.run_id: int | None = None
        self.source_ids: dict[str, int] = {}
        self.contexts: dict[str, FetchContext] = {}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_STORE_ENABLED"):
            raise NotConfigured("NEWSBOT_STORE_ENABLED is off")
        pipeline = cls(crawler, settings.get("NEWSBOT_DATABASE_URL"),
                       settings.getint("NEWSBOT_STORE_POOL_SIZE"),
                       settings.getint("NEWSBOT_VERSIONS_FLIP_FLOP_WINDOW"))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    async def open_spider(self) -> None:
        try:
            # Starting the embedded cluster and migrating block; keep them off the reactor.
            url = await asyncio.to_thread(resolve_database_url, self.database_url)
            applied = await asyncio.to_thread(migrate, url)
            self.writer = await ArchiveWriter.open(url, max_size=self.pool_size,
                                                   flip_flop_window=self.flip_flop_window)
        except (ClusterError, MigrationError, psycopg.Error, PoolTimeout) as exc:
            # Fail before fetching anything: a crawl that cannot store would
            # only throw its pages away.
            message = f"the archive database is unavailable, nothing will be crawled: {exc}"
            logger.error(message)
            raise ArchiveUnavailable(message) from None
        if applied:
            logger.info("Applied migrations: %s", ", ".join(applied))
        spider = self.crawler.spider
        sources = getattr(spider, "sources", ())
        self.source_ids = await self.writer.register_sources(sources)
        self.run_id = await self.writer.start_run(spider.name)
        self.contexts = {
            source.name: FetchContext(self.source_ids[source.name], self.run_id,
                                      EXTRACTOR_VERSION, source.recrawl_schedule)
            for source in sources}
        self.stats.set_value("newsbot/run_id", self.run_id)
        logger.info("Crawl run %s stores into %s", self.run_id, _redacted(url))

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        context = self.contexts.get(item.page.source) or FetchContext(
            None, self.run_id, EXTRACTOR_VERSION)
        outcome = await self.writer.store(item.article, item.page, context, item.dedupe)
        self.stats.inc_value(f"newsbot/store/{outcome.value}")
        return item

    async def spider_closed(self, spider, reason: str) -> None:
        if self.writer is None:
            return
        try:
            if self.run_id is not None:
                self.stats.set_value("finish_reason", reason)
                await self.writer.finish_run(self.run_id, run_status(reason), reason,
                                             self.stats.get_stats())
        finally:
            await self.writer.close()


def _redacted(url: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(url)
    return f"{params.get('host', 'localhost')}:{params.get('port', 5432)}/{params.get('dbname', '')}"
