"""The site's connections: one async pool, read-only at the session level too.

The site connects as ``newsbot_reader``, which may only SELECT; on top of
that every session starts read-only, so even a login with more rights
cannot change the archive through the site.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

# A page that takes longer than this is a bug to see, not a request to wait for.
STATEMENT_TIMEOUT_MS = 15_000


def open_pool(database_url: str, size: int) -> AsyncConnectionPool:
    options = (f"-c default_transaction_read_only=on -c statement_timeout={STATEMENT_TIMEOUT_MS}"
               " -c timezone=UTC")
    return AsyncConnectionPool(
        database_url, min_size=1, max_size=size, open=False, name="newsbot-web",
        # No server-side prepared statements: each query is planned with its
        # values, so "%(source)s IS NULL OR ..." filters fold away.
        kwargs={"autocommit": True, "row_factory": dict_row, "options": options,
                "application_name": "newsbot web", "prepare_threshold": None})


@cache
def query(name: str) -> str:
    """The text of ``newsbot/web/queries/<name>.sql``."""
    return (resources.files("newsbot.web") / "queries" / f"{name}.sql").read_text()


def _statement(name_or_sql: str | sql.Composable) -> str | sql.Composable:
    return name_or_sql if isinstance(name_or_sql, sql.Composable) else query(name_or_sql)


async def fetch_all(pool: AsyncConnectionPool, name: str | sql.Composable,
                    params: dict) -> list[dict]:
    """Rows of a named query (or of a composed statement)."""
    async with pool.connection() as conn:
        cursor = await conn.execute(_statement(name), params)
        return await cursor.fetchall()


async def fetch_one(pool: AsyncConnectionPool, name: str | sql.Composable,
                    params: dict) -> dict | None:
    async with pool.connection() as conn:
        cursor = await conn.execute(_statement(name), params)
        return await cursor.fetchone()
