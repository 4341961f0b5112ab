"""``scrapy crawl``: Scrapy's, with an exit status that tells the truth.

Scrapy's own command exits 1 only when the crawl could not start, and then
reports the cause as a 20-line traceback under "Task exception was never
retrieved". This one:

- reports a crawl that cannot start for a reason the operator fixes (a
  sources file with a mistake, a database URL that is not one, an archive
  that is down) as the one line that names the file, field or value at
  fault, and leaves a ``failed`` row in ``crawl_runs`` when a database is
  reachable;
- exits 1 when the run failed (``newsbot.archive.run_status``: nothing
  fetched, too many failed requests, the spool unwritable, an error close).
"""

from __future__ import annotations

import asyncio
import logging
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl

from newsbot.archive.cluster import ClusterError
from newsbot.archive.database_url import DatabaseUrlError
from newsbot.archive.failed_start import record_failed_start
from newsbot.archive.migrate import MigrationError
from newsbot.archive.run_recorder import ArchiveUnavailable
from newsbot.archive.run_status import STATUS_KEY, run_verdict
from newsbot.sources import SourcesConfigError

logger = logging.getLogger(__name__)

# What stops a crawl at start for a reason the operator fixes; anything else
# keeps its traceback, as a bug should.
START_ERRORS = (SourcesConfigError, DatabaseUrlError, ClusterError, MigrationError,
                ArchiveUnavailable)


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        assert self.crawler_process
        _drop_records_below_log_level(self.settings)
        failures: list[BaseException] = []
        crawler = self._create_crawler(args[0])
        started = self.crawler_process.crawl(crawler, **opts.spargs)
        if isinstance(started, asyncio.Future):
            started.add_done_callback(lambda task: _collect(task, failures))
        else:  # a Deferred, on Scrapy's Twisted path
            started.addErrback(lambda failure: failures.append(failure.value))
        self.crawler_process.start()
        stats = _final_stats(crawler)
        if failures or self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            if "newsbot/run_id" not in stats and _stores(crawler):
                reason = (f"{type(failures[0]).__name__}: {_one_line(failures[0])}" if failures
                          else "the crawl could not start (see the log)")
                record_failed_start(crawler.settings.get("NEWSBOT_DATABASE_URL"), args[0],
                                    f"failed to start: {reason}")
            for error in failures:
                if is_start_error(error):
                    print(f"newsbot: {_one_line(error)}", file=sys.stderr)
                else:
                    raise error
            return
        # The run recorder judged the run and logged a failure; with the store off, judge here.
        status = stats.get(STATUS_KEY)
        if status is None:
            verdict = run_verdict(stats.get("finish_reason"), stats,
                                  crawler.settings.getfloat("NEWSBOT_RUN_MAX_ERROR_SHARE", 0.5))
            status = verdict.status
            if status == "failed":
                logger.error("Crawl failed: %s", verdict.reason)
        if status == "failed":
            self.exitcode = 1


def _drop_records_below_log_level(settings) -> None:
    """Scrapy leaves the root logger at NOTSET and filters in its handler, so each
    debug line (one per response: "Crawled (200) ...") is built, with its caller
    looked up, and then thrown away. The root logger at ``LOG_LEVEL`` skips them."""
    level = settings.get("LOG_LEVEL")
    if logging.root.level == logging.NOTSET and level:
        logging.root.setLevel(level if isinstance(level, int) else str(level).upper())


def _collect(task: asyncio.Future, failures: list[BaseException]) -> None:
    # Retrieving it here is what keeps asyncio from printing "Task exception was never retrieved".
    if not task.cancelled() and task.exception() is not None:
        failures.append(task.exception())


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def is_start_error(error: BaseException) -> bool:
    return isinstance(error, START_ERRORS)


def _final_stats(crawler) -> dict:
    try:
        return crawler.stats.get_stats()
    except RuntimeError:  # the crawl died before its stats existed
        return {}


def _stores(crawler) -> bool:
    return crawler is not None and crawler.settings.getbool("NEWSBOT_STORE_ENABLED", True)
