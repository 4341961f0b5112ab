"""The site's settings, read once from the environment (or given by `newsbot web`'s options).

Settings:

- ``NEWSBOT_WEB_DATABASE_URL`` (str, default: the ``newsbot_reader`` login
  that ``newsbot db reader-url`` creates): the archive, read-only.
- ``NEWSBOT_WEB_HOST`` (str, default ``127.0.0.1``), ``NEWSBOT_WEB_PORT``
  (int, default ``8150``): where the site listens.
- ``NEWSBOT_WEB_ROOT_PATH`` (str, default empty): the path prefix a reverse
  proxy serves the site under, e.g. ``/newsbot``.
- ``NEWSBOT_WEB_WORKERS`` (int, default ``1``): server processes (uvicorn
  workers); pages are rendered in Python, so one process uses one core.
- ``NEWSBOT_WEB_POOL_SIZE`` (int, default ``8``): most connections to the
  archive, per process.
- ``NEWSBOT_WEB_TIMEZONE`` (str, default ``UTC``): the time zone times are shown in.
- ``NEWSBOT_WEB_PAGE_SIZE`` (int, default ``20``): search results and runs per page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ConfigError(ValueError):
    """A setting with a value the site cannot use; the message names it."""


@dataclass(frozen=True)
class WebConfig:
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8150
    root_path: str = ""
    pool_size: int = 8
    workers: int = 1
    timezone: str = "UTC"
    page_size: int = 20

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"NEWSBOT_WEB_TIMEZONE: unknown time zone {self.timezone!r}") from None
        if self.root_path and (not self.root_path.startswith("/") or self.root_path.endswith("/")):
            raise ConfigError(f"NEWSBOT_WEB_ROOT_PATH: {self.root_path!r} must start with / "
                              "and not end with one, e.g. /newsbot")
        if min(self.pool_size, self.page_size, self.workers) < 1:
            raise ConfigError("NEWSBOT_WEB_POOL_SIZE, NEWSBOT_WEB_PAGE_SIZE and "
                              "NEWSBOT_WEB_WORKERS must be at least 1")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def env_settings() -> dict:
    """The settings given in the environment, as WebConfig keyword arguments."""
    found: dict = {}
    for field, cast in (("database_url", str), ("host", str), ("port", int), ("root_path", str),
                        ("pool_size", int), ("workers", int), ("timezone", str),
                        ("page_size", int)):
        name = f"NEWSBOT_WEB_{field.upper()}"
        value = os.environ.get(name)
        if value is None or value == "":
            continue
        try:
            found[field] = cast(value)
        except ValueError:
            raise ConfigError(f"{name}: {value!r} is not a whole number") from None
    return found


def to_env(config: WebConfig) -> dict[str, str]:
    """The settings as environment variables, for worker processes that read them back."""
    return {f"NEWSBOT_WEB_{name.upper()}": str(value)
            for name, value in config.__dict__.items() if value != ""}
