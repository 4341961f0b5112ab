"""APScheduler's job store in the archive database (table ``scheduler_jobs``, migration 0005)."""

from __future__ import annotations

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy.engine import URL

JOBS_TABLE = "scheduler_jobs"
_URL_PARTS = {"user", "password", "host", "port", "dbname"}


def sqlalchemy_url(conninfo: str) -> str:
    """A libpq URL or ``key=value`` string as SQLAlchemy's ``postgresql+psycopg://`` URL.

    The other libpq parameters (``sslmode``, ``connect_timeout``...) travel in
    the query string, which the psycopg driver hands back to libpq.
    """
    params = conninfo_to_dict(conninfo)
    host = params.get("host")
    query = {key: str(value) for key, value in params.items() if key not in _URL_PARTS}
    if host and (host.startswith("/") or "," in host):
        # A socket directory or a host list does not fit the URL's host part.
        query["host"], host = host, None
    port = params.get("port")
    if port and "," in port:
        query["port"], port = port, None
    url = URL.create("postgresql+psycopg", username=params.get("user"),
                     password=params.get("password"), host=host,
                     port=int(port) if port else None,
                     database=params.get("dbname"), query=query)
    return url.render_as_string(hide_password=False)


def postgres_jobstore(conninfo: str) -> SQLAlchemyJobStore:
    return SQLAlchemyJobStore(url=sqlalchemy_url(conninfo), tablename=JOBS_TABLE,
                              engine_options={"pool_pre_ping": True})
