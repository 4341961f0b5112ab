"""newsbot_reader: analysts read everything and change nothing."""

from __future__ import annotations

import os
import secrets

import psycopg
import pytest
from psycopg import errors, sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from newsbot.archive.migrate import migrate


@pytest.fixture
def analyst_url(database_url):
    """A login role that is a member of newsbot_reader, as the README tells an admin to make."""
    name = f"newsbot_test_analyst_{os.getpid()}"
    password = secrets.token_hex(12)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE newsbot_reader").format(
            sql.Identifier(name), sql.Literal(password)))
    try:
        yield make_conninfo(**{**conninfo_to_dict(database_url), "user": name,
                               "password": password})
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


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
