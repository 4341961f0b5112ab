"""A crawl round in Redis: who seeds it, which workers are alive and busy, when it is over.

A round begins when the first worker of a crawl claims the round key: that
worker, the seeder, reads the listings and due revisits (the spider's
start requests) into the shared queue, and the round's dupefilter starts
empty. Every other worker joins: it takes requests from the shared queue
and seeds nothing, so each listing is read once per round, whatever the
number of workers. The round ends when the last worker leaves with the
queue empty; the next start seeds a new one.

Workers beat every second: a score (Redis server time, so the machines'
clocks do not matter) in a sorted set, and a busy flag. A worker that has
not beaten for ``WORKER_TTL`` seconds (killed, machine gone) counts as gone.
A round whose workers are all gone is resumed by the next worker when its
queue still holds requests, and replaced by a new round when it does not.

Every step is one Lua script, so two workers starting at the same moment
cannot both seed.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass

# Seconds without a heartbeat after which a worker counts as gone.
WORKER_TTL = 15.0

_NOW_MS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
"""

# KEYS: round, workers, busy, requests, dupefilter. ARGV: worker id, ttl (ms).
# Returns 1 when this worker seeds a new round, 0 when it joins one.
_JOIN = _NOW_MS + """
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
if #stale > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
  redis.call('HDEL', KEYS[3], unpack(stale))
end
local others = redis.call('ZCARD', KEYS[2])
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], '1')
if redis.call('EXISTS', KEYS[1]) == 1 and (others > 0 or redis.call('ZCARD', KEYS[4]) > 0) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[5])
return 1
"""

# KEYS: workers, busy, requests. ARGV: worker id, ttl (ms), busy flag.
# Returns {other live workers that are busy, requests queued}.
_BEAT = _NOW_MS + """
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
local busy = 0
for _, worker in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now - ttl, '+inf')) do
  if worker ~= ARGV[1] and redis.call('HGET', KEYS[2], worker) == '1' then
    busy = busy + 1
  end
end
return {busy, redis.call('ZCARD', KEYS[3])}
"""

# KEYS: round, workers, busy, requests, dupefilter. ARGV: worker id, ttl (ms).
# Returns 1 when this worker was the last one and ended the round.
_LEAVE = _NOW_MS + """
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if redis.call('ZCOUNT', KEYS[2], now - ttl, '+inf') == 0 and redis.call('ZCARD', KEYS[4]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[5])
  return 1
end
return 0
"""


@dataclass(frozen=True)
class RoundKeys:
    """The Redis keys of one spider's crawl rounds."""

    round: str
    workers: str
    busy: str
    requests: str
    dupefilter: str

    @classmethod
    def for_spider(cls, prefix: str, spider: str) -> RoundKeys:
        base = f"{prefix}:{spider}"
        return cls(f"{base}:round", f"{base}:workers", f"{base}:busy",
                   f"{base}:requests", f"{base}:dupefilter")


def worker_id() -> str:
    """``host:pid:random``: names the worker in Redis and in its log."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class CrawlRound:
    """One worker's view of the round: join, beat, leave (each one Redis round trip)."""

    def __init__(self, server, keys: RoundKeys, worker: str | None = None,
                 ttl: float = WORKER_TTL):
        self.server = server
        self.keys = keys
        self.worker = worker or worker_id()
        self._ttl_ms = int(ttl * 1000)
        self._join = server.register_script(_JOIN)
        self._beat = server.register_script(_BEAT)
        self._leave = server.register_script(_LEAVE)

    def join(self) -> bool:
        """Enter the round; True when this worker seeds it (a new round began)."""
        k = self.keys
        return bool(self._join(keys=[k.round, k.workers, k.busy, k.requests, k.dupefilter],
                               args=[self.worker, self._ttl_ms]))

    def beat(self, busy: bool) -> tuple[int, int]:
        """Say this worker is alive (and busy or not); returns (other busy workers, queued requests)."""
        k = self.keys
        others_busy, queued = self._beat(keys=[k.workers, k.busy, k.requests],
                                         args=[self.worker, self._ttl_ms, "1" if busy else "0"])
        return int(others_busy), int(queued)

    def leave(self) -> bool:
        """Leave the round; True when this was the last worker and the round is over."""
        k = self.keys
        return bool(self._leave(keys=[k.round, k.workers, k.busy, k.requests, k.dupefilter],
                                args=[self.worker, self._ttl_ms]))
