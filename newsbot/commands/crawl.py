"""``scrapy crawl``: Scrapy's, with a crawl that cannot start reported in one line."""

from __future__ import annotations

import asyncio
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl

from newsbot.archive.cluster import ClusterError
from newsbot.archive.database_url import DatabaseUrlError
from newsbot.archive.migrate import MigrationError
from newsbot.sources import SourcesConfigError

# What stops a crawl at start for a reason the operator fixes; anything else
# keeps its traceback, as a bug should.
START_ERRORS = (SourcesConfigError, DatabaseUrlError, ClusterError, MigrationError)
START_ERROR_NAMES = {"ArchiveUnavailable"}  # pipelines.store, not importable from here


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        if len(args) != 1:
            return super().run(args, opts)
        assert self.crawler_process
        failures: list[BaseException] = []
        started = self.crawler_process.crawl(self._create_crawler(args[0]), **opts.spargs)
        if isinstance(started, asyncio.Future):
            started.add_done_callback(lambda task: _collect(task, failures))
        else:  # a Deferred, on Scrapy's Twisted path
            started.addErrback(lambda failure: failures.append(failure.value))
        self.crawler_process.start()
        for error in failures:
            if is_start_error(error):
                print(f"newsbot: {' '.join(str(error).split())}", file=sys.stderr)
            else:
                raise error
        if failures or self.crawler_process.bootstrap_failed:
            self.exitcode = 1


def _collect(task: asyncio.Future, failures: list[BaseException]) -> None:
    # Retrieving it here is what keeps asyncio from printing "Task exception was never retrieved".
    if not task.cancelled() and task.exception() is not None:
        failures.append(task.exception())


def is_start_error(error: BaseException) -> bool:
    return isinstance(error, START_ERRORS) or type(error).__name__ in START_ERROR_NAMES
