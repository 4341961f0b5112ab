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
from newsbot.archive.migrate import MigrationError, migrate, schema_state


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
    guarded(_migrate_if_owner, url)
    return url


@contextmanager
def archive_connection(**kwargs):
    """A connection to the up-to-date archive.

    Nothing is migrated when nothing is pending; when something is, only a
    role that owns the schema migrates, and a reader login is told the
    schema is behind instead of getting a permission error.
    """
    url = archive_url()
    connection = guarded(lambda: psycopg.connect(url, **kwargs))
    with connection:
        yield connection


def _migrate_if_owner(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        state = schema_state(conn)
        if state.up_to_date:
            return
        owner = not state.has_ledger or conn.execute(
            "SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class "
            "WHERE oid = 'schema_migrations'::regclass").fetchone()[0]
    if not owner:
        behind = ", ".join(m.name for m in state.pending) or "views changed"
        raise MigrationError(f"the archive's schema is behind this newsbot ({behind}); "
                             "ask its owner to run `newsbot db migrate`")
    migrate(url)


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
