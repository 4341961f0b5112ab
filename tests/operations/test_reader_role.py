"""newsbot_reader: analysts read everything and change nothing."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors, sql

from newsbot.archive.migrate import migrate
from tests.reader_login import reader_login


@pytest.fixture
def analyst_url(database_url):
    with reader_login(database_url, "analyst") as url:
        yield url


def test_the_migrations_create_the_role_once(database_url):
    assert migrate(database_url) == []
    with psycopg.connect(database_url) as conn:
        login, = conn.execute(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'newsbot_reader'").fetchone()
    assert login is False


def test_a_reader_can_select_every_table_and_view(database_url, analyst_url):
    with psycopg.connect(database_url) as conn:
        relations = [r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') ORDER BY 1")]
    assert {"latest_articles", "crawl_runs", "extraction_quality", "stories"} <= set(relations)
    with psycopg.connect(analyst_url) as conn:
        for relation in relations:
            conn.execute(sql.SQL("SELECT * FROM {} LIMIT 1").format(sql.Identifier(relation)))


@pytest.mark.parametrize("statement", [
    "INSERT INTO crawl_runs (spider) VALUES ('intruder')",
    "UPDATE sources SET name = 'x'",
    "DELETE FROM articles",
    "TRUNCATE snapshots",
    "CREATE TABLE analyst_scratch (x integer)",
    "CREATE VIEW analyst_view AS SELECT 1 AS x",
    "DROP TABLE crawl_runs",
])
def test_a_reader_cannot_change_anything(analyst_url, statement):
    with psycopg.connect(analyst_url) as conn:
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(statement)
