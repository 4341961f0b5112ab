"""``newsbot web``: serve the archive as a read-only web site."""

from __future__ import annotations

import os

import click

from newsbot.archive.database_url import resolve_database_url
from newsbot.archive.migrate import migrate
from newsbot.cli._common import guarded, redact
from newsbot.web.config import ConfigError, WebConfig, env_settings, to_env
from newsbot.web.reader_login import ReaderLoginError, reader_url


@click.command()
@click.option("--host", default=None, help="Address to listen on [NEWSBOT_WEB_HOST; 127.0.0.1].")
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port to listen on [NEWSBOT_WEB_PORT; 8150].")
@click.option("--root-path", default=None,
              help="Path prefix when behind a reverse proxy, e.g. /newsbot [NEWSBOT_WEB_ROOT_PATH].")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Server processes; one uses one core [NEWSBOT_WEB_WORKERS; 1].")
@click.option("--database-url", default=None,
              help="Read-only archive URL [NEWSBOT_WEB_DATABASE_URL; the newsbot_reader login].")
def web(host: str | None, port: int | None, root_path: str | None, workers: int | None,
        database_url: str | None) -> None:
    """Serve the archive in a browser: search, versions and diffs, stories, runs.

    Read-only: the site connects as newsbot_reader (see `newsbot db reader-url`).

    \b
    Example:
        newsbot web --port 8150
    """
    # The server and the app load only when the site starts, not with every newsbot command.
    import uvicorn

    from newsbot.web.app import create_app

    try:
        settings = env_settings()
        given = {"host": host, "port": port, "root_path": root_path, "workers": workers,
                 "database_url": database_url}
        settings.update({k: v for k, v in given.items() if v is not None})
        if "database_url" not in settings:
            admin_url = guarded(resolve_database_url)
            guarded(migrate, admin_url)
            settings["database_url"] = guarded(reader_url, admin_url)
        config = WebConfig(**settings)
    except (ConfigError, ReaderLoginError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"newsbot web: http://{config.host}:{config.port}{config.root_path}/ "
               f"(archive {redact(config.database_url)})", err=True)
    options = {"host": config.host, "port": config.port, "root_path": config.root_path,
               "log_level": "info", "proxy_headers": True}
    if config.workers == 1:
        uvicorn.run(create_app(config), **options)
        return
    # Worker processes build the app themselves, from the settings passed down here.
    os.environ.update(to_env(config))
    uvicorn.run("newsbot.web.app:app_from_env", factory=True, workers=config.workers, **options)
