"""A tiny Scrapy extension for the throughput benchmark: when did the crawl's last page finish?

``elapsed_time_seconds`` runs until the spider is closed, which for a
distributed worker includes its idle wait and for the full pipeline the
end-of-run bookkeeping. This records, as ``bench/last_done_at`` (Unix
time), the moment the last response arrived or the last item left the
pipelines, and ``bench/started_at`` for the moment the spider opened.
"""

import time

from scrapy import signals
from scrapy.exceptions import NotConfigured


class CrawlClock:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("NEWSBOT_BENCH_STATS"):
            raise NotConfigured
        clock = cls(crawler.stats)
        crawler.signals.connect(clock.started, signal=signals.spider_opened)
        for signal in (signals.response_received, signals.item_scraped, signals.item_dropped,
                       signals.item_error):
            crawler.signals.connect(clock.done, signal=signal)
        return clock

    def started(self, spider):
        self.stats.set_value("bench/started_at", time.time())

    def done(self, *args, **kwargs):
        self.stats.set_value("bench/last_done_at", time.time())
