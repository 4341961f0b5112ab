"""Distributed mode: any number of crawl workers share one request queue and dupefilter in Redis.

Workers on one machine or many run ``scrapy crawl worldnews`` with
``NEWSBOT_DISTRIBUTED_ENABLED`` on and the same ``NEWSBOT_REDIS_URL``,
sources file and ``NEWSBOT_DATABASE_URL``; they take requests from one
queue, so each page is fetched once per round by one of them, and all write
into the same archive (whose writes are idempotent per article).

- ``DistributedAddon`` (in ``ADDONS``) turns the ``NEWSBOT_DISTRIBUTED_*``
  settings into scrapy-redis's scheduler, dupefilter and queue settings.
- ``SharedRequestQueue`` stores requests as JSON (never pickle), with each
  request's source by name.
- ``DistributedWorker`` (a spider middleware) lets only the first worker of
  a round read the listings, keeps workers beating, and closes a worker
  once every worker is idle and the queue empty.
- ``CrawlRound`` is the round's state in Redis (Lua scripts).

deploy/distributed/RUNBOOK.md says how to run it.
"""

from ._addon import DistributedAddon, DistributedConfig, scrapy_redis_settings
from ._round import WORKER_TTL, CrawlRound, RoundKeys, worker_id

# Imported on first use: they need redis and scrapy-redis, which a crawl that is
# not distributed (the add-on is in every crawl's ADDONS) should not load.
_LAZY = {"SharedRequestQueue": "._queue", "DistributedWorker": "._worker"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["WORKER_TTL", "CrawlRound", "DistributedAddon", "DistributedConfig",
           "DistributedWorker", "RoundKeys", "SharedRequestQueue", "scrapy_redis_settings",
           "worker_id"]
