"""A login role in newsbot_reader, as the README tells an administrator to make one for an analyst."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo


@contextmanager
def reader_login(database_url: str, label: str = "reader") -> Iterator[str]:
    """The URL of a new reader login on ``database_url``'s server, dropped afterwards."""
    name = f"newsbot_test_{label}_{os.getpid()}"
    password = secrets.token_hex(12)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE newsbot_reader").format(
            sql.Identifier(name), sql.Literal(password)))
    try:
        yield make_conninfo(**{**conninfo_to_dict(database_url), "user": name, "password": password})
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
