"""An analyst's open transaction holds up neither a crawl start nor a command; readers never migrate."""

from __future__ import annotations

import os

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import errors

from newsbot.archive.migrate import MigrationError, migrate
from newsbot.cli import main
from tests.crawl.conftest import dump, run_crawl
from tests.reader_login import reader_login
from tests.sites.pushback import PushbackSite, write_sources


@pytest.fixture
def reader_url(database_url):
    with reader_login(database_url, "locks") as url:
        yield url


def newsbot(url: str, *args: str):
    return CliRunner().invoke(main, list(args), env={"NEWSBOT_DATABASE_URL": url})


def test_a_crawl_and_commands_run_while_a_reader_holds_a_view_open(database_url, reader_url,
                                                                   tmp_path):
    with psycopg.connect(reader_url) as analyst:
        analyst.execute("SELECT count(*) FROM latest_articles").fetchone()  # transaction stays open
        with PushbackSite("calm", articles=3) as site:
            # Without a lock_timeout the crawl would wait for the analyst for ever.
            result = run_crawl(database_url, write_sources(tmp_path / "s.toml", site), timeout=120)
        assert result.returncode == 0, dump(result)
        owner_runs = newsbot(database_url, "runs")
        reader_runs = newsbot(reader_url, "runs")
        reader_sources = newsbot(reader_url, "sources")
        assert analyst.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
    assert owner_runs.exit_code == 0, owner_runs.output
    assert reader_runs.exit_code == 0, reader_runs.output
    assert "worldnews" in reader_runs.output
    assert reader_sources.exit_code == 0, reader_sources.output


def test_views_are_replaced_only_when_their_sql_changed(database_url, reader_url):
    with psycopg.connect(database_url) as conn:
        before = dict(conn.execute("SELECT name, applied_at FROM schema_views").fetchall())
    assert "latest_articles.sql" in before
    assert migrate(database_url) == []
    with psycopg.connect(database_url, autocommit=True) as conn:
        assert dict(conn.execute("SELECT name, applied_at FROM schema_views").fetchall()) == before
        # As if latest_articles.sql had changed since it was applied.
        conn.execute("UPDATE schema_views SET checksum = 'old' WHERE name = 'latest_articles.sql'")
    with psycopg.connect(reader_url) as analyst:
        analyst.execute("SELECT count(*) FROM latest_articles").fetchone()
        with pytest.raises(MigrationError, match=r"^schema update gave up after waiting 0\.5 s "
                                                 r"for a lock"):
            migrate(database_url, lock_timeout=0.5)
    assert migrate(database_url) == []
    with psycopg.connect(database_url) as conn:
        after = dict(conn.execute("SELECT name, applied_at FROM schema_views").fetchall())
    assert after["latest_articles.sql"] > before["latest_articles.sql"]
    assert {k: v for k, v in after.items() if k != "latest_articles.sql"} == \
        {k: v for k, v in before.items() if k != "latest_articles.sql"}


def test_a_reader_is_told_the_schema_is_behind_instead_of_migrating(database_url, reader_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE schema_views SET checksum = 'old' WHERE name = 'stories.sql'")
        conn.execute("DELETE FROM schema_migrations WHERE version = 10")
    result = newsbot(reader_url, "runs")
    assert result.exit_code == 1
    assert "the archive's schema is behind this newsbot (0010_locks_readers_cannot_hold.sql)" \
        in result.output
    assert "Traceback" not in result.output


def test_a_reader_cannot_create_temporary_tables(postgres_server_url):
    # Migrated in place: a database copied from a template gets default privileges.
    from tests.conftest import _create_database, _drop_database

    name = f"newsbot_temp_{os.getpid()}"
    url = _create_database(postgres_server_url, name)
    try:
        migrate(url)
        with reader_login(url) as reader:
            with psycopg.connect(reader) as conn:
                with pytest.raises(errors.InsufficientPrivilege):
                    conn.execute("CREATE TEMP TABLE copy_of_the_archive AS SELECT * FROM snapshots")
    finally:
        _drop_database(postgres_server_url, name)
