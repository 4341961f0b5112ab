"""Apply the versioned SQL migrations and (re)create the views.

Migrations are ``migrations/NNNN_<what>.sql`` files, applied once each in
number order and recorded in ``schema_migrations`` with a checksum; a merged
migration is never edited, and a changed checksum is an error rather than a
silent drift. Views are ``views/*.sql`` files of ``CREATE OR REPLACE VIEW``,
re-applied on every migrate so they always match the code.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources

import psycopg

from newsbot.archive.migration_checksums import repair_known_edit

# Any constant works; it only has to be the same for every newsbot process,
# so two crawls starting together never migrate at the same time.
_MIGRATION_LOCK_ID = 0x6E657773  # "news"
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


def migrate(conninfo: str) -> list[str]:
    """Bring the database at ``conninfo`` up to date; return the files applied."""
    applied_now = []
    with psycopg.connect(conninfo) as conn:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%(id)s)", {"id": _MIGRATION_LOCK_ID})
            conn.execute(_CREATE_LEDGER)
            applied = {
                version: checksum
                for version, checksum in conn.execute(
                    "SELECT version, checksum FROM schema_migrations"
                )
            }
            for migration in available_migrations():
                if migration.version in applied:
                    if applied[migration.version] != migration.checksum and not \
                            repair_known_edit(conn, migration, applied[migration.version]):
                        raise MigrationError(
                            f"migration {migration.name} was edited after it was applied; "
                            "add a new migration instead"
                        )
                    continue
                conn.execute(migration.sql)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) "
                    "VALUES (%(version)s, %(name)s, %(checksum)s)",
                    {"version": migration.version, "name": migration.name,
                     "checksum": migration.checksum},
                )
                applied_now.append(migration.name)
            for _name, sql in view_definitions():
                conn.execute(sql)
    return applied_now


def pending_migrations(conninfo: str) -> list[str]:
    with psycopg.connect(conninfo) as conn:
        exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()[0]
        done = set()
        if exists:
            done = {v for (v,) in conn.execute("SELECT version FROM schema_migrations")}
    return [m.name for m in available_migrations() if m.version not in done]
