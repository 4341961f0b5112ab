"""Extract: turn a fetched page into an article with the pure extraction library.

Settings read:

- ``NEWSBOT_EXTRACT_MAX_BYTES`` (int, 5 MiB): larger bodies are not parsed.
- ``NEWSBOT_EXTRACT_WORKERS`` (``auto`` or int, ``auto``): size of a process
  pool that runs extraction off the reactor thread; ``auto`` is one process
  per CPU this crawl may use, at most ``MAX_AUTO_WORKERS``; 0 extracts in
  the crawl process (on the reactor thread).

Each source's ``keep_selectors`` and ``drop_selectors`` (sources config) go to
the extractor as its ``SiteRules``.

Stats written: ``newsbot/extract/extracted``, ``newsbot/extract/not_modified`` (304s
pass through to store untouched), ``newsbot/extract/refused/<reason>``,
``newsbot/extract/failed``, ``newsbot/extract/field_failed/<field>`` (one field's
reader raised on a page: the field is left empty, the page goes on, the
error is logged), ``newsbot/extract/repaired/<repair>`` (the page's markup was
repaired before reading, e.g. ``unclosed_title``), ``newsbot/extract/pool_restarted`` (an extraction
process died and the pool was replaced).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from itemadapter import ItemAdapter

from newsbot.archive.capture import PackedCapture
from newsbot.extract_pool import (
    MAX_AUTO_WORKERS,
    extract_and_pack,
    extract_from_response,
    extract_workers,
    first_headers,
    new_pool,
)
from newsbot.extraction.article import Article
from newsbot.extraction.sniff import page_problem
from newsbot.items import ArticleItem, FetchedPage

if TYPE_CHECKING:
    from newsbot.extraction import SiteRules

__all__ = ["MAX_AUTO_WORKERS", "ExtractPipeline", "extract_from_response", "extract_workers"]

logger = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, stats, max_bytes: int, workers: int, crawler=None):
        self.stats = stats
        self.max_bytes = max_bytes
        self.workers = workers
        self.crawler = crawler
        # Per source: its keep/drop selectors (``keep_selectors``, ``drop_selectors``).
        self.rules: dict[str, SiteRules] = {}
        self._executor: Executor | None = None
        # The pool being started in a thread: starting it waits for the fork
        # server to import and warm up, which must not hold the reactor.
        self._starting: Future | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler.stats, settings.getint("NEWSBOT_EXTRACT_MAX_BYTES"),
                   extract_workers(settings.get("NEWSBOT_EXTRACT_WORKERS")), crawler)

    def open_spider(self) -> None:
        sources = getattr(getattr(self.crawler, "spider", None), "sources", ())
        self.rules = {source.name: source.extraction_rules for source in sources
                      if source.extraction_rules}
        if self.workers > 0:
            self._starting = Future()
            threading.Thread(target=self._start_pool, args=(self._starting,), daemon=True,
                             name="newsbot-extract-pool-start").start()

    def _start_pool(self, started: Future) -> None:
        try:
            started.set_result(self._new_pool())
        except BaseException as exc:  # handed to the first page that needs the pool
            started.set_exception(exc)

    async def _pool(self) -> Executor:
        """The pool, once started (the first pages wait for it)."""
        if self._starting is not None:
            starting = self._starting
            executor = await asyncio.wrap_future(starting)
            if self._starting is starting:
                self._executor, self._starting = executor, None
        return self._executor

    async def _extract_in_pool(self, *arguments) -> tuple[Article, PackedCapture]:
        loop = asyncio.get_running_loop()
        executor = await self._pool()
        try:
            return await loop.run_in_executor(executor, extract_and_pack, *arguments)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): the pool refuses every later
            # page, so replace it once and try this page again.
            if self._executor is executor:
                logger.error("An extraction process died; starting a new pool")
                self.stats.inc_value("newsbot/extract/pool_restarted")
                executor.shutdown(wait=False, cancel_futures=True)
                self._executor = self._new_pool()
            return await loop.run_in_executor(self._executor, extract_and_pack, *arguments)

    def _new_pool(self) -> Executor:
        return new_pool(self.workers)

    def close_spider(self) -> None:
        if self._starting is not None:
            try:
                self._executor = self._starting.result()
            except Exception:  # it never started: nothing to shut down
                self._executor = None
            self._starting = None
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item: FetchedPage) -> ArticleItem:
        fetched = ItemAdapter(item)
        page, url, body = fetched.item, fetched["url"], fetched["body"]
        if page.not_modified:
            self.stats.inc_value("newsbot/extract/not_modified")
            return ArticleItem(page=page, article=Article(url=url, canonical_url=url))
        if page.gone:
            # Its answer decides (validate drops it as http_404/410): its
            # "not found" page is not worth an extraction.
            return ArticleItem(page=page, article=Article(url=url, canonical_url=url))
        content_type = page.header("Content-Type")
        problem = page_problem(body, content_type, self.max_bytes)
        if problem:
            self.stats.inc_value(f"newsbot/extract/refused/{problem}")
            return ArticleItem(page=page, article=Article(url=url, canonical_url=url),
                               skip_reason=problem)
        rules = self.rules.get(fetched["source"])
        try:
            if self._executor is None and self._starting is None:
                article = extract_from_response(body, content_type, url,
                                                first_headers(fetched["headers"]), rules)
            else:
                article, fetched["capture"] = await self._extract_in_pool(
                    url, page.status, fetched["headers"], body, content_type, rules)
        except Exception:  # the extractor must not take the crawl down with it
            logger.exception("Extraction failed for %s", url)
            self.stats.inc_value("newsbot/extract/failed")
            return ArticleItem(page=page, article=Article(url=url, canonical_url=url),
                               skip_reason="extraction_failed")
        self.stats.inc_value("newsbot/extract/extracted")
        for repair in article.repairs:
            self.stats.inc_value(f"newsbot/extract/repaired/{repair}")
        for field_name in article.field_failures:
            self.stats.inc_value(f"newsbot/extract/field_failed/{field_name}")
        return ArticleItem(page=page, article=article)

