"""Leave a ``failed`` run row for a crawl that died before it could open one.

Used by ``scrapy crawl`` (newsbot/commands/crawl.py) when the crawl could not
start. It never starts the embedded cluster: a stopped database is the
likely reason the crawl died, and an operator's stop stands.
"""

from __future__ import annotations

import logging
import os
import socket

import psycopg

from newsbot.archive.cluster import ClusterError
from newsbot.archive.database_url import DatabaseUrlError, resolve_database_url
from newsbot.archive.queries import load_query

logger = logging.getLogger(__name__)


def record_failed_start(configured_url: str | None, spider: str, reason: str) -> int | None:
    """Insert the failed run; its id, or None when no database could be reached."""
    try:
        url = resolve_database_url(configured_url, start=False)
        with psycopg.connect(url, connect_timeout=5) as conn:
            run_id = conn.execute(load_query("record_failed_start"), {
                "spider": spider, "hostname": socket.gethostname(), "pid": os.getpid(),
                "reason": reason[:2000]}).fetchone()[0]
    except (ClusterError, DatabaseUrlError, psycopg.Error) as exc:
        logger.error("Could not record the failed start in the archive: %s", exc)
        return None
    logger.error("Crawl run %s failed before it started: %s", run_id, reason)
    return run_id
