"""Where the archive lives: a configured server, or the embedded cluster."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from newsbot.archive.cluster import ClusterError, EmbeddedCluster

DATABASE_URL_ENV = "NEWSBOT_DATABASE_URL"
HOME_ENV = "NEWSBOT_HOME"


def newsbot_home() -> Path:
    """The local state directory: ``$NEWSBOT_HOME``, else ``var/`` in the checkout."""
    configured = os.environ.get(HOME_ENV)
    if configured:
        return Path(configured).resolve()
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "scrapy.cfg").exists():
        return checkout / "var"
    return Path.home() / ".local" / "share" / "newsbot"


def embedded_cluster() -> EmbeddedCluster:
    return EmbeddedCluster(newsbot_home() / "postgres")


class DatabaseUrlError(ValueError):
    """``NEWSBOT_DATABASE_URL`` (or the setting) is not a PostgreSQL connection string."""


def check_database_url(url: str) -> str:
    """``url`` if libpq can read it, else a one-line ``DatabaseUrlError`` naming it."""
    try:
        conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise DatabaseUrlError(
            f"{DATABASE_URL_ENV}: {url!r} is not a PostgreSQL URL such as "
            f"postgresql://user:password@host:5432/dbname ({' '.join(str(exc).split())})") from None
    return url


def resolve_database_url(configured: str | None = None, start: bool = True) -> str:
    """The URL to use: the argument, ``$NEWSBOT_DATABASE_URL``, or the embedded
    cluster, which is started (and created on first use) here.

    With ``start=False`` (anything that runs mid-crawl) a stopped embedded
    cluster stays stopped and ``ClusterError`` is raised: only
    ``newsbot db start`` and a crawl's start start it, so an operator's stop
    stands.
    """
    url = configured or os.environ.get(DATABASE_URL_ENV)
    if url:
        return check_database_url(url)
    cluster = embedded_cluster()
    if not start:
        if not cluster.is_running():
            raise ClusterError(f"the embedded cluster in {cluster.data_dir} is not running "
                               "(stopped by `newsbot db stop`?); it is not restarted mid-crawl")
        return cluster.url()
    return cluster.ensure_running()
