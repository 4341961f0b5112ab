"""Retries that back off, and honour Retry-After.

Scrapy's RetryMiddleware retries at once. A server that answers 429 or 503
is asking for time; hammering it again gets the crawler banned, and a
flaky network needs a pause more than a quick second try.

Settings read (besides Scrapy's ``RETRY_*``):

- ``NEWSBOT_RETRY_BACKOFF_BASE`` (float, 1.0): first pause in seconds; it doubles per attempt.
- ``NEWSBOT_RETRY_MAX_DELAY`` (float, 120.0): no pause is longer, Retry-After included.

Stats written: ``newsbot/retry/retry_after``, ``newsbot/retry/backoff``,
``newsbot/retry/gave_up``; failures that are given up are also kept by the
store pipeline in ``fetch_errors``.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.response import response_status_message

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

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            self._gave_up(request, f"HTTP {response.status}")
            return response
        delay = None
        if response.status in _RETRY_AFTER_STATUSES:
            header = response.headers.get("Retry-After")
            delay = retry_after_seconds(header.decode("latin-1") if header else None,
                                        datetime.now(timezone.utc))
        if delay is not None:
            self.crawler.stats.inc_value("newsbot/retry/retry_after")
        await self._pause(retry, delay)
        return retry

    async def process_exception(self, request, exception, spider=None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry"):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            self._gave_up(request, type(exception).__name__)
            return None
        await self._pause(retry, None)
        return retry

    async def _pause(self, retry, delay: float | None) -> None:
        if delay is None:
            attempt = retry.meta.get("retry_times", 1)
            delay = self.backoff_base * 2 ** (attempt - 1)
            self.crawler.stats.inc_value("newsbot/retry/backoff")
        await asyncio.sleep(min(delay, self.max_delay))

    def _gave_up(self, request, reason: str) -> None:
        self.crawler.stats.inc_value("newsbot/retry/gave_up")
        failures = self.crawler.stats.get_value("newsbot/retry/failed_urls") or []
        # Kept in the stats, so the crawl_runs row names what could not be fetched.
        if len(failures) < 100:
            self.crawler.stats.set_value("newsbot/retry/failed_urls",
                                         [*failures, f"{request.url} ({reason})"])
