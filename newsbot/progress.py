"""A long crawl's progress on a terminal: pages fetched, articles stored and dropped (tqdm).

Scrapy logs its own "Crawled N pages" once a minute; an operator watching a
long crawl by hand also wants to see where the pages go. tqdm draws only when
stderr is a terminal, so cron mail, journald and the scheduler's logs get
nothing from it; at the end the bar stays as the crawl's one-line summary.

Settings read: ``NEWSBOT_PROGRESS_ENABLED`` (bool, True): off raises
NotConfigured. Stats written: none (it reads the pipelines' own).
"""

from __future__ import annotations

import sys
from typing import IO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from tqdm import tqdm


class CrawlProgress:
    def __init__(self, stream: IO | None = None, disable: bool | None = None):
        self.stream = stream or sys.stderr
        # None: draw only on a terminal (tqdm's own test).
        self.disable = disable
        self.bar: tqdm | None = None
        self.stored = self.dropped = 0

    @classmethod
    def from_crawler(cls, crawler) -> CrawlProgress:
        if not crawler.settings.getbool("NEWSBOT_PROGRESS_ENABLED"):
            raise NotConfigured("NEWSBOT_PROGRESS_ENABLED is off")
        progress = cls()
        for handler, signal in ((progress.opened, signals.spider_opened),
                                (progress.fetched, signals.response_received),
                                (progress.stored_one, signals.item_scraped),
                                (progress.dropped_one, signals.item_dropped),
                                (progress.closed, signals.spider_closed)):
            crawler.signals.connect(handler, signal=signal)
        return progress

    def opened(self, spider) -> None:
        self.bar = tqdm(desc=spider.name, unit=" pages", file=self.stream, disable=self.disable,
                        dynamic_ncols=True, mininterval=1.0)
        self._describe()

    def fetched(self, *args, **kwargs) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def stored_one(self, *args, **kwargs) -> None:
        self.stored += 1
        self._describe()

    def dropped_one(self, *args, **kwargs) -> None:
        self.dropped += 1
        self._describe()

    def closed(self, spider, reason: str) -> None:
        if self.bar is not None:
            self._describe(reason)
            self.bar.close()

    def _describe(self, reason: str | None = None) -> None:
        if self.bar is not None:
            ending = f", {reason}" if reason else ""
            self.bar.set_postfix_str(f"{self.stored} articles stored, {self.dropped} dropped{ending}",
                                     refresh=reason is not None)
