"""The crawl's run row in ``crawl_runs``, from the first fetch to the verdict.

``RunRecorder`` is a Scrapy extension (installed with the crawl's archive,
``newsbot.archive.crawl_archive``, by ``RunRecorderAddon``, so an
``-s EXTENSIONS=...`` on the command line cannot drop them). It is on
whenever the store is (``NEWSBOT_STORE_ENABLED``). The store pipeline awaits
``opened()`` before it stores anything; that first call:

- opens the crawl's archive (database, migrations, pool); when that fails
  the crawl stops before fetching (``ArchiveUnavailable``);
- records the sources, marks runs that died without closing ``interrupted``;
- starts a run row, or with ``JOBDIR`` carries on the one in
  ``<JOBDIR>/newsbot-run.json``.

When the spider closes (after the store has drained its spool), it records
extraction drift and coverage (``newsbot.drift``, ``newsbot.archive.coverage``),
judges the run (``newsbot.archive.run_status``, ``NEWSBOT_RUN_MAX_ERROR_SHARE``)
and writes status, reason and Scrapy's final stats into the row.

Stats written: ``newsbot/run_id``, ``newsbot/run/status``,
``newsbot/run/failure_reason``, ``newsbot/drift/sources_checked``,
``newsbot/drift/alarms``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import psycopg
from psycopg_pool import PoolTimeout
from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsbot import signals as newsbot_signals
from newsbot.archive.coverage import CoverageRecorder
from newsbot.archive.crawl_archive import ArchiveUnavailable, CrawlArchive, archive_of
from newsbot.archive.run_status import REASON_KEY, STATUS_KEY, run_verdict
from newsbot.archive.spooling_store import OUTAGE_ERRORS
from newsbot.archive.writer import FetchContext
from newsbot.crawl_sources import crawl_sources
from newsbot.drift import DriftConfig, ExtractionTally
from newsbot.drift.archive import record_and_check
from newsbot.extraction import EXTRACTOR_VERSION
from newsbot.items import ArticleItem

logger = logging.getLogger(__name__)


__all__ = ["ArchiveUnavailable", "RunRecorder", "RunRecorderAddon"]


class RunRecorderAddon:
    """Installs the crawl's archive and ``RunRecorder`` among the extensions, whatever EXTENSIONS says."""

    def update_settings(self, settings) -> None:
        settings.set_in_component_priority_dict("EXTENSIONS", CrawlArchive, 890)
        settings.set_in_component_priority_dict("EXTENSIONS", RunRecorder, 900)


class RunRecorder:
    def __init__(self, crawler, drift: DriftConfig | None = None,
                 max_error_share: float = 0.5, run_file: Path | None = None):
        self.crawler = crawler
        self.stats = crawler.stats
        self.drift = drift
        self.max_error_share = max_error_share
        self.run_file = run_file
        self.tally = ExtractionTally()
        self.coverage = CoverageRecorder(crawler.stats)
        self.archive: CrawlArchive | None = None
        self.run_id: int | None = None
        self.source_ids: dict[str, int] = {}
        self.contexts: dict[str, FetchContext] = {}
        # Why this crawl cannot go on (set once; the run then ends failed).
        self.failure: str | None = None
        self._opening: asyncio.Task | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_STORE_ENABLED"):
            raise NotConfigured("NEWSBOT_STORE_ENABLED is off: no run is recorded")
        run_file = Path(settings["JOBDIR"]) / "newsbot-run.json" if settings.get("JOBDIR") else None
        recorder = cls(crawler, DriftConfig.from_settings(settings),
                       settings.getfloat("NEWSBOT_RUN_MAX_ERROR_SHARE"), run_file)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(recorder.coverage.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(recorder.coverage.listed_page_not_fetched,
                                signal=newsbot_signals.listed_page_not_fetched)
        return recorder

    async def opened(self) -> None:
        """Open the archive and the run row, once; every caller waits for the same opening."""
        if self._opening is None:
            self._opening = asyncio.ensure_future(self._open())
        await asyncio.shield(self._opening)

    async def _open(self) -> None:
        archive = archive_of(self.crawler)
        if archive is None:
            raise ArchiveUnavailable("the run recorder needs the crawl's archive "
                                     "(newsbot.archive.run_recorder.RunRecorderAddon in ADDONS)")
        await archive.opened()
        self.archive = archive
        spider = self.crawler.spider
        sources = crawl_sources(self.crawler).sources
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
        logger.info("Crawl run %s stores into %s", self.run_id, _redacted(archive.url))

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

    def context(self, source: str, run_id: int | None) -> FetchContext:
        """Where a fetch of ``source`` belongs, for the run that fetched it."""
        context = self.contexts.get(source) or FetchContext(None, run_id, EXTRACTOR_VERSION)
        if context.run_id != run_id:
            context = FetchContext(context.source_id, run_id, context.extractor_version,
                                   context.recrawl_schedule)
        return context

    def item_stored(self, item: ArticleItem) -> None:
        """Count an item handed to the store, for the drift alarm and coverage."""
        if not item.page.not_modified:
            self.tally.observe(item.page.source, item.article)
            self.coverage.item_stored(item)

    def fail(self, reason: str, exc: Exception) -> None:
        """Stop fetching: pages that can be neither stored nor kept would be thrown away."""
        if self.failure is None:
            self.failure = f"{reason}: {exc}"
            logger.error("Stopping the crawl: %s", exc)
            engine = self.crawler.engine
            # Not awaited: closing waits for the items in flight, the caller's included.
            asyncio.get_running_loop().create_task(engine.close_spider_async(reason=reason))

    @property
    def writer(self):
        return self.archive.writer if self.archive is not None else None

    async def spider_closed(self, spider, reason: str) -> None:
        archive = self.archive or archive_of(self.crawler)
        if archive is None or archive.writer is None:
            return
        try:
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
            # The last to use it: every other stage closed before spider_closed.
            await archive.close()

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
