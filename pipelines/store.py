"""Store: write each article into the PostgreSQL archive.

The run's record (run row, verdict) belongs to the run recorder
(``newsbot.archive.run_recorder``), the database and its pool to the crawl's
archive (``newsbot.archive.crawl_archive``); this pipeline waits for the
recorder to open, then writes items a batch at a time, one transaction per
batch (group commit), spooling while the database is away (and the archive
counts as down meanwhile). An item's ``process_item`` returns once its batch
is committed, so the frontier journal crosses off only what is stored.

Settings read:

- ``NEWSBOT_STORE_ENABLED`` (bool, True): off raises NotConfigured (and no
  run is recorded).
- ``NEWSBOT_STORE_POOL_SIZE`` (int, 4): batches written at once (the
  archive's pool has two more connections, for lookups).
- ``NEWSBOT_STORE_BATCH_SIZE`` (int, 100): most items in one transaction.
- ``NEWSBOT_STORE_BATCH_MS`` (float, 100.0): how long the first item of a
  batch waits for more before the batch is written anyway.
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
``new_version``, ``unchanged``, ``not_modified`` (a 304), ``flip_flop`` (an
earlier version's content again) or ``already_stored`` (a spooled item whose
batch had been committed after all); ``newsbot/store/batches`` and
``newsbot/store/batched_items`` (committed batches and the items in them);
``newsbot/store/batch_split`` (a batch written again item by item, in
savepoints, because the database refused one of its items),
``newsbot/store/batch_transient_retry`` (written again after a deadlock or
serialization failure), ``newsbot/store/batch_reconnected`` (tried again
after the pool's idle connections were checked, following an outage error).
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
from newsbot.archive.writer import StoreEntry
from newsbot.dedupe import ArticleDedupe, DedupeConfig, fingerprint
from newsbot.logformatter import OneLineSpoolFailures
from newsbot.items import ArticleItem

__all__ = ["ArchiveUnavailable", "StorePipeline"]

logger = logging.getLogger(__name__)
# Where Scrapy logs an item's error (with its traceback).
SCRAPER_LOGGER = logging.getLogger("scrapy.core.scraper")


class StorePipeline:
    def __init__(self, crawler, run: RunRecorder, pool_size: int = 4,
                 spool_dir: Path | None = None, retry_interval: float = 2.0,
                 drain_timeout: float = 120.0, dedupe: DedupeConfig | None = None,
                 batch_size: int = 100, batch_ms: float = 100.0):
        self.crawler = crawler
        self.stats = crawler.stats
        self.run = run
        # How an article with a signature is linked to what it duplicates (None: dedupe off).
        self.dedupe = dedupe
        self.pool_size = pool_size
        self.spool_dir = spool_dir or newsbot_home() / "spool"
        self.retry_interval = retry_interval
        self.drain_timeout = drain_timeout
        if batch_size < 1 or batch_ms < 0:
            raise ValueError(f"NEWSBOT_STORE_BATCH_SIZE must be >= 1 and NEWSBOT_STORE_BATCH_MS "
                             f">= 0, got {batch_size} and {batch_ms}")
        self.batch_size = batch_size
        self.batch_ms = batch_ms
        self.spooling: SpoolingStore | None = None
        self._one_line_failures = OneLineSpoolFailures()

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
                   if settings.getbool("NEWSBOT_DEDUPE_ENABLED") else None,
                   settings.getint("NEWSBOT_STORE_BATCH_SIZE", 100),
                   settings.getfloat("NEWSBOT_STORE_BATCH_MS", 100.0))

    async def open_spider(self) -> None:
        SCRAPER_LOGGER.addFilter(self._one_line_failures)
        await self.run.opened()
        spool = await archive_spool(self.run.writer, self.spool_dir,
                                    self.crawler.spider.name, self._count)
        self.spooling = SpoolingStore(self._write, spool,
                                      self.retry_interval, self._count,
                                      max_concurrent_writes=self.pool_size,
                                      outage=self.run.archive.outage,
                                      batch_size=self.batch_size, batch_ms=self.batch_ms)
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

    async def _write(self, batch: list[SpooledItem], replay: bool) -> list[str | Exception]:
        entries, events = [], []
        for spooled in batch:
            item = ItemAdapter(spooled.item)
            page, article = item["page"], item["article"]
            context = self.run.context(page.source, spooled.run_id)
            dedupe, seen = None, []
            if spooled.dedupe is not None:
                # Read back from the spool, the signature is made again from the text.
                signature = item["signature"] or fingerprint(article.text)
                dedupe = ArticleDedupe(signature, DedupeConfig(**spooled.dedupe), page.url,
                                       on_event=seen.append)
            entries.append(StoreEntry(article, page, context, dedupe, seen))
            events.append(seen)
        outcomes = await self.run.writer.store_batch(entries, replay, self._count_batch_event)
        # Dedupe events are counted once committed, of the try that was (the
        # writer empties ``seen`` as it starts each).
        self.stats.inc_value("newsbot/store/batches")
        self.stats.inc_value("newsbot/store/batched_items", len(entries))
        results: list[str | Exception] = []
        for entry, outcome, seen in zip(entries, outcomes, events):
            if isinstance(outcome, Exception):
                results.append(outcome)
                continue
            self.stats.inc_value(f"newsbot/store/{outcome.value}")
            for event in seen:
                self.stats.inc_value(f"newsbot/dedupe/{event}")
            results.append(outcome.value)
        return results

    def _count_batch_event(self, event: str) -> None:
        self.stats.inc_value(f"newsbot/store/batch_{event}")

    def _count(self, event: str, n: int) -> None:
        self.stats.inc_value(f"newsbot/store/{event}", n)

    async def close_spider(self) -> None:
        # Before the run recorder closes the run: what can still be written is.
        if self.spooling and not await self.spooling.wait_until_drained(self.drain_timeout):
            logger.error("The archive database is still down: %d item(s) stay spooled in "
                         "%s; the next crawl writes them", len(self.spooling.spool),
                         self.spooling.spool.directory)
        SCRAPER_LOGGER.removeFilter(self._one_line_failures)
