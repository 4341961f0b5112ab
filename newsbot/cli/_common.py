"""What every newsbot command shares: reaching the archive, and failing clearly."""

from __future__ import annotations

from contextlib import contextmanager

import click
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from newsbot.archive.cluster import ClusterError
from newsbot.archive.database_url import resolve_database_url
from newsbot.archive.migrate import MigrationError, migrate, schema_state


def guarded(function, *args):
    """Run ``function``; archive errors become a one-line message and exit status 1."""
    try:
        return function(*args)
    except (ClusterError, MigrationError, psycopg.OperationalError) as exc:
        raise click.ClickException(str(exc)) from None


@contextmanager
def archive_connection(**kwargs):
    """A connection to the up-to-date archive (the embedded cluster is started if needed).

    Nothing is migrated when nothing is pending; when something is, only a
    role that owns the schema migrates, and a reader login is told the
    schema is behind instead of getting a permission error.
    """
    url = guarded(resolve_database_url)
    guarded(_migrate_if_owner, url)
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
