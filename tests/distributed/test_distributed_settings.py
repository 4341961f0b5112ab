"""DistributedAddon: NEWSBOT_DISTRIBUTED_* become scrapy-redis settings; conflicts are errors."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from newsbot.distributed import DistributedAddon, DistributedWorker


def settings(**overrides) -> Settings:
    values = Settings()
    values.setmodule("newsbot.settings", priority="project")
    values.set("NEWSBOT_DISTRIBUTED_ENABLED", True, "project")
    for name, value in overrides.items():
        values.set(name, value, "cmdline")
    return values


def test_the_addon_installs_scrapy_redis_with_newsbot_keys():
    values = settings(NEWSBOT_DISTRIBUTED_REDIS_URL="redis://10.0.0.5:6379/2",
                      NEWSBOT_DISTRIBUTED_KEY_PREFIX="archive2")
    DistributedAddon().update_settings(values)
    assert values["SCHEDULER"] == "scrapy_redis.scheduler.Scheduler"
    assert values["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert values["SCHEDULER_QUEUE_CLASS"] == "newsbot.distributed.SharedRequestQueue"
    assert values["SCHEDULER_QUEUE_KEY"] == "archive2:%(spider)s:requests"
    assert values["SCHEDULER_DUPEFILTER_KEY"] == "archive2:%(spider)s:dupefilter"
    assert values.getbool("SCHEDULER_PERSIST") is True
    assert values["REDIS_URL"] == "redis://10.0.0.5:6379/2"
    assert values.getdict("SPIDER_MIDDLEWARES")[DistributedWorker] == 990


def test_a_scheduler_set_by_hand_is_refused():
    with pytest.raises(ValueError, match="SCHEDULER"):
        DistributedAddon().update_settings(settings(SCHEDULER="scrapy.core.scheduler.Scheduler"))


@pytest.mark.parametrize("name, value, message", [
    ("NEWSBOT_DISTRIBUTED_REDIS_URL", "localhost:6379", "redis://"),
    ("NEWSBOT_DISTRIBUTED_KEY_PREFIX", "a:b", "KEY_PREFIX"),
    ("NEWSBOT_DISTRIBUTED_IDLE_CLOSE", "0", "IDLE_CLOSE"),
])
def test_bad_values_are_named(name, value, message):
    with pytest.raises(ValueError, match=message):
        DistributedAddon().update_settings(settings(**{name: value}))


def test_off_by_default():
    values = Settings()
    values.setmodule("newsbot.settings")
    assert values.getbool("NEWSBOT_DISTRIBUTED_ENABLED") is False
