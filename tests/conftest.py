"""Shared fixtures: a real PostgreSQL for the whole run, a fresh database per test.

The run starts its own cluster in a temporary directory with the system's
PostgreSQL binaries (the same code as newsbot's embedded cluster), unless
``NEWSBOT_TEST_DSN`` names a server to use instead. One database is migrated
once; each test that needs the archive gets a copy of it, so tests never
see each other's rows.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from newsbot.archive.cluster import EmbeddedCluster
from newsbot.archive.migrate import migrate

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
_TEMPLATE_DB = "newsbot_test_template"
_counter = itertools.count()


def shared_path(*parts: str) -> Path:
    """A path in ../shared, skipping the test when a user's clone has none."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (only the project's own checkout has ../shared)")
    return path


@pytest.fixture(scope="session")
def postgres_server_url():
    """URL of the maintenance database of a PostgreSQL server for this test run."""
    configured = os.environ.get("NEWSBOT_TEST_DSN")
    if configured:
        yield configured
        return
    data_dir = Path(tempfile.mkdtemp(prefix="newsbot-test-pg-"))
    cluster = EmbeddedCluster(data_dir)
    cluster.ensure_running()
    try:
        yield cluster.url("postgres")
    finally:
        cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def _database_url(server_url: str, name: str) -> str:
    return make_conninfo(**{**conninfo_to_dict(server_url), "dbname": name})


def _drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _create_database(server_url: str, name: str, template: str | None = None) -> str:
    _drop_database(server_url, name)
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(statement)
    return _database_url(server_url, name)


@contextmanager
def throwaway_database(server_url: str, template: str, label: str):
    """A copy of the migrated template, dropped afterwards."""
    name = f"newsbot_{label}_{os.getpid()}_{next(_counter)}"
    url = _create_database(server_url, name, template)
    try:
        yield url
    finally:
        _drop_database(server_url, name)


@pytest.fixture(scope="session")
def migrated_template(postgres_server_url):
    migrate(_create_database(postgres_server_url, _TEMPLATE_DB))
    return _TEMPLATE_DB


@pytest.fixture
def database_url(postgres_server_url, migrated_template):
    """A freshly migrated, empty archive database of this test's own."""
    with throwaway_database(postgres_server_url, migrated_template, "test") as url:
        yield url


@pytest.fixture(scope="module")
def module_database_url(postgres_server_url, migrated_template):
    """A migrated database shared by the tests of one module (one crawl, many checks)."""
    with throwaway_database(postgres_server_url, migrated_template, "module") as url:
        yield url
