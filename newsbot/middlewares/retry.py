"""Retries that back off, and honour Retry-After, by pausing that site only.

Scrapy's RetryMiddleware retries at once. A server that answers 429 or 503
is asking for time; hammering it again gets the crawler banned, and a
flaky network needs a pause more than a quick second try. The pause is the
site's download slot's delay (``SitePauses``), never a sleep here: a
sleeping request holds one of the crawl's global download slots, and a few
of them stall every other site.

Settings read (besides Scrapy's ``RETRY_*``):

- ``NEWSBOT_RETRY_BACKOFF_BASE`` (float, 1.0): first pause in seconds; it doubles per attempt.
- ``NEWSBOT_RETRY_MAX_DELAY`` (float, 120.0): the longest pause taken; a site whose
  Retry-After asks for more is deferred to the next run (its requests dropped, counted).

Stats written: ``newsbot/retry/retry_after``, ``newsbot/retry/backoff``,
``newsbot/retry/paused`` (slot pauses), ``newsbot/retry/deferred_sites``,
``newsbot/retry/deferred`` (requests not sent in this run), ``newsbot/retry/gave_up``;
failures that are given up are also kept by the store pipeline in ``fetch_errors``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.response import response_status_message

from newsbot.middlewares.site_pause import SitePauses

_RETRY_AFTER_STATUSES = {429, 503}


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - now).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("NEWSBOT_RETRY_BACKOFF_BASE")
        self.max_delay = settings.getfloat("NEWSBOT_RETRY_MAX_DELAY")

    @classmethod
    def from_crawler(cls, crawler):
        middleware = super().from_crawler(crawler)
        middleware.pauses = SitePauses(crawler, middleware.max_delay)
        crawler.signals.connect(middleware.pauses.start, signal=signals.spider_opened)
        crawler.signals.connect(middleware.pauses.stop, signal=signals.spider_closed)
        return middleware

    async def process_request(self, request, spider=None):
        if self.pauses.is_deferred(request):
            self.pauses.refuse_deferred(request)
        return None

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            self.pauses.answered(request)
            return response
        delay = None
        if response.status in _RETRY_AFTER_STATUSES:
            header = response.headers.get("Retry-After")
            delay = retry_after_seconds(header.decode("latin-1") if header else None,
                                        datetime.now(timezone.utc))
        if delay is not None:
            self.crawler.stats.inc_value("newsbot/retry/retry_after")
            if not self.pauses.pause(request, delay):
                self.crawler.stats.inc_value("newsbot/retry/deferred")
                return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            self._gave_up(request, f"HTTP {response.status}")
            return response
        if delay is None:
            self._back_off(retry)
        return retry

    async def process_exception(self, request, exception, spider=None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry"):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            self._gave_up(request, type(exception).__name__)
            return None
        self._back_off(retry)
        return retry

    def _back_off(self, retry) -> None:
        attempt = retry.meta.get("retry_times", 1)
        self.crawler.stats.inc_value("newsbot/retry/backoff")
        self.pauses.pause(retry, min(self.backoff_base * 2 ** (attempt - 1), self.max_delay))

    def _gave_up(self, request, reason: str) -> None:
        self.crawler.stats.inc_value("newsbot/retry/gave_up")
        failures = self.crawler.stats.get_value("newsbot/retry/failed_urls") or []
        # Kept in the stats, so the crawl_runs row names what could not be fetched.
        if len(failures) < 100:
            self.crawler.stats.set_value("newsbot/retry/failed_urls",
                                         [*failures, f"{request.url} ({reason})"])
