"""What every newsbot command shares: reaching the archive, and failing clearly."""

from __future__ import annotations

import os
from contextlib import contextmanager

import click
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from newsbot.archive.cluster import ClusterError
from newsbot.archive.database_url import (
    DATABASE_URL_ENV,
    DatabaseUrlError,
    check_database_url,
    embedded_cluster,
)
from newsbot.archive.migrate import MigrationError, migrate


def guarded(function, *args):
    """Run ``function``; archive errors become a one-line message and exit status 1."""
    try:
        return function(*args)
    except (ClusterError, MigrationError, DatabaseUrlError, psycopg.OperationalError) as exc:
        raise click.ClickException(" ".join(str(exc).split())) from None


def archive_url(start_stopped: bool = False) -> str:
    """The migrated archive's URL: ``$NEWSBOT_DATABASE_URL``, or the embedded cluster.

    A fresh home gets its cluster created, started and migrated here. A cluster
    that exists but is stopped (``newsbot db stop``) is started only when
    ``start_stopped`` (``db start``, ``db migrate``): a read command says it is
    stopped instead of quietly starting it again.
    """
    configured = os.environ.get(DATABASE_URL_ENV)
    if configured:
        url = guarded(check_database_url, configured)
    else:
        cluster = embedded_cluster()
        state = guarded(cluster.status)
        if state.initialised and not state.running and not start_stopped:
            raise click.ClickException(
                f"the embedded cluster in {cluster.data_dir} is stopped; "
                "`newsbot db start` starts it")
        url = guarded(cluster.ensure_running)
    guarded(migrate, url)
    return url


@contextmanager
def archive_connection(**kwargs):
    """A connection to the migrated archive."""
    url = archive_url()
    connection = guarded(lambda: psycopg.connect(url, **kwargs))
    with connection:
        yield connection


def redact(url: str) -> str:
    params = conninfo_to_dict(url)
    if "password" in params:
        params["password"] = "***"
    return make_conninfo(**params)


def known_names(conn, query: str) -> list[str]:
    return [row[0] if isinstance(row, tuple) else next(iter(row.values()))
            for row in conn.execute(query).fetchall()]


def check_filter(conn, option: str, value: str | None, query: str, what: str) -> None:
    """An unknown filter value is a mistake, not an empty answer: one line, exit 1."""
    if value is None:
        return
    names = known_names(conn, query)
    if value not in names:
        shown = ", ".join(names[:20]) + (", ..." if len(names) > 20 else "") if names else "none yet"
        raise click.BadParameter(f"no {what} {value!r} in the archive (known: {shown})",
                                 param_hint=option)


SOURCE_NAMES = "SELECT name FROM sources ORDER BY name"
SPIDER_NAMES = "SELECT DISTINCT spider FROM crawl_runs ORDER BY spider"
