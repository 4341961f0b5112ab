"""CrawlRound against a real Redis: who seeds, who joins, who ends the round, and crashed rounds."""

from __future__ import annotations

import time

from newsbot.distributed import CrawlRound, RoundKeys

KEYS = RoundKeys.for_spider("newsbot", "worldnews")


def worker(client, name: str, ttl: float = 15.0) -> CrawlRound:
    return CrawlRound(client, KEYS, worker=name, ttl=ttl)


def test_the_first_worker_seeds_and_the_others_join(redis_client):
    first, second = worker(redis_client, "a"), worker(redis_client, "b")
    assert first.join() is True
    assert second.join() is False
    assert redis_client.get(KEYS.round) == b"a"


def test_a_new_round_starts_with_an_empty_dupefilter(redis_client):
    redis_client.sadd(KEYS.dupefilter, "fingerprint-of-last-round")
    assert worker(redis_client, "a").join() is True
    assert redis_client.exists(KEYS.dupefilter) == 0


def test_beat_reports_other_busy_workers_and_the_queue(redis_client):
    first, second = worker(redis_client, "a"), worker(redis_client, "b")
    first.join()
    second.join()
    assert second.beat(busy=False) == (1, 0)   # a is busy since it joined
    first.beat(busy=False)
    redis_client.zadd(KEYS.requests, {"request": 0})
    assert second.beat(busy=False) == (0, 1)


def test_the_last_worker_out_ends_the_round(redis_client):
    first, second = worker(redis_client, "a"), worker(redis_client, "b")
    first.join()
    second.join()
    redis_client.sadd(KEYS.dupefilter, "seen")
    assert first.leave() is False
    assert second.leave() is True
    assert redis_client.keys("newsbot:worldnews:*") == []
    assert worker(redis_client, "c").join() is True


def test_a_round_with_requests_left_is_resumed_not_reseeded(redis_client):
    crashed = worker(redis_client, "a", ttl=0.001)
    crashed.join()
    redis_client.zadd(KEYS.requests, {"request": 0})
    redis_client.sadd(KEYS.dupefilter, "seen")
    time.sleep(0.01)
    # a never beats again: gone. Its queue and dupefilter carry on.
    assert worker(redis_client, "b", ttl=0.001).join() is False
    assert redis_client.sismember(KEYS.dupefilter, "seen")


def test_an_abandoned_empty_round_is_replaced(redis_client):
    crashed = worker(redis_client, "a", ttl=0.001)
    crashed.join()
    time.sleep(0.01)
    assert worker(redis_client, "b", ttl=0.001).join() is True
    assert redis_client.get(KEYS.round) == b"b"
