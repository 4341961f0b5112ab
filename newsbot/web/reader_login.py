"""The ``newsbot_reader`` login: the read-only role of migration 0005, given a password.

Migration 0005 creates ``newsbot_reader`` as a role that may only SELECT,
without a login. ``newsbot db reader-url`` (and ``newsbot web`` when no
database URL is configured) turns it into a login with a generated
password, kept in ``$NEWSBOT_HOME/reader-password`` (mode 0600) so later
calls print the same URL.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from newsbot.archive.database_url import newsbot_home

READER_ROLE = "newsbot_reader"
PASSWORD_FILE = "reader-password"


class ReaderLoginError(RuntimeError):
    """The reader login cannot be made (the admin user lacks CREATEROLE, say)."""


def reader_url(admin_url: str, home: Path | None = None) -> str:
    """The reader's connection URL, creating its login (and password file) if needed."""
    password = _password(home or newsbot_home())
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                  [READER_ROLE]).fetchone()
            verb = "ALTER" if exists else "CREATE"
            # Utility statements take no parameters: the password travels as a quoted literal.
            conn.execute(sql.SQL("{} ROLE {} WITH LOGIN PASSWORD {}").format(
                sql.SQL(verb), sql.Identifier(READER_ROLE), sql.Literal(password)))
            if not exists:
                _grant(conn)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise ReaderLoginError(
            f"cannot give {READER_ROLE} a login: {exc.diag.message_primary}; "
            f"ask an administrator to ALTER ROLE {READER_ROLE} LOGIN PASSWORD '...' and "
            f"set NEWSBOT_WEB_DATABASE_URL") from None
    params = conninfo_to_dict(admin_url)
    params.update(user=READER_ROLE, password=password)
    return as_url(params)


def as_url(params: dict) -> str:
    """Connection parameters as a postgresql:// URL (what psql, pandas and SQLAlchemy take)."""
    params = dict(params)
    user = quote(params.pop("user", ""), safe="")
    password = quote(params.pop("password", ""), safe="")
    host = params.pop("host", "localhost")
    port = params.pop("port", None)
    dbname = quote(params.pop("dbname", ""), safe="")
    netloc = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    if host.startswith("/"):  # a Unix-socket directory goes in the query
        params["host"] = host
    else:
        netloc += f"[{host}]" if ":" in host else quote(host, safe="")
        netloc += f":{port}" if port else ""
    query = f"?{urlencode(params)}" if params else ""
    return f"postgresql://{netloc}/{dbname}{query}"


def _grant(conn: psycopg.Connection) -> None:
    # The grants of 0005_operations.sql, for a role that migration could not create.
    role = sql.Identifier(READER_ROLE)
    conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
        sql.Identifier(conn.info.dbname), role))
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
    conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(role))
    conn.execute(sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {}")
                 .format(role))


def _password(home: Path) -> str:
    path = home / PASSWORD_FILE
    if path.exists():
        return path.read_text().strip()
    home.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(24)
    # Created 0600 from the start: never readable by others, not even briefly.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(password + "\n")
    return password
