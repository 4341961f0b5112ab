"""Bare Scrapy for the throughput benchmark: the same links, no newsbot component, no database.

A ``SitemapSpider`` reads each source's sitemaps (the sitemap index, then
its sitemaps, as newsbot's spider does on ``benchmarks/fast_site.py``) and
fetches every article page, yielding one small item per page. It runs with
Scrapy's own default settings (not newsbot's settings.py: no add-ons, no
newsbot middleware, extension or pipeline), plus the settings the
benchmark gives every crawl (``-s NAME=VALUE``: concurrency, politeness off,
robots.txt obeyed, the stats file):

    .venv/bin/python -m benchmarks._bare_crawl --sources /tmp/bench-sources.toml \\
        -s CONCURRENT_REQUESTS=32 -s NEWSBOT_BENCH_STATS=/tmp/bare.json
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.spiders import SitemapSpider


class BareSpider(SitemapSpider):
    name = "bare"

    def parse(self, response):
        yield {"url": response.url, "bytes": len(response.body)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, required=True, help="the fast site's sources file")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    sources = tomllib.loads(args.sources.read_text(encoding="utf-8"))["source"]
    settings = {"EXTENSIONS": {"benchmarks.stats_dump.DumpStats": 1000,
                               "benchmarks.crawl_clock.CrawlClock": 999}}
    for setting in args.set:
        name, _, value = setting.partition("=")
        settings[name] = value
    process = CrawlerProcess(settings)
    process.crawl(BareSpider, sitemap_urls=[url for source in sources for url in source["sitemaps"]])
    process.start()


if __name__ == "__main__":
    main()
