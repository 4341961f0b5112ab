"""``newsbot web``: the archive in a browser, read-only.

Search, articles with their versions and word-level diffs, stories across
outlets, sources' volume and extraction quality, and crawl runs; pages are
rendered on the server (Starlette and Jinja2, served by uvicorn) and need
no JavaScript. The site connects as the ``newsbot_reader`` role.
"""

from newsbot.web.config import ConfigError, WebConfig, env_settings

__all__ = ["ConfigError", "WebConfig", "create_app", "env_settings"]


def __getattr__(name: str):
    # Starlette and Jinja2 load with the app, not with every `newsbot` command.
    if name == "create_app":
        from newsbot.web.app import create_app
        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
