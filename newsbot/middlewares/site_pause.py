"""A pause one site asked for, kept by that site's download slot, not by the crawl.

A request that sleeps in a middleware still counts against the downloader's
global concurrency, and a burst of them stalls every other site. Here a pause
is the slot's delay, as AutoThrottle sets it: the downloader then sends that
site's next request only after the pause, and every other slot keeps going.

A site asking for more than the crawl is willing to wait (``max_delay``) is
deferred: its queued and later requests are dropped for this run (counted
and logged once), so the run ends instead of waiting; a durable frontier
(``JOBDIR``) or the next run's listings bring them back.

When the crawl is stopping (SIGTERM, a close-spider condition), requests
waiting in a paused slot are dropped at once: a graceful stop must not wait
out a site's Retry-After.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger(__name__)

_WATCH_INTERVAL_S = 0.5


@dataclass
class _Paused:
    delay: float   # the slot's own delay before the pause
    jitter: float  # the slot's jitter before the pause (none while paused: the pause is a floor)
    until: float   # time.monotonic() before which the site gets no request


class SitePauses:
    """Pauses and deferrals of download slots; ``stats`` gets ``newsbot/retry/*`` counts."""

    def __init__(self, crawler, max_delay: float) -> None:
        self.crawler = crawler
        self.max_delay = max_delay
        self._paused: dict[str, _Paused] = {}
        self._deferred: set[str] = set()
        self._watch = None

    # -- life cycle (spider_opened / spider_closed) ---------------------------

    def start(self) -> None:
        self._watch = create_looping_call(self._drop_waiting_if_stopping)
        self._watch.start(_WATCH_INTERVAL_S, now=False)

    def stop(self) -> None:
        if self._watch is not None and self._watch.running:
            self._watch.stop()
        self._watch = None

    # -- what the retry middleware asks -----------------------------------------

    def slot_key(self, request) -> str:
        downloader = self.crawler.engine.downloader
        return request.meta.get("download_slot") or downloader.get_slot_key(request)

    def is_deferred(self, request) -> bool:
        return self.slot_key(request) in self._deferred

    def refuse_deferred(self, request) -> None:
        self.crawler.stats.inc_value("newsbot/retry/deferred")
        raise IgnoreRequest(f"{self.slot_key(request)} is deferred to the next run")

    def pause(self, request, seconds: float) -> bool:
        """Pause the request's site for ``seconds``; False when it is deferred instead."""
        key = self.slot_key(request)
        if seconds > self.max_delay:
            self.defer(key, seconds)
            return False
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is None:
            return True
        now = time.monotonic()
        paused = self._paused.setdefault(key, _Paused(slot.delay, slot.jitter, now))
        # A shorter pause asked later never cuts a longer one short.
        paused.until = max(paused.until, now + seconds)
        slot.jitter = 0.0
        # The downloader sends the slot's next request delay seconds after lastseen.
        slot.lastseen = now
        slot.delay = max(paused.until - now, paused.delay)
        self.crawler.stats.inc_value("newsbot/retry/paused")
        return True

    def answered(self, request) -> None:
        """A response that asks for no pause: the site's slot gets its own delay back."""
        key = request.meta.get("download_slot")
        paused = self._paused.get(key) if key else None
        # An answer to a request sent before the pause does not end the pause.
        if paused is None or time.monotonic() < paused.until:
            return
        del self._paused[key]
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            # AutoThrottle may have moved the delay since; never below the slot's own.
            slot.delay = min(slot.delay, max(paused.delay, self.crawler.settings.getfloat(
                "DOWNLOAD_DELAY")))
            slot.jitter = paused.jitter

    def defer(self, key: str, seconds: float) -> None:
        if key not in self._deferred:
            self._deferred.add(key)
            self.crawler.stats.inc_value("newsbot/retry/deferred_sites")
            logger.warning("Deferring %s to the next run: it asks for a %.0f s pause, longer "
                           "than NEWSBOT_RETRY_MAX_DELAY (%.0f s)", key, seconds, self.max_delay)
        self._drop_waiting(key, "deferred to the next run")

    # -- internals ----------------------------------------------------------------

    def _drop_waiting_if_stopping(self) -> None:
        if not self._paused or not self._stopping():
            return
        for key in list(self._paused):
            self._drop_waiting(key, "the crawl is stopping")

    def _stopping(self) -> bool:
        engine = self.crawler.engine
        closing = getattr(getattr(engine, "_slot", None), "closing", None)
        return not self.crawler.crawling or not engine.running or closing is not None

    def _drop_waiting(self, key: str, why: str) -> None:
        """Fail the requests queued in slot ``key``: they never reach the site."""
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is None:
            return
        dropped = 0
        while slot.queue:
            request, deferred = slot.queue.popleft()
            self.crawler.stats.inc_value("newsbot/retry/deferred")
            deferred.errback(IgnoreRequest(f"{request.url}: {why}"))
            dropped += 1
        if dropped:
            logger.info("Dropped %d request(s) waiting for %s: %s", dropped, key, why)
