"""Scrapy's CoreStats, quiet about a spider that never opened.

When a pipeline's ``open_spider`` fails (the archive is down at start), Scrapy
still sends ``spider_closed``, and CoreStats asserts on the start time it never
recorded: a second traceback under the one clear error. This one skips the
elapsed time instead.
"""

from __future__ import annotations

from scrapy.extensions.corestats import CoreStats


class NewsbotCoreStats(CoreStats):
    def spider_closed(self, spider, reason: str) -> None:
        if self.start_time is None:
            self.stats.set_value("finish_reason", reason)
            return
        super().spider_closed(spider, reason)
