"""The archive schema as analysts see it: documented, time-zone aware, migrated once."""

import psycopg
import pytest

from newsbot.archive import migrate as migrate_module
from newsbot.archive.migrate import Migration, MigrationError, migrate

TABLES = ("sources", "crawl_runs", "articles", "snapshots", "schema_migrations")


def test_core_tables_exist(database_url):
    with psycopg.connect(database_url) as conn:
        found = {r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    assert set(TABLES) <= found
    assert "latest_articles" in found


def test_every_table_view_and_column_has_a_comment(database_url):
    with psycopg.connect(database_url) as conn:
        missing_tables = conn.execute("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v')
              AND obj_description(c.oid, 'pg_class') IS NULL""").fetchall()
        missing_columns = conn.execute("""
            SELECT c.relname, a.attname FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v')
              AND a.attnum > 0 AND NOT a.attisdropped
              AND col_description(c.oid, a.attnum) IS NULL""").fetchall()
    assert missing_tables == []
    assert missing_columns == []


def test_every_timestamp_is_timestamptz(database_url):
    with psycopg.connect(database_url) as conn:
        naive = conn.execute("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public'
              AND (data_type = 'timestamp without time zone'
                   OR (column_name LIKE '%%\\_at' AND data_type <> 'timestamp with time zone'))
        """).fetchall()
    assert naive == []


def test_migrate_is_idempotent(database_url):
    assert migrate(database_url) == []
    with psycopg.connect(database_url) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
    assert versions == sorted(set(versions)) and versions[0] == 1


def test_an_edited_migration_is_refused(database_url, monkeypatch):
    real = migrate_module.available_migrations()
    edited = [Migration(m.version, m.name, m.sql + "\n-- edited") for m in real]
    monkeypatch.setattr(migrate_module, "available_migrations", lambda: edited)
    with pytest.raises(MigrationError, match="edited after it was applied"):
        migrate(database_url)
