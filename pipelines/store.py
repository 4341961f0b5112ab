"""Store: write each article into the PostgreSQL archive.

The run's record (run row, verdict) belongs to the run recorder
(``newsbot.archive.run_recorder``), the database and its pool to the crawl's
archive (``newsbot.archive.crawl_archive``); this pipeline waits for the
recorder to open, then writes each item in its own transaction, spooling
while the database is away (and the archive counts as down meanwhile).

Settings read:

- ``NEWSBOT_STORE_ENABLED`` (bool, True): off raises NotConfigured (and no
  run is recorded).
- ``NEWSBOT_STORE_POOL_SIZE`` (int, 4): writes at once (the archive's pool
  has two more connections, for lookups).
- ``NEWSBOT_SPOOL_DIR`` (path, ``$NEWSBOT_HOME/spool``): where items wait
  while the database is down (one folder per spider).
- ``NEWSBOT_STORE_RETRY_INTERVAL`` (float, 2.0): seconds between tries to
  reach a database that went away.
- ``NEWSBOT_STORE_DRAIN_TIMEOUT`` (float, 120.0): at the end of a crawl, how
  long to wait for the database to write what is spooled.

A database that goes away mid-crawl loses nothing: items are spooled
durably and written once it is back (``newsbot/store/spooled``,
``newsbot/store/unspooled``). An item the database refuses (too large,
invalid) is set aside with the error (``newsbot/store/rejected``,
``newsbot/store/rejected/<ErrorClass>``); a spool that cannot be written
(``newsbot/store/spool_failed``) stops the crawl, which ends failed.

Stats written: ``newsbot/store/<outcome>`` with outcome ``new_article``,
``new_version``, ``unchanged``, ``not_modified`` (a 304) or ``flip_flop`` (an
earlier version's content again).
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from newsbot.archive.database_url import newsbot_home
from newsbot.archive.run_recorder import ArchiveUnavailable, RunRecorder
from newsbot.archive.spool import SpooledItem
from newsbot.archive.spool_location import archive_spool
from newsbot.archive.spooling_store import SpoolingStore, SpoolUnwritable
from newsbot.dedupe import ArticleDedupe, DedupeConfig, fingerprint
from newsbot.items import ArticleItem

__all__ = ["ArchiveUnavailable", "StorePipeline"]

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler, run: RunRecorder, pool_size: int = 4,
                 spool_dir: Path | None = None, retry_interval: float = 2.0,
                 drain_timeout: float = 120.0, dedupe: DedupeConfig | None = None):
        self.crawler = crawler
        self.stats = crawler.stats
        self.run = run
        # How an article with a signature is linked to what it duplicates (None: dedupe off).
        self.dedupe = dedupe
        self.pool_size = pool_size
        self.spool_dir = spool_dir or newsbot_home() / "spool"
        self.retry_interval = retry_interval
        self.drain_timeout = drain_timeout
        self.spooling: SpoolingStore | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_STORE_ENABLED"):
            raise NotConfigured("NEWSBOT_STORE_ENABLED is off")
        run = crawler.get_extension(RunRecorder)
        if run is None:
            raise NotConfigured("the store needs the run recorder "
                                "(newsbot.archive.run_recorder.RunRecorderAddon in ADDONS)")
        return cls(crawler, run, settings.getint("NEWSBOT_STORE_POOL_SIZE"),
                   Path(settings["NEWSBOT_SPOOL_DIR"]) if settings.get("NEWSBOT_SPOOL_DIR") else None,
                   settings.getfloat("NEWSBOT_STORE_RETRY_INTERVAL"),
                   settings.getfloat("NEWSBOT_STORE_DRAIN_TIMEOUT"),
                   DedupeConfig.from_settings(settings)
                   if settings.getbool("NEWSBOT_DEDUPE_ENABLED") else None)

    async def open_spider(self) -> None:
        await self.run.opened()
        spool = await archive_spool(self.run.writer, self.spool_dir,
                                    self.crawler.spider.name, self._count)
        self.spooling = SpoolingStore(self._write, spool,
                                      self.retry_interval, self._count,
                                      max_concurrent_writes=self.pool_size,
                                      outage=self.run.archive.outage)
        # What an earlier crawl could not write goes in before anything new.
        await self.spooling.drain()

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        self.run.item_stored(item)
        # Spooled with the item: the options its signature is to be linked with.
        signed = ItemAdapter(item)["signature"] is not None
        dedupe = dataclasses.asdict(self.dedupe) if signed and self.dedupe is not None else None
        try:
            await self.spooling.store(item, self.run.run_id, dedupe)
        except SpoolUnwritable as exc:
            self.run.fail("spool_unwritable", exc)
            raise
        return item

    async def _write(self, spooled: SpooledItem) -> str:
        item = ItemAdapter(spooled.item)
        page, article = item["page"], item["article"]
        context = self.run.context(page.source, spooled.run_id)
        dedupe = None
        if spooled.dedupe is not None:
            # Read back from the spool, the signature is made again from the text.
            signature = item["signature"] or fingerprint(article.text)
            dedupe = ArticleDedupe(signature, DedupeConfig(**spooled.dedupe), page.url,
                                   on_event=self._count_dedupe)
        outcome = await self.run.writer.store(article, page, context, dedupe)
        self.stats.inc_value(f"newsbot/store/{outcome.value}")
        return outcome.value

    def _count(self, event: str, n: int) -> None:
        self.stats.inc_value(f"newsbot/store/{event}", n)

    def _count_dedupe(self, event: str) -> None:
        self.stats.inc_value(f"newsbot/dedupe/{event}")

    async def close_spider(self) -> None:
        # Before the run recorder closes the run: what can still be written is.
        if self.spooling and not await self.spooling.wait_until_drained(self.drain_timeout):
            logger.error("The archive database is still down: %d item(s) stay spooled in "
                         "%s; the next crawl writes them", len(self.spooling.spool),
                         self.spooling.spool.directory)
