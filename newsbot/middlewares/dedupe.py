"""Do not request pages that need no fetch: URL variants already requested in this run, and known aliases.

Two URLs with one ``url_key`` (tracking parameters, AMP and mobile variants,
``www.``, scheme, trailing slash) are one page, so only the first is
requested in a run. A URL that the archive records as an alias of a stored
article (``article_urls.kind = 'alias'``: an exact copy of it, or a page that
declared it as canonical) is not requested again; the article is fetched
under its canonical URL. When to refetch canonical URLs is the recrawl
schedule's business, not this component's.

Requests with ``dont_filter`` (robots.txt, retries) pass. A redirect of an
admitted request to the same key (``/a`` to ``/a/``, http to https) passes too,
and so do variants of a URL whose fetch failed. The lookups go through the
crawl's archive (``newsbot.archive.crawl_archive``): when it does not answer
within a second, or is down for any stage, requests go out unchecked until
it is back: an outage never stalls the downloads.

Settings read:

- ``NEWSBOT_DEDUPE_ENABLED`` (bool, True): off raises NotConfigured.
- ``NEWSBOT_DEDUPE_SKIP_ALIASES`` (bool, True): ask the archive about each URL;
  only when ``NEWSBOT_STORE_ENABLED`` is on too.

Stats written: ``newsbot/dedupe/request_skipped/same_url_in_run``,
``newsbot/dedupe/request_skipped/known_alias``.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured

from newsbot.archive.crawl_archive import CrawlArchive, archive_of
from newsbot.archive.revisits import ARCHIVE_CHECKED_META
from newsbot.dedupe import known_urls, url_key

# Request.meta key holding the url_key under which a request was admitted.
URL_KEY_META = "newsbot_url_key"
# A lookup waits this long for a connection; an archive that is down must not
# stall the downloads (the store spools meanwhile).
LOOKUP_TIMEOUT = 1.0


class DedupeRequestsMiddleware:
    def __init__(self, stats, archive: CrawlArchive | None):
        self.stats = stats
        # None: no known-alias lookups (the store, or NEWSBOT_DEDUPE_SKIP_ALIASES, is off).
        self.archive = archive
        # One key per distinct page requested in this run, as Scrapy's own
        # dupefilter keeps one fingerprint per request.
        self.requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_DEDUPE_ENABLED"):
            raise NotConfigured("NEWSBOT_DEDUPE_ENABLED is off")
        skip_aliases = (settings.getbool("NEWSBOT_DEDUPE_SKIP_ALIASES")
                        and settings.getbool("NEWSBOT_STORE_ENABLED"))
        return cls(crawler.stats, archive_of(crawler) if skip_aliases else None)

    async def process_request(self, request: Request) -> None:
        if request.dont_filter:
            return None
        key = url_key(request.url)
        if request.meta.get(URL_KEY_META) == key:
            return None
        if key in self.requested:
            self._skip(request, "same_url_in_run")
        self.requested.add(key)
        request.meta[URL_KEY_META] = key
        if self.archive is not None and not request.meta.get(ARCHIVE_CHECKED_META):
            # The store opened the archive before the first request was sent;
            # a listed URL was looked up with its listing (newsbot/archive/revisits.py).
            url = request.url
            known = await self.archive.ask("known-alias lookup",
                                           lambda conn: known_urls(conn, [url]), {},
                                           timeout=LOOKUP_TIMEOUT)
            if (hit := known.get(url)) is not None and hit.is_alias:
                self._skip(request, "known_alias")
        return None

    def process_response(self, request: Request, response):
        # A failed fetch does not count as requested: another variant may still work.
        if response.status >= 400:
            self.requested.discard(request.meta.get(URL_KEY_META))
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, IgnoreRequest):
            self.requested.discard(request.meta.get(URL_KEY_META))
        return None

    def _skip(self, request: Request, reason: str) -> None:
        self.stats.inc_value(f"newsbot/dedupe/request_skipped/{reason}")
        raise IgnoreRequest(f"{reason}: {request.url}")
