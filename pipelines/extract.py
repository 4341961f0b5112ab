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
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from itemadapter import ItemAdapter

from newsbot.archive.capture import PackedCapture, pack_page
from newsbot.extraction import SiteRules
from newsbot.extraction.article import Article
from newsbot.extraction.sniff import page_problem
from newsbot.items import ArticleItem, FetchedPage
from newsbot.reading import extract_from_response, first_headers

logger = logging.getLogger(__name__)

# One crawl process feeds about this many extraction processes before its
# own share of the work (fetching, storing) is the limit; more only cost memory.
MAX_AUTO_WORKERS = 4
# A page for each new extraction process, so it imports and warms up while
# the crawl reads robots.txt, feeds and sitemaps, not on the first article.
_WARM_UP_PAGE = (b"<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
                 + b"<p>An extraction process reads this page once when it starts.</p>" * 3
                 + b"</article></body></html>")


def extract_workers(value: object) -> int:
    """Processes for ``NEWSBOT_EXTRACT_WORKERS``: ``auto`` (or unset) chooses from the CPU count.

    >>> extract_workers("0"), extract_workers(3)
    (0, 3)
    """
    if value is None or str(value).strip().lower() in ("", "auto"):
        try:
            cpus = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # not on Linux
            cpus = os.cpu_count() or 1
        return max(1, min(cpus, MAX_AUTO_WORKERS))
    try:
        workers = int(str(value).strip())
    except ValueError:
        workers = -1
    if workers < 0:
        raise ValueError(f"NEWSBOT_EXTRACT_WORKERS={value!r}: use auto, 0 (extract in the crawl "
                         "process) or a number of extraction processes")
    return workers


def extract_and_pack(page: FetchedPage, content_type: str | None, headers: dict[str, str],
                     rules: SiteRules | None) -> tuple[Article, PackedCapture]:
    """In an extraction process: the article, and the capture packed for the archive
    (gzip and SHA-1 of the page are work the crawl process need not do)."""
    return (extract_from_response(page.body, content_type, page.url, headers, rules),
            pack_page(page.status, page.headers, page.body))


class ExtractPipeline:
    def __init__(self, stats, max_bytes: int, workers: int, crawler=None):
        self.stats = stats
        self.max_bytes = max_bytes
        self.workers = workers
        self.crawler = crawler
        # Per source: its keep/drop selectors (``keep_selectors``, ``drop_selectors``).
        self.rules: dict[str, SiteRules] = {}
        self._executor: Executor | None = None

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
            self._executor = self._new_pool()

    async def _extract_in_pool(self, *arguments) -> tuple[Article, PackedCapture]:
        loop = asyncio.get_running_loop()
        executor = self._executor
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
        # Spawned, not forked: a fork of the crawl process would copy its
        # threads' locks and count its memory again in every worker.
        pool = ProcessPoolExecutor(max_workers=self.workers,
                                   mp_context=multiprocessing.get_context("spawn"))
        # Each submit with no idle process starts one: all of them start now.
        for _ in range(self.workers):
            pool.submit(extract_from_response, _WARM_UP_PAGE, "text/html", "http://warm-up.invalid/", {})
        return pool

    def close_spider(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item: FetchedPage) -> ArticleItem:
        fetched = ItemAdapter(item)
        page, url, body = fetched.item, fetched["url"], fetched["body"]
        if page.not_modified:
            self.stats.inc_value("newsbot/extract/not_modified")
            return ArticleItem(page=page, article=Article(url=url, canonical_url=url))
        content_type = page.header("Content-Type")
        problem = page_problem(body, content_type, self.max_bytes)
        if problem:
            self.stats.inc_value(f"newsbot/extract/refused/{problem}")
            return ArticleItem(page=page, article=Article(url=url, canonical_url=url),
                               skip_reason=problem)
        headers = first_headers(fetched["headers"])
        rules = self.rules.get(fetched["source"])
        try:
            if self._executor is None:
                article = extract_from_response(body, content_type, url, headers, rules)
            else:
                article, fetched["capture"] = await self._extract_in_pool(
                    page, content_type, headers, rules)
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

