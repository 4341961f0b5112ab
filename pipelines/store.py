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

- ``NEWSBOT_SPOOL_DIR`` (path, ``$NEWSBOT_HOME/spool``): where items wait
  while the database is down (one folder per spider).
- ``NEWSBOT_STORE_RETRY_INTERVAL`` (float, 2.0): seconds between tries to
  reach a database that went away.
- ``NEWSBOT_STORE_DRAIN_TIMEOUT`` (float, 120.0): at the end of a crawl, how
  long to wait for the database to write what is spooled.
- ``NEWSBOT_RUN_MAX_ERROR_SHARE`` (float, 0.5): share of requests that may
  fail (after retries) before the run counts as failed
  (``newsbot.archive.run_status``); a run that fetched no page fails too.
- ``NEWSBOT_DRIFT_ENABLED`` (bool, True), ``NEWSBOT_DRIFT_MAX_DROP`` (float, 0.3),
  ``NEWSBOT_DRIFT_MIN_ARTICLES`` (int, 5), ``NEWSBOT_DRIFT_HISTORY_RUNS`` (int, 10):
  the extraction-drift alarm (``newsbot.drift``): at the end of the crawl each
  source's share of articles with a title, body, date and author is recorded
  in ``extraction_quality`` and compared with its earlier runs; a sharp drop is
  logged as a warning.

A database that goes away mid-crawl loses nothing: items are spooled
durably and written once it is back (``newsbot/store/spooled``,
``newsbot/store/unspooled``). An item the database refuses (too large,
invalid) is set aside with the error (``newsbot/store/rejected``,
``newsbot/store/rejected/<ErrorClass>``); a spool that cannot be written
(``newsbot/store/spool_failed``) stops the crawl, which ends failed.
``newsbot/run/status`` and ``newsbot/run/failure_reason`` say how the run ended.

Stats written: ``newsbot/run_id``, ``newsbot/store/<outcome>`` with outcome
``new_article``, ``new_version``, ``unchanged``, ``not_modified`` (a 304) or
``flip_flop`` (an earlier version's content again); ``newsbot/drift/sources_checked``
and ``newsbot/drift/alarms``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from dataclasses import replace
from pathlib import Path

import psycopg
from psycopg_pool import PoolTimeout
from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsbot.archive.cluster import ClusterError
from newsbot.archive.coverage import CoverageRecorder
from newsbot.archive.database_url import newsbot_home, resolve_database_url
from newsbot.archive.migrate import MigrationError, migrate
from newsbot.archive.run_status import REASON_KEY, STATUS_KEY, run_verdict
from newsbot.archive.spool import SpooledItem
from newsbot.archive.spool_location import archive_spool
from newsbot.archive.spooling_store import OUTAGE_ERRORS, SpoolingStore, SpoolUnwritable
from newsbot.archive.writer import ArchiveWriter, FetchContext
from newsbot.dedupe import ArticleDedupe, DedupeConfig, fingerprint
from newsbot.drift import DriftConfig, ExtractionTally
from newsbot.drift.archive import record_and_check
from newsbot.extraction import EXTRACTOR_VERSION
from newsbot.items import ArticleItem

logger = logging.getLogger(__name__)


class ArchiveUnavailable(RuntimeError):
    """The archive cannot be reached or migrated when the crawl starts."""


class StorePipeline:
    def __init__(self, crawler, database_url: str | None, pool_size: int,
                 flip_flop_window: int = 5, spool_dir: Path | None = None,
                 retry_interval: float = 2.0, drain_timeout: float = 120.0,
                 drift: DriftConfig | None = None, max_error_share: float = 0.5):
        self.crawler = crawler
        self.max_error_share = max_error_share
        self.drift = drift
        self.tally = ExtractionTally()
        self.coverage = CoverageRecorder(crawler.stats)
        self.flip_flop_window = flip_flop_window
        self.spool_dir = spool_dir or newsbot_home() / "spool"
        self.retry_interval = retry_interval
        self.drain_timeout = drain_timeout
        self.spooling: SpoolingStore | None = None
        self.run_file: Path | None = None
        self.stats = crawler.stats
        self.database_url = database_url
        self.pool_size = pool_size
        self.writer: ArchiveWriter | None = None
        self.run_id: int | None = None
        self.source_ids: dict[str, int] = {}
        self.contexts: dict[str, FetchContext] = {}
        # Why this crawl cannot go on (set once; the run then ends failed).
        self.failure: str | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_STORE_ENABLED"):
            raise NotConfigured("NEWSBOT_STORE_ENABLED is off")
        pipeline = cls(crawler, settings.get("NEWSBOT_DATABASE_URL"),
                       settings.getint("NEWSBOT_STORE_POOL_SIZE"),
                       settings.getint("NEWSBOT_VERSIONS_FLIP_FLOP_WINDOW"),
                       Path(settings["NEWSBOT_SPOOL_DIR"]) if settings.get("NEWSBOT_SPOOL_DIR") else None,
                       settings.getfloat("NEWSBOT_STORE_RETRY_INTERVAL"),
                       settings.getfloat("NEWSBOT_STORE_DRAIN_TIMEOUT"),
                       DriftConfig.from_settings(settings),
                       settings.getfloat("NEWSBOT_RUN_MAX_ERROR_SHARE"))
        if settings.get("JOBDIR"):
            pipeline.run_file = Path(settings["JOBDIR"]) / "newsbot-run.json"
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.coverage.item_dropped, signal=signals.item_dropped)
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
        for run_id in await self.writer.close_dead_runs():
            logger.warning("Crawl run %s died without closing; marked interrupted", run_id)
        self.run_id = await self._start_or_resume_run(spider.name)
        self.contexts = {
            source.name: FetchContext(self.source_ids[source.name], self.run_id,
                                      EXTRACTOR_VERSION, source.recrawl_schedule)
            for source in sources}
        self.stats.set_value("newsbot/run_id", self.run_id)
        self.coverage.open(self.writer.pool, self.run_id, self.source_ids)
        logger.info("Crawl run %s stores into %s", self.run_id, _redacted(url))
        spool = await archive_spool(self.writer, self.spool_dir, spider.name, self._count)
        self.spooling = SpoolingStore(self._write, spool,
                                      self.retry_interval, self._count,
                                      max_concurrent_writes=self.pool_size)
        # What an earlier crawl could not write goes in before anything new.
        await self.spooling.drain()

    async def _start_or_resume_run(self, spider_name: str) -> int:
        # With JOBDIR, a restarted crawl carries on the run it was.
        if self.run_file and self.run_file.exists():
            run_id = json.loads(self.run_file.read_text())["run_id"]
            if await self.writer.resume_run(run_id):
                logger.info("Resuming crawl run %s from %s", run_id, self.run_file.parent)
                return run_id
        run_id = await self.writer.start_run(spider_name)
        if self.run_file:
            self.run_file.parent.mkdir(parents=True, exist_ok=True)
            self.run_file.write_text(json.dumps({"run_id": run_id}))
        return run_id

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        if not item.page.not_modified:
            self.tally.observe(item.page.source, item.article)
            self.coverage.item_stored(item)
        dedupe = dataclasses.asdict(item.dedupe.config) if item.dedupe else None
        try:
            await self.spooling.store(item, self.run_id, dedupe)
        except SpoolUnwritable as exc:
            self._stop_crawl("spool_unwritable", exc)
            raise
        return item

    async def _write(self, spooled: SpooledItem) -> str:
        item, run_id = spooled.item, spooled.run_id
        context = self.contexts.get(item.page.source) or FetchContext(
            None, run_id, EXTRACTOR_VERSION)
        if context.run_id != run_id:
            context = replace(context, run_id=run_id)
        dedupe = item.dedupe
        if dedupe is None and spooled.dedupe is not None:
            # Read back from the spool: the fingerprint is made again from the text.
            dedupe = ArticleDedupe(fingerprint(item.article.text), DedupeConfig(**spooled.dedupe),
                                   item.page.url)
        outcome = await self.writer.store(item.article, item.page, context, dedupe)
        self.stats.inc_value(f"newsbot/store/{outcome.value}")
        return outcome.value

    def _stop_crawl(self, reason: str, exc: Exception) -> None:
        """Stop fetching: pages that can be neither stored nor kept would be thrown away."""
        if self.failure is None:
            self.failure = f"{reason}: {exc}"
            logger.error("Stopping the crawl: %s", exc)
            engine = self.crawler.engine
            # Not awaited: closing waits for the items in flight, this one included.
            asyncio.get_running_loop().create_task(engine.close_spider_async(reason=reason))

    def _count(self, event: str, n: int) -> None:
        self.stats.inc_value(f"newsbot/store/{event}", n)

    async def spider_closed(self, spider, reason: str) -> None:
        if self.writer is None:
            return
        try:
            if self.spooling and not await self.spooling.wait_until_drained(self.drain_timeout):
                logger.error("The archive database is still down: %d item(s) stay spooled in "
                             "%s; the next crawl writes them", len(self.spooling.spool),
                             self.spooling.spool.directory)
            if self.run_id is not None:
                await self._check_drift()
                await self.coverage.close(self.drift)
                self.stats.set_value("finish_reason", reason)
                verdict = run_verdict(reason, self.stats.get_stats(), self.max_error_share,
                                      self.failure)
                self.stats.set_value(STATUS_KEY, verdict.status)
                if verdict.status == "failed":
                    self.stats.set_value(REASON_KEY, verdict.reason)
                    logger.error("Crawl run %s failed: %s", self.run_id, verdict.reason)
                await self.writer.finish_run(self.run_id, verdict.status,
                                             verdict.reason or reason, self.stats.get_stats())
                if reason == "finished" and self.run_file:
                    self.run_file.unlink(missing_ok=True)
        except OUTAGE_ERRORS as exc:
            logger.error("Could not record the end of crawl run %s: %s", self.run_id, exc)
        finally:
            await self.writer.close()

    async def _check_drift(self) -> None:
        if self.drift is None or not self.tally:
            return
        try:
            async with self.writer.pool.connection() as conn:
                drifts = await record_and_check(conn, self.run_id, self.tally, self.drift)
        except (psycopg.Error, PoolTimeout) as exc:
            # The alarm is a report; it must never keep the run from being closed.
            logger.error("Could not check crawl run %s for extraction drift: %s",
                         self.run_id, exc)
            return
        self.stats.set_value("newsbot/drift/sources_checked", len(self.tally))
        self.stats.set_value("newsbot/drift/alarms", len(drifts))
        for drift in drifts:
            logger.warning(drift.message)


def _redacted(url: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(url)
    return f"{params.get('host', 'localhost')}:{params.get('port', 5432)}/{params.get('dbname', '')}"
