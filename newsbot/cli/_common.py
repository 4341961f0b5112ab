"""What every newsbot command shares: reaching the archive, and failing clearly."""

from __future__ import annotations

from contextlib import contextmanager

import click
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from newsbot.archive.cluster import ClusterError
from newsbot.archive.database_url import resolve_database_url
from newsbot.archive.migrate import MigrationError, migrate


def guarded(function, *args):
    """Run ``function``; archive errors become a one-line message and exit status 1."""
    try:
        return function(*args)
    except (ClusterError, MigrationError, psycopg.OperationalError) as exc:
        raise click.ClickException(str(exc)) from None


@contextmanager
def archive_connection(**kwargs):
    """A connection to the migrated archive (the embedded cluster is started if needed)."""
    url = guarded(resolve_database_url)
    guarded(migrate, url)
    connection = guarded(lambda: psycopg.connect(url, **kwargs))
    with connection:
        yield connection


def redact(url: str) -> str:
    params = conninfo_to_dict(url)
    if "password" in params:
        params["password"] = "***"
    return make_conninfo(**params)
