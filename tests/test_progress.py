"""A long crawl's progress bar (tqdm): where the pages went, drawn only on a terminal."""

from __future__ import annotations

import io

import scrapy
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newsbot.progress import CrawlProgress


class Spider(scrapy.Spider):
    name = "worldnews"


def crawl_events(progress: CrawlProgress) -> None:
    spider = Spider()
    progress.opened(spider)
    for _ in range(5):
        progress.fetched()
    for _ in range(3):
        progress.stored_one()
    progress.dropped_one()
    progress.closed(spider, "finished")


def test_the_bar_ends_as_the_crawls_summary():
    stream = io.StringIO()
    progress = CrawlProgress(stream, disable=False)
    crawl_events(progress)
    last = stream.getvalue().replace("\r", "\n").strip().splitlines()[-1]
    assert last.startswith("worldnews: 5 pages"), last
    assert "3 articles stored, 1 dropped, finished" in last


def test_nothing_is_drawn_where_stderr_is_not_a_terminal():
    stream = io.StringIO()  # not a tty: what cron and journald get
    crawl_events(CrawlProgress(stream))
    assert stream.getvalue() == ""


def test_it_is_an_extension_with_an_off_switch():
    crawler = get_crawler(Spider, {"NEWSBOT_PROGRESS_ENABLED": True})
    assert isinstance(CrawlProgress.from_crawler(crawler), CrawlProgress)
    try:
        CrawlProgress.from_crawler(get_crawler(Spider, {"NEWSBOT_PROGRESS_ENABLED": False}))
    except NotConfigured:
        return
    raise AssertionError("NEWSBOT_PROGRESS_ENABLED=False did not raise NotConfigured")
