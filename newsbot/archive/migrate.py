"""Apply the versioned SQL migrations and (re)create the views, only when needed.

Migrations are ``migrations/NNNN_<what>.sql`` files, applied once each in
number order and recorded in ``schema_migrations`` with a checksum; a merged
migration is never edited, and a changed checksum is an error rather than a
silent drift. Views are ``views/*.sql`` files of ``CREATE OR REPLACE VIEW``,
replaced when their file's checksum differs from the one in ``schema_views``
(or the view is missing, or a migration was just applied).

Every crawl start and CLI command calls ``migrate``; when nothing is pending
it only reads the two ledgers and takes no lock a reader could hold up (a
view's replacement needs ACCESS EXCLUSIVE, which waits behind an analyst's
open transaction and makes every later reader queue behind it). When work
is pending it runs in one transaction under ``lock_timeout``
(``NEWSBOT_MIGRATE_LOCK_TIMEOUT`` seconds, default 10) and fails with a
one-line ``MigrationError`` naming what it waited for. Two migrating
processes exclude each other by locking ``schema_migrations`` in SHARE ROW
EXCLUSIVE mode, which a reader (SELECT only) cannot take.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from importlib import resources

import psycopg
from psycopg import errors

from newsbot.archive.migration_checksums import is_known_edit, repair_known_edit

# Only while there is no ledger yet (a brand-new database, where no reader
# has been granted anything): two first migrations must not both create it.
_MIGRATION_LOCK_ID = 0x6E657773  # "news"
DEFAULT_LOCK_TIMEOUT_S = 10.0
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

_CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE schema_migrations IS 'Schema migrations applied to this database, one row per migration file.';
COMMENT ON COLUMN schema_migrations.version IS 'Number of the migration file (its NNNN prefix).';
COMMENT ON COLUMN schema_migrations.name IS 'File name of the migration.';
COMMENT ON COLUMN schema_migrations.checksum IS 'SHA-256 of the file as applied; a later edit of the file is refused.';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When the migration was applied.';
"""


class MigrationError(RuntimeError):
    """The database schema cannot be brought up to date."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def available_migrations() -> list[Migration]:
    folder = resources.files("newsbot.archive") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text()))
    return sorted(found, key=lambda m: m.version)


def view_definitions() -> list[tuple[str, str]]:
    folder = resources.files("newsbot.archive") / "views"
    return sorted((e.name, e.read_text()) for e in folder.iterdir() if e.name.endswith(".sql"))


@dataclass
class SchemaState:
    """What ``migrate`` would do: pending migrations and the views to (re)create."""

    pending: list[Migration] = field(default_factory=list)
    stale_views: list[tuple[str, str]] = field(default_factory=list)
    has_ledger: bool = False
    # Applied migrations whose recorded checksum is a known harmless edit's.
    repairs: list[tuple[Migration, str]] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return not self.pending and not self.stale_views and not self.repairs


def schema_state(conn: psycopg.Connection) -> SchemaState:
    """Read the ledgers (SELECT only: a reader login can call this too)."""
    has_ledger = _exists(conn, "schema_migrations")
    applied = dict(conn.execute("SELECT version, checksum FROM schema_migrations").fetchall()
                   ) if has_ledger else {}
    pending, repairs = [], []
    for migration in available_migrations():
        if migration.version not in applied:
            pending.append(migration)
        elif applied[migration.version] == migration.checksum:
            continue
        elif is_known_edit(migration, applied[migration.version]):
            repairs.append((migration, applied[migration.version]))
        else:
            raise MigrationError(f"migration {migration.name} was edited after it was applied; "
                                 "add a new migration instead")
    views = dict(conn.execute("SELECT name, checksum FROM schema_views").fetchall()
                 ) if _exists(conn, "schema_views") else {}
    stale = [(name, sql) for name, sql in view_definitions()
             if pending or views.get(name) != _checksum(sql)
             or not _exists(conn, name.removesuffix(".sql"))]
    return SchemaState(pending, stale, has_ledger, repairs)


def migrate(conninfo: str, lock_timeout: float | None = None) -> list[str]:
    """Bring the database at ``conninfo`` up to date; return the files applied."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        if schema_state(conn).up_to_date:
            return []
    if lock_timeout is None:
        lock_timeout = float(os.environ.get("NEWSBOT_MIGRATE_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT_S))
    applied_now = []
    with psycopg.connect(conninfo) as conn:
        try:
            with conn.transaction():
                conn.execute("SELECT set_config('lock_timeout', %(ms)s, true)",
                             {"ms": f"{int(lock_timeout * 1000)}ms"})
                if _exists(conn, "schema_migrations"):
                    conn.execute("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE")
                else:
                    conn.execute("SELECT pg_advisory_xact_lock(%(id)s)", {"id": _MIGRATION_LOCK_ID})
                    conn.execute(_CREATE_LEDGER)
                # Again under the lock: another process may have done it meanwhile.
                state = schema_state(conn)
                for migration, applied_checksum in state.repairs:
                    repair_known_edit(conn, migration, applied_checksum)
                for migration in state.pending:
                    conn.execute(migration.sql)
                    conn.execute(
                        "INSERT INTO schema_migrations (version, name, checksum) "
                        "VALUES (%(version)s, %(name)s, %(checksum)s)",
                        {"version": migration.version, "name": migration.name,
                         "checksum": migration.checksum},
                    )
                    applied_now.append(migration.name)
                _replace_views(conn, state.stale_views)
        except errors.LockNotAvailable as exc:
            raise MigrationError(
                f"schema update gave up after waiting {lock_timeout:g} s for a lock "
                f"({exc.diag.message_primary}): another session holds it, e.g. an open "
                "transaction on a view; end it and run `newsbot db migrate` (or set "
                "NEWSBOT_MIGRATE_LOCK_TIMEOUT)") from None
    return applied_now


def _replace_views(conn: psycopg.Connection, views: list[tuple[str, str]]) -> None:
    record = _exists(conn, "schema_views")
    for name, sql in views:
        conn.execute(sql)
        if record:
            conn.execute(
                "INSERT INTO schema_views (name, checksum) VALUES (%(name)s, %(checksum)s) "
                "ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()",
                {"name": name, "checksum": _checksum(sql)})


def _exists(conn: psycopg.Connection, relation: str) -> bool:
    return conn.execute("SELECT to_regclass(%(name)s) IS NOT NULL",
                        {"name": relation}).fetchone()[0]


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def pending_migrations(conninfo: str) -> list[str]:
    with psycopg.connect(conninfo) as conn:
        exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()[0]
        done = set()
        if exists:
            done = {v for (v,) in conn.execute("SELECT version FROM schema_migrations")}
    return [m.name for m in available_migrations() if m.version not in done]
