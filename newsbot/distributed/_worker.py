"""One worker of a distributed crawl: seed only when first, beat, and stop when the round is done.

``DistributedWorker`` is a spider middleware (installed by ``DistributedAddon``):

- ``process_start``: the seeder passes the spider's start requests (listings,
  due revisits) into the shared queue; every other worker drops them, except
  requests marked ``dont_filter`` (what the in-flight journal resumes after
  a kill), which belong to the worker that had them.
- Every second it beats (alive; busy or idle) and, while idle, asks the
  engine for the next request, so a worker picks up what others queued
  within a second rather than at Scrapy's 5-second heartbeat.
- On ``spider_idle`` it keeps the spider open while another worker is busy
  (it may still queue requests) or requests are queued, and lets it close
  once the queue has been empty and every worker idle for
  ``NEWSBOT_DISTRIBUTED_IDLE_CLOSE`` seconds. scrapy-redis's own idle
  settings do not fit: ``MAX_IDLE_TIME_BEFORE_CLOSE`` is for its
  ``RedisSpider`` only, and ``SCHEDULER_IDLE_BEFORE_CLOSE`` blocks the
  reactor in a Redis BRPOP.
- On close it leaves the round; the last worker out ends it.

Stats written: ``newsbot/distributed/seeded`` (1 on the seeder),
``newsbot/distributed/start_left_to_seeder``, ``newsbot/distributed/ended_round``,
``newsbot/distributed/redis_errors``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from redis.exceptions import RedisError
from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.asyncio import create_looping_call
from scrapy_redis.connection import get_redis_from_settings

from ._round import CrawlRound, RoundKeys

logger = logging.getLogger(__name__)

BEAT_INTERVAL = 1.0


class DistributedWorker:
    def __init__(self, crawler, crawl_round_for, idle_close: float):
        self.crawler = crawler
        self.stats = crawler.stats
        self.idle_close = idle_close
        self._round_for = crawl_round_for
        self.round: CrawlRound | None = None
        self.seeder: bool | None = None
        self._idle_since: float | None = None
        self._beating = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_DISTRIBUTED_ENABLED"):
            raise NotConfigured("NEWSBOT_DISTRIBUTED_ENABLED is off")
        prefix = settings.get("NEWSBOT_DISTRIBUTED_KEY_PREFIX")
        server = get_redis_from_settings(settings)

        def crawl_round_for(spider) -> CrawlRound:
            return CrawlRound(server, RoundKeys.for_spider(prefix, spider.name))

        worker = cls(crawler, crawl_round_for, settings.getfloat("NEWSBOT_DISTRIBUTED_IDLE_CLOSE"))
        crawler.signals.connect(worker.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(worker.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(worker.spider_closed, signal=signals.spider_closed)
        return worker

    # -- start requests ------------------------------------------------------

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        self._join()
        async for item_or_request in start:
            if self.seeder or (isinstance(item_or_request, Request)
                               and item_or_request.dont_filter):
                yield item_or_request
            else:
                self.stats.inc_value("newsbot/distributed/start_left_to_seeder")

    def _join(self) -> None:
        if self.seeder is not None:
            return
        spider = self.crawler.spider
        self.round = self._round_for(spider)
        self.seeder = self.round.join()
        if self.seeder:
            self.stats.set_value("newsbot/distributed/seeded", 1)
            logger.info("Worker %s seeds a new round of %s", self.round.worker, spider.name)
        else:
            logger.info("Worker %s joins the round of %s under way", self.round.worker,
                        spider.name)

    # -- signals -------------------------------------------------------------

    def spider_opened(self, spider) -> None:
        self._join()
        self._beating = create_looping_call(self._beat)
        self._beating.start(BEAT_INTERVAL, now=False)

    def spider_idle(self, spider) -> None:
        try:
            others_busy, queued = self.round.beat(busy=False)
        except RedisError as exc:
            self._redis_error(exc)
            others_busy, queued = 0, 0
        if others_busy or queued:
            # Another worker may queue more; queued requests are ours to take.
            self._idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if now - self._idle_since < self.idle_close:
            raise DontCloseSpider

    def spider_closed(self, spider, reason: str) -> None:
        if self._beating is not None and self._beating.running:
            self._beating.stop()
        if self.round is None:
            return
        try:
            if self.round.leave():
                self.stats.set_value("newsbot/distributed/ended_round", 1)
                logger.info("Worker %s was the last: the round of %s is over",
                            self.round.worker, spider.name)
        except RedisError as exc:
            self._redis_error(exc)

    def _beat(self) -> None:
        engine = self.crawler.engine
        try:
            idle = engine.spider_is_idle()  # asks Redis for the queue's length
            self.round.beat(busy=not idle)
        except (RuntimeError, AttributeError):
            return  # the engine is not running the spider (yet, or any more)
        except RedisError as exc:
            self._redis_error(exc)
            return
        if not idle:
            self._idle_since = None
            return
        # Idle here: ask the engine for the next request now, which also
        # runs the spider_idle check again.
        slot = getattr(engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()

    def _redis_error(self, exc: Exception) -> None:
        self.stats.inc_value("newsbot/distributed/redis_errors")
        logger.warning("Redis unavailable to the distributed crawl: %s", exc)
