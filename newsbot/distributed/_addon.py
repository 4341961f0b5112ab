"""The one place where NEWSBOT_DISTRIBUTED_* settings become scrapy-redis's settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from ._round import RoundKeys

SCHEDULER = "scrapy_redis.scheduler.Scheduler"
DUPEFILTER = "scrapy_redis.dupefilter.RFPDupeFilter"
QUEUE = "newsbot.distributed.SharedRequestQueue"
# Spider middleware order: next to the spider, so it sees start() as the spider yields it.
WORKER_ORDER = 990


@dataclass(frozen=True)
class DistributedConfig:
    redis_url: str
    key_prefix: str
    idle_close: float

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> DistributedConfig:
        config = cls(settings.get("NEWSBOT_DISTRIBUTED_REDIS_URL") or "",
                     settings.get("NEWSBOT_DISTRIBUTED_KEY_PREFIX") or "",
                     settings.getfloat("NEWSBOT_DISTRIBUTED_IDLE_CLOSE"))
        if not config.redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("NEWSBOT_DISTRIBUTED_REDIS_URL (or NEWSBOT_REDIS_URL) must be a "
                             f"redis://, rediss:// or unix:// URL, got {config.redis_url!r}")
        if not config.key_prefix or ":" in config.key_prefix:
            raise ValueError("NEWSBOT_DISTRIBUTED_KEY_PREFIX must be a non-empty name without ':', "
                             f"got {config.key_prefix!r}")
        if config.idle_close <= 0:
            raise ValueError(f"NEWSBOT_DISTRIBUTED_IDLE_CLOSE must be positive, got {config.idle_close}")
        return config


def scrapy_redis_settings(settings: BaseSettings) -> dict[str, Any]:
    """scrapy-redis's settings for newsbot's ``NEWSBOT_DISTRIBUTED_*`` values."""
    config = DistributedConfig.from_settings(settings)
    keys = RoundKeys.for_spider(config.key_prefix, "%(spider)s")
    return {
        "SCHEDULER": SCHEDULER,
        "DUPEFILTER_CLASS": DUPEFILTER,
        "SCHEDULER_QUEUE_CLASS": QUEUE,
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        # The round (newsbot.distributed._round), not whichever worker stops
        # first, decides when the queue and the dupefilter go.
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_FLUSH_ON_START": False,
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "REDIS_URL": config.redis_url,
    }


class DistributedAddon:
    """Scrapy add-on: share the request queue and the dupefilter in Redis (scrapy-redis).

    Settings read: ``NEWSBOT_DISTRIBUTED_ENABLED`` (bool, False; off raises
    NotConfigured and leaves Scrapy's scheduler alone),
    ``NEWSBOT_DISTRIBUTED_REDIS_URL`` (str, env ``NEWSBOT_REDIS_URL``),
    ``NEWSBOT_DISTRIBUTED_KEY_PREFIX`` (str, "newsbot"),
    ``NEWSBOT_DISTRIBUTED_IDLE_CLOSE`` (float, 30). The scrapy-redis values
    are set at add-on priority; a ``SCHEDULER`` or ``DUPEFILTER_CLASS`` of
    higher priority (settings.py, ``-s``) is an error rather than a crawl
    that silently stays on one machine.
    """

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSBOT_DISTRIBUTED_ENABLED"):
            raise NotConfigured
        return cls()

    def update_settings(self, settings: BaseSettings) -> None:
        for name, value in scrapy_redis_settings(settings).items():
            settings.set(name, value, "addon")
            if settings[name] != value:
                raise ValueError(f"{name} is {settings[name]!r}: distributed mode needs {value!r}")
        # Imported here: redis and scrapy-redis are for crawls in distributed mode only.
        from ._worker import DistributedWorker

        settings.set_in_component_priority_dict("SPIDER_MIDDLEWARES", DistributedWorker,
                                                WORKER_ORDER)
