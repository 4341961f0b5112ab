"""A tiny Scrapy extension for the benchmarks: write the final stats to a JSON file."""

import json

from scrapy import signals
from scrapy.exceptions import NotConfigured


class DumpStats:
    def __init__(self, crawler, path: str):
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("NEWSBOT_BENCH_STATS")
        if not path:
            raise NotConfigured
        extension = cls(crawler, path)
        crawler.signals.connect(extension.write, signal=signals.spider_closed)
        return extension

    def write(self, spider, reason):
        # Connected after CoreStats (order 1000), so elapsed_time_seconds is set.
        with open(self.path, "w") as f:
            json.dump(self.crawler.stats.get_stats(), f, default=str)
