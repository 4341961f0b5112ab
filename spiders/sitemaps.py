"""Bounds on sitemaps: how deep an index may nest, how many files a source may list, how big one may be.

A sitemap is the site's data, and a hostile or broken one is a trap: an
index listing twenty new child indexes in each file was followed 263 levels
deep, 8,765 files in 90 s, with no end. Per source and per run, a child is
followed only while its index depth is at most ``NEWSBOT_SITEMAP_MAX_DEPTH``
and the source's sitemap files so far number fewer than
``NEWSBOT_SITEMAP_MAX_FILES``; a file (gzipped or not) larger than
``NEWSBOT_SITEMAP_MAX_BYTES`` once unpacked is skipped. Each refusal is
counted and logged, never a spider error.

Settings read: ``NEWSBOT_SITEMAP_MAX_DEPTH`` (int, 3: the configured sitemap
is depth 0), ``NEWSBOT_SITEMAP_MAX_FILES`` (int, 200), ``NEWSBOT_SITEMAP_MAX_BYTES``
(int, 50 MiB, the sitemap protocol's own limit). Stats written:
``newsbot/sitemaps/too_deep``, ``newsbot/sitemaps/too_many``, ``newsbot/sitemaps/too_large``.
"""

from __future__ import annotations

import logging
from collections import Counter

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number

logger = logging.getLogger(__name__)

DEPTH_META = "newsbot_sitemap_depth"


class SitemapBounds:
    def __init__(self, stats_of, max_depth: int, max_files: int, max_bytes: int) -> None:
        # The crawler's stats exist only once the crawl starts, after the spider is made.
        self._stats_of = stats_of
        self.max_depth = max_depth
        self.max_files = max_files
        self.max_bytes = max_bytes
        self._files: Counter[str] = Counter()
        self._warned: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler) -> SitemapBounds:
        settings = crawler.settings
        return cls(lambda: crawler.stats, settings.getint("NEWSBOT_SITEMAP_MAX_DEPTH", 3),
                   settings.getint("NEWSBOT_SITEMAP_MAX_FILES", 200),
                   settings.getint("NEWSBOT_SITEMAP_MAX_BYTES", 50 * 1024 * 1024))

    def started(self, source: str, request: Request, depth: int = 0) -> Request:
        """Count a sitemap request of ``source`` and mark its depth."""
        self._files[source] += 1
        request.meta[DEPTH_META] = depth
        return request

    def child_allowed(self, source: str, index: Response) -> bool:
        """Whether a child of sitemap index ``index`` may be requested."""
        depth = index.meta.get(DEPTH_META, 0) + 1
        if depth > self.max_depth:
            return self._refuse(source, "too_deep", index.url,
                                f"index depth past NEWSBOT_SITEMAP_MAX_DEPTH ({self.max_depth})")
        if self._files[source] >= self.max_files:
            return self._refuse(source, "too_many", index.url,
                                f"NEWSBOT_SITEMAP_MAX_FILES ({self.max_files}) files this run")
        return True

    def child_depth(self, index: Response) -> int:
        return index.meta.get(DEPTH_META, 0) + 1

    def body(self, response: Response) -> bytes | None:
        """The sitemap's XML, unpacked; None (counted, logged) when it is too large."""
        body = response.body
        if gzip_magic_number(response):
            try:
                body = gunzip(body, max_size=self.max_bytes)
            except ValueError:  # Scrapy's "decompressed past max_size"
                body = None
        if body is None or len(body) > self.max_bytes:
            self._stats_of().inc_value("newsbot/sitemaps/too_large")
            logger.warning("Skipping sitemap %s: larger than NEWSBOT_SITEMAP_MAX_BYTES (%d) "
                           "unpacked", response.url, self.max_bytes)
            return None
        return body

    def _refuse(self, source: str, reason: str, url: str, why: str) -> bool:
        self._stats_of().inc_value(f"newsbot/sitemaps/{reason}")
        if (source, reason) not in self._warned:  # once per source: a trap lists thousands
            self._warned.add((source, reason))
            logger.warning("Source %s: not following the sitemaps listed in %s and later ones "
                           "like it: %s", source, url, why)
        return False
