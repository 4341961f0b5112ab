"""The base of newsbot's spiders: find article URLs from a sources file and fetch them.

A subclass names itself and, if it likes, a default sources file; everything
else (feeds, sitemaps, section pages with pagination, following article
links within the source's depth) is here. The spider only navigates and
fetches: it yields ``FetchedPage`` items, and the pipelines extract, check,
clean and store them.

Spider arguments (``-a NAME=VALUE``):

- ``sources``: path of the sources file (else the ``NEWSBOT_SOURCES`` setting).
- ``only``: comma-separated source names to crawl, e.g. ``-a only=bbc-world``.
- ``listings``: ``on`` or ``off``; off reads no feed, sitemap or section and
  only revisits the stored articles that are due (else the
  ``NEWSBOT_LISTINGS_ENABLED`` setting, default on).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import cache
from datetime import datetime, timezone
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap

from newsbot.dedupe.urls import without_variant_params
from newsbot.items import GONE_STATUSES, FetchedPage
from newsbot.render import RenderRequests
from newsbot.signals import listed_page_not_fetched
from newsbot.archive.revisits import ARCHIVE_CHECKED_META, Revisits
from newsbot.crawl_sources import CrawlSources, crawl_sources
from newsbot.sources import Source
from spiders.feeds import feed_selector
from newsbot.link_rules import is_pagination_link, looks_like_article_url
from spiders.journal import ID_KEY as JOURNAL_ID
from spiders.journal import InflightJournal, request_failed
from spiders.sitemaps import SitemapBounds

# Relative to one <item> (RSS) or <entry> (Atom).
_FEED_ENTRY_LINK = (
    "link/text()"
    " | link[not(@rel) or @rel='alternate']/@href"
    " | self::item[not(link)]/guid[not(@isPermaLink='false')]/text()"
)


# The ways of finding a URL, strongest evidence of an article first.
_VIA_STRENGTH = ("recrawl", "feed", "sitemap", "section", "link")


@dataclass(frozen=True, slots=True)
class Listed:
    """What this run's listings said of one URL (one per listed URL: kept small)."""

    vias: frozenset[str] = frozenset()
    title: str | None = None
    lastmod: str | None = None

    def add(self, via: str, title: str | None, lastmod: str | None) -> Listed:
        return Listed(_vias(self.vias, via), self.title or title, self.lastmod or lastmod)

    def best(self, via: str) -> str:
        return min(self.vias | {via}, key=lambda v: _VIA_STRENGTH.index(v)
                   if v in _VIA_STRENGTH else len(_VIA_STRENGTH))


@cache
def _vias(vias: frozenset[str], via: str) -> frozenset[str]:
    # A handful of distinct sets, shared by every listed URL (a set is 216 bytes).
    return vias | {via}


class SourcesSpider(scrapy.Spider):
    """Crawl the outlets of a sources file for articles."""

    def __init__(self, *args: Any, sources: str | None = None, only: str | None = None,
                 listings: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.sources_path = sources
        self.listings_arg = listings
        self.only = {name.strip() for name in only.split(",")} if only else None
        # Article URLs the listings named in this run, and what they said of
        # each: one request goes out per URL, whichever listing named it first.
        self.listed: dict[str, Listed] = {}

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The crawl's one sources component (newsbot/crawl_sources.py), loaded
        # here because the spider's arguments name the file.
        CrawlSources.load(crawler, spider.sources_path, spider.only)
        spider.listings = _listings_flag(spider.listings_arg, crawler.settings)
        spider.sitemap_max_urls = crawler.settings.getint("NEWSBOT_SITEMAP_MAX_URLS")
        spider.sitemap_bounds = SitemapBounds.from_crawler(crawler)
        spider.render = RenderRequests.from_settings(crawler.settings)
        spider.revisits = Revisits.from_crawler(crawler)
        spider.journal = InflightJournal.from_crawler(crawler)
        return spider

    @property
    def sources(self) -> tuple[Source, ...]:
        """The crawl's sources (``crawl_sources``), as the sources file lists them."""
        return crawl_sources(self.crawler).sources

    async def start(self) -> AsyncIterator[scrapy.Request]:
        by_name = crawl_sources(self.crawler).by_name
        for entry in self.journal.pending():
            if entry.get("source") in by_name:
                yield self._resumed_request(entry, by_name[entry["source"]])
        for source in self.sources if self.listings else ():
            for url in source.feeds:
                yield self._request(url, self.parse_feed, source)
            for url in source.sitemaps:
                yield self.sitemap_bounds.started(source.name,
                                                  self._request(url, self.parse_sitemap, source))
            for url in source.sections:
                yield self._request(url, self.parse_section, source, page=1)
        for due in await self.revisits.due(by_name):
            source = by_name[due.source]
            request = self._request(due.canonical_url, self.parse_article, source, via="recrawl",
                                    depth=source.max_depth, recrawl_of=due.article_id)
            # A 304 is an answer here, not an error. The meta keeps the
            # journal's entry: a revisit is part of the frontier too.
            yield request.replace(
                headers=due.conditional_headers(),
                meta={**request.meta, "handle_httpstatus_list": [304, *GONE_STATUSES]})

    # -- discovery ---------------------------------------------------------

    async def parse_feed(self, response: Response, source: Source
                         ) -> AsyncIterator[scrapy.Request]:
        try:
            selector = feed_selector(response)
        except ValueError:
            self._skip_listing("feed", response)
            return
        selector.remove_namespaces()
        links, titles = [], {}
        for entry in selector.xpath("//item | //entry"):
            link = (entry.xpath(_FEED_ENTRY_LINK).get() or "").strip()
            if link:
                links.append(link)
                titles[link] = " ".join(entry.xpath("title//text()").getall()).strip() or None
        if not links:
            self._skip_listing("feed", response)
            return
        async for request in self._article_requests(response, source, links, "feed", depth=1,
                                                    check_pattern=False, titles=titles):
            yield request
        self._listing_done(response)

    async def parse_sitemap(self, response: Response, source: Source
                            ) -> AsyncIterator[scrapy.Request]:
        try:
            body = self.sitemap_bounds.body(response)
        except OSError:
            self._skip_listing("sitemap", response)
            return
        if body is None:  # too large: counted and logged
            self._listing_done(response)
            return
        try:
            sitemap = Sitemap(body)
        except (StopIteration, ValueError, SyntaxError):
            self._skip_listing("sitemap", response)
            return
        entries = sorted(sitemap, key=_sitemap_recency, reverse=True)[: self.sitemap_max_urls]
        locs = [entry["loc"] for entry in entries if entry.get("loc")]
        lastmods = {entry["loc"]: entry.get("lastmod") or None for entry in entries
                    if entry.get("loc")}
        if sitemap.type == "sitemapindex":
            for loc in locs:
                url = response.urljoin(loc)
                if source.owns(url) and self.sitemap_bounds.child_allowed(source.name, response):
                    yield self.sitemap_bounds.started(
                        source.name, self._request(url, self.parse_sitemap, source),
                        self.sitemap_bounds.child_depth(response))
        else:
            async for request in self._article_requests(response, source, locs, "sitemap",
                                                        depth=1, check_pattern=False,
                                                        titles=_news_titles(body),
                                                        lastmods=lastmods):
                yield request
        self._listing_done(response)

    async def parse_section(self, response: Response, source: Source, page: int
                            ) -> AsyncIterator[scrapy.Request]:
        if not hasattr(response, "css"):
            self._skip_listing("section", response)
            return
        hrefs = []
        for link in response.css("a[href]"):
            url = response.urljoin(link.attrib["href"])
            text = " ".join(link.css("::text").getall()).strip()
            if (page < source.max_section_pages and source.owns(url)
                    and is_pagination_link(url, text, link.attrib.get("rel", ""), response.url)):
                yield self._request(url, self.parse_section, source, page=page + 1)
            else:
                hrefs.append(url)
        async for request in self._article_requests(response, source, hrefs, "section", depth=1):
            yield request
        self._listing_done(response)

    async def parse_article(self, response: Response, source: Source, via: str, depth: int,
                            recrawl_of: int | None = None, title: str | None = None,
                            lastmod: str | None = None
                            ) -> AsyncIterator[FetchedPage | scrapy.Request]:
        # Another listing may have named the URL too (a feed with its title).
        listed = self.listed.get((response.meta.get("redirect_urls") or [response.url])[0])
        if listed is not None:
            via, title, lastmod = listed.best(via), title or listed.title, lastmod or listed.lastmod
        yield FetchedPage(
            source=source.name,
            url=response.url,
            # The URL as first requested, before any redirect.
            requested_url=(response.meta.get("redirect_urls") or [response.url])[0],
            status=response.status,
            headers={k.decode("latin-1"): [v.decode("latin-1") for v in vs]
                     for k, vs in response.headers.items()},
            body=response.body,
            fetched_at=datetime.now(timezone.utc),
            discovered_via=via,
            recrawl_of=recrawl_of,
            listed_title=title,
            listed_lastmod=lastmod,
        )
        if response.status in GONE_STATUSES:
            return
        # Links inside an article are followed only when the source asks (max_depth > 1).
        if depth < source.max_depth and hasattr(response, "css"):
            links = [response.urljoin(href) for href in response.css("a::attr(href)").getall()]
            async for request in self._article_requests(response, source, links, "link",
                                                        depth=depth + 1):
                yield request

    # -- helpers -----------------------------------------------------------

    async def _article_requests(self, response: Response, source: Source, urls: list[str],
                                via: str, depth: int, check_pattern: bool = True,
                                titles: dict[str, str | None] | None = None,
                                lastmods: dict[str, str | None] | None = None
                                ) -> AsyncIterator[scrapy.Request]:
        candidates: dict[str, tuple[str | None, str | None]] = {}
        for raw in urls:
            # Tracking and print parameters name the same article: fetch it once, plain.
            url = without_variant_params(response.urljoin(raw))
            if url in candidates or not source.owns(url):
                continue
            # Feeds and sitemaps list articles by design; only links scraped
            # from HTML need the URL-shape guess.
            if (check_pattern or source.article_url_patterns) and not looks_like_article_url(
                    url, source.article_url_patterns):
                continue
            candidates[url] = ((titles or {}).get(raw), (lastmods or {}).get(raw))
        # Stored articles come back through the recrawl schedule, not listings;
        # refused and missing pages only after their source's recrawl interval
        # or when the sitemap says they changed.
        skip = await self.revisits.not_to_fetch(
            {url: lastmod for url, (_, lastmod) in candidates.items()}, source)
        for url, (title, lastmod) in candidates.items():
            if url in skip:
                continue
            self.crawler.stats.inc_value(f"newsbot/discovery/{via}")
            if url not in self.listed:
                # Distinct URLs: the feed, sitemap and section list the same article.
                self.crawler.stats.inc_value(f"newsbot/discovery/listed/{source.name}")
            self.listed[url] = self.listed.get(url, Listed()).add(via, title, lastmod)
            extra = {k: v for k, v in (("title", title), ("lastmod", lastmod)) if v}
            request = self._request(url, self.parse_article, source, via=via, depth=depth, **extra)
            if self.revisits.checks_listings:
                request.meta[ARCHIVE_CHECKED_META] = True
            yield request

    def _request(self, url: str, callback, source: Source, **cb_kwargs: Any) -> scrapy.Request:
        meta = {**self._meta(url, callback, source),
                **self.journal.entry(url, callback.__name__, source=source.name, **cb_kwargs)}
        return scrapy.Request(url, callback=callback, cb_kwargs={"source": source, **cb_kwargs},
                              meta=meta, errback=self._request_failed)

    def _resumed_request(self, entry: dict[str, Any], source: Source) -> scrapy.Request:
        fields = {k: v for k, v in entry.items()
                  if k not in ("url", "callback", "source", JOURNAL_ID)}
        request = self._request(entry["url"], getattr(self, entry["callback"]), source, **fields)
        # Its fingerprint is "seen" in the job's dupefilter: it must get through;
        # and it keeps its journal entry.
        return request.replace(dont_filter=True,
                               meta={**request.meta, JOURNAL_ID: entry[JOURNAL_ID]})

    def _meta(self, url: str, callback, source: Source) -> dict[str, Any]:
        meta: dict[str, Any] = {"newsbot_source": source.name}
        if callback == self.parse_article:
            # A page that is gone is an answer to record, not an error to drop.
            meta["handle_httpstatus_list"] = list(GONE_STATUSES)
        # Only pages go through the browser: feeds and sitemaps are data.
        if callback in (self.parse_section, self.parse_article) and source.renders_with_js(url):
            meta.update(self.render.meta(listing=callback == self.parse_section))
        return meta

    def _skip_listing(self, kind: str, response: Response) -> None:
        self.logger.warning("Skipping %s: not a readable %s", response.url, kind)
        self.crawler.stats.inc_value(f"newsbot/discovery/bad_{kind}")
        self._listing_done(response)

    def _listing_done(self, response: Response) -> None:
        # Every request it led to is now in the journal.
        self.journal.finished(response)

    def _request_failed(self, failure) -> None:
        """Errback: a request that failed for good is counted, logged and crossed off."""
        request_failed(self.crawler.stats, self.journal, failure, self.logger)
        request = getattr(failure, "request", None)
        if (failure.check(IgnoreRequest) and request is not None
                and request.callback == self.parse_article
                and request.cb_kwargs.get("via") != "recrawl"):
            # A listed page that was never fetched is a drop of its source, too.
            self.crawler.signals.send_catch_log(
                signal=listed_page_not_fetched, source=request.cb_kwargs["source"].name,
                reason=_ignored_reason(failure.value))


def _ignored_reason(exception: BaseException) -> str:
    """Scrapy's "Forbidden by robots.txt" -> ``robots_txt``; "same_url_in_run: URL" -> ``same_url_in_run``."""
    text = str(exception).strip()
    if "robots.txt" in text:
        return "robots_txt"
    head = "_".join(text.split(":", 1)[0].split()).lower()
    return head if head and len(head) <= 40 and head.replace("_", "").isalnum() else "not_sent"


def _listings_flag(argument: str | None, settings) -> bool:
    if argument is None:
        return settings.getbool("NEWSBOT_LISTINGS_ENABLED", True)
    value = argument.strip().lower()
    if value not in ("on", "off", "true", "false", "1", "0", "yes", "no"):
        raise ValueError(f"spider argument listings={argument!r}: use on or off")
    return value in ("on", "true", "1", "yes")


def _news_titles(body: bytes) -> dict[str, str]:
    """loc -> news:title of a Google News sitemap; empty for any other sitemap."""
    if b"news:title" not in body and b"<title" not in body:
        return {}
    try:
        selector = scrapy.Selector(type="xml", text=body)
    except ValueError:
        return {}
    selector.remove_namespaces()
    return {loc.strip(): title.strip()
            for url in selector.xpath("//url[news/title]")
            for loc, title in [(url.xpath("loc/text()").get() or "",
                                url.xpath("news/title/text()").get() or "")]
            if loc.strip() and title.strip()}


def _sitemap_recency(entry: dict[str, Any]) -> str:
    # W3C datetimes sort as text; entries without one go last.
    return entry.get("lastmod") or ""
