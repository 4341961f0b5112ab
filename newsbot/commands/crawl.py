"""``scrapy crawl`` whose exit status tells the truth.

Scrapy's own command exits 1 only when the crawl could not start. This one
also exits 1 when the run failed (``newsbot.archive.run_status``: nothing
fetched, too many failed requests, the spool unwritable, an error close),
and when the crawl dies before the store opened its run it leaves a
``failed`` row in ``crawl_runs`` with the error, if a database is reachable.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy.commands.crawl import Command as ScrapyCrawl
from twisted.internet.defer import Deferred

from newsbot.archive.failed_start import record_failed_start
from newsbot.archive.run_status import STATUS_KEY, run_verdict

logger = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        self._start_error: str | None = None
        crawler = self._create_crawler(args[0])
        self._watch(self.crawler_process.crawl(crawler, **opts.spargs))
        self.crawler_process.start()
        stats = _final_stats(crawler)
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            if "newsbot/run_id" not in stats and _stores(crawler):
                reason = self._start_error or "the crawl could not start (see the log)"
                record_failed_start(crawler.settings.get("NEWSBOT_DATABASE_URL"), args[0],
                                    f"failed to start: {reason}")
            return
        # The store judged the run and logged a failure; with the store off, judge here.
        status = stats.get(STATUS_KEY)
        if status is None:
            verdict = run_verdict(stats.get("finish_reason"), stats,
                                  crawler.settings.getfloat("NEWSBOT_RUN_MAX_ERROR_SHARE", 0.5))
            status = verdict.status
            if status == "failed":
                logger.error("Crawl failed: %s", verdict.reason)
        if status == "failed":
            self.exitcode = 1

    def _remember_start_error(self, error: BaseException | None) -> None:
        if error is not None and self._start_error is None:
            self._start_error = f"{type(error).__name__}: {error}"

    def _watch(self, started) -> None:
        if isinstance(started, Deferred):
            def failed(failure):
                self._remember_start_error(failure.value)
                return failure
            started.addErrback(failed)
        elif isinstance(started, asyncio.Future):
            started.add_done_callback(
                lambda task: self._remember_start_error(
                    None if task.cancelled() else task.exception()))


def _final_stats(crawler) -> dict:
    try:
        return crawler.stats.get_stats()
    except RuntimeError:  # the crawl died before its stats existed
        return {}


def _stores(crawler) -> bool:
    return crawler is not None and crawler.settings.getbool("NEWSBOT_STORE_ENABLED", True)
