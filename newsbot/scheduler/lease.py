"""A lease: "this job runs here" as a row only newsbot's owner role can write, kept by a heartbeat.

An advisory lock can be taken by any role (an analyst holding a job's key
made every scheduled run "skipped") and dies with its connection (after a
PostgreSQL restart mid-crawl, a second scheduler started the same job while
the first crawl still ran). A lease is a row in ``newsbot_leases`` (migration
0010; readers may look, not write): taken when free or expired, renewed by a
heartbeat thread every ``ttl / 4``, given back at the end. A restart of the
database keeps the row, and the heartbeat renews it once the database is
back; a holder that died stops renewing, and its lease is free ``ttl``
seconds later.

While the heartbeat cannot reach the database the holder keeps running (the
row still stands until it expires); a heartbeat that finds the row gone or
taken by another holder sets ``lost``, which the crawl runner acts on.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from datetime import timedelta

import psycopg

logger = logging.getLogger(__name__)

DEFAULT_TTL = timedelta(seconds=60)
_CONNECT_TIMEOUT_S = 5

_TAKE = """
INSERT INTO newsbot_leases AS lease (name, holder, expires_at)
VALUES (%(name)s, %(holder)s, now() + %(ttl)s)
ON CONFLICT (name) DO UPDATE
    SET holder = EXCLUDED.holder, acquired_at = now(), heartbeat_at = now(),
        expires_at = EXCLUDED.expires_at
    WHERE lease.expires_at < now()
RETURNING holder
"""
_RENEW = """
UPDATE newsbot_leases SET heartbeat_at = now(), expires_at = now() + %(ttl)s
WHERE name = %(name)s AND holder = %(holder)s
RETURNING holder
"""
_GIVE_BACK = "DELETE FROM newsbot_leases WHERE name = %(name)s AND holder = %(holder)s"


def holder_id() -> str:
    """This process, recognisably: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Lease:
    def __init__(self, database_url: str, name: str, ttl: timedelta = DEFAULT_TTL,
                 holder: str | None = None) -> None:
        self.database_url = database_url
        self.name = name
        self.ttl = ttl
        self.holder = holder or holder_id()
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def acquire(self) -> bool:
        """Take the lease if it is free or expired; start the heartbeat when taken."""
        taken = self._execute(_TAKE) is not None
        if taken:
            self._thread = threading.Thread(target=self._beat, daemon=True,
                                            name=f"lease {self.name}")
            self._thread.start()
        return taken

    def held(self) -> bool:
        """Whether the row still names this holder (a check right before acting on it)."""
        return not self.lost.is_set() and self._execute(_RENEW) is not None

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        try:
            self._execute(_GIVE_BACK)
        except psycopg.OperationalError as exc:
            logger.warning("Lease %s: could not give it back (%s); it expires in %s", self.name,
                           exc, self.ttl)

    def _beat(self) -> None:
        interval = self.ttl.total_seconds() / 4
        while not self._stop.wait(interval):
            try:
                renewed = self._execute(_RENEW) is not None
            except psycopg.OperationalError as exc:
                logger.warning("Lease %s: heartbeat failed (%s); retrying", self.name, exc)
                continue
            if not renewed:
                logger.error("Lease %s: lost (it expired and another holder took it)", self.name)
                self.lost.set()
                return

    def _execute(self, query: str):
        """The returned row (None when no row matched, or the query returns none)."""
        with psycopg.connect(self.database_url, autocommit=True,
                             connect_timeout=_CONNECT_TIMEOUT_S,
                             application_name=f"newsbot lease: {self.name}"[:63]) as conn:
            cursor = conn.execute(query, {"name": self.name, "holder": self.holder,
                                          "ttl": self.ttl})
            return cursor.fetchone() if cursor.description else None
