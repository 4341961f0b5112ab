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
and so do variants of a URL whose fetch failed. The requests that reach the
middleware together (a section page's links) are looked up in one query, not
one round trip each. When the archive does not answer within a second,
requests go out unchecked for 30 s: an outage never stalls the downloads.

Settings read:

- ``NEWSBOT_DEDUPE_ENABLED`` (bool, True): off raises NotConfigured.
- ``NEWSBOT_DEDUPE_SKIP_ALIASES`` (bool, True): ask the archive about each URL;
  only when ``NEWSBOT_STORE_ENABLED`` is on too.
- ``NEWSBOT_DATABASE_URL`` (str, unset): the archive; unset means embedded.

Stats written: ``newsbot/dedupe/request_skipped/same_url_in_run``,
``newsbot/dedupe/request_skipped/known_alias``.
"""

from __future__ import annotations

import asyncio
import logging
import time

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from newsbot.archive.cluster import ClusterError
from newsbot.archive.database_url import resolve_database_url
from newsbot.dedupe import known_urls, url_key

logger = logging.getLogger(__name__)

# Request.meta key holding the url_key under which a request was admitted.
URL_KEY_META = "newsbot_url_key"
# A lookup waits this long for a connection; an archive that is down must not
# stall the downloads (the store spools meanwhile).
LOOKUP_TIMEOUT = 1.0
# After a failed lookup, requests go out unchecked for this long before the next try.
RETRY_AFTER = 30.0


class DedupeRequestsMiddleware:
    def __init__(self, stats, database_url: str | None, skip_aliases: bool):
        self.stats = stats
        self.database_url = database_url
        self.skip_aliases = skip_aliases
        self.pool: AsyncConnectionPool | None = None
        # One key per distinct page requested in this run, as Scrapy's own
        # dupefilter keeps one fingerprint per request.
        self.requested: set[str] = set()
        self._unchecked_until = 0.0
        # URLs waiting for the next batched lookup, with their requests' futures.
        self._waiting: dict[str, list[asyncio.Future]] = {}
        self._batch: asyncio.Task | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_DEDUPE_ENABLED"):
            raise NotConfigured("NEWSBOT_DEDUPE_ENABLED is off")
        skip_aliases = (settings.getbool("NEWSBOT_DEDUPE_SKIP_ALIASES")
                        and settings.getbool("NEWSBOT_STORE_ENABLED"))
        middleware = cls(crawler.stats, settings.get("NEWSBOT_DATABASE_URL"), skip_aliases)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    async def spider_opened(self, spider) -> None:
        if not self.skip_aliases:
            return
        # The store pipeline has started and migrated the archive by now
        # (pipelines open before spider_opened is sent).
        try:
            url = await asyncio.to_thread(resolve_database_url, self.database_url, False)
            pool = AsyncConnectionPool(url, min_size=1, max_size=2, open=False,
                                       name="newsbot-dedupe-requests")
            await pool.open(wait=True, timeout=30.0)
        except (ClusterError, psycopg.Error, PoolTimeout) as exc:
            logger.warning("Known aliases will be requested again: archive unavailable (%s)", exc)
            return
        self.pool = pool

    async def spider_closed(self, spider) -> None:
        if self.pool is not None:
            await self.pool.close()
            self.pool = None

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
        if self.pool is not None and time.monotonic() >= self._unchecked_until:
            known = await self._known(request.url)
            if known is not None and known.is_alias:
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

    async def _known(self, url: str):
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._waiting.setdefault(url, []).append(future)
        if self._batch is None:
            self._batch = loop.create_task(self._look_up_waiting())
        return await future

    async def _look_up_waiting(self) -> None:
        # One turn of the loop: the other requests of this round join the batch.
        await asyncio.sleep(0)
        waiting, self._waiting, self._batch = self._waiting, {}, None
        known = {}
        try:
            async with self.pool.connection(timeout=LOOKUP_TIMEOUT) as conn:
                known = await known_urls(conn, list(waiting))
        except (psycopg.Error, PoolTimeout) as exc:
            # A failed lookup costs needless fetches, never a lost page.
            self._unchecked_until = time.monotonic() + RETRY_AFTER
            logger.warning("Known-URL lookups paused for %.0f s: archive unavailable (%s)",
                           RETRY_AFTER, exc)
        finally:
            for url, futures in waiting.items():
                for future in futures:
                    if not future.done():
                        future.set_result(known.get(url))

    def _skip(self, request: Request, reason: str) -> None:
        self.stats.inc_value(f"newsbot/dedupe/request_skipped/{reason}")
        raise IgnoreRequest(f"{reason}: {request.url}")
