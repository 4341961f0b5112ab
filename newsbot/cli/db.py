"""``newsbot db``: where the archive is, and its embedded cluster."""

from __future__ import annotations

import os

import click
import psycopg

from newsbot.archive.database_url import DATABASE_URL_ENV, check_database_url, embedded_cluster
from newsbot.archive.migrate import migrate, pending_migrations
from newsbot.cli._common import archive_url, guarded, redact
from newsbot.web.reader_login import ReaderLoginError, reader_url


@click.group()
def db() -> None:
    """Manage the archive database (the embedded cluster, or NEWSBOT_DATABASE_URL).

    \b
    Example:
        newsbot db migrate
    """


@db.command()
def status() -> None:
    """Show where the archive is, whether it runs, and pending migrations.

    \b
    Example:
        newsbot db status
    """
    configured = os.environ.get(DATABASE_URL_ENV)
    if configured:
        guarded(check_database_url, configured)
        click.echo(f"database: {DATABASE_URL_ENV} ({redact(configured)})")
        url = configured
    else:
        state = embedded_cluster().status()
        click.echo(f"database: embedded cluster in {state.data_dir}")
        click.echo(f"initialised: {'yes' if state.initialised else 'no'}")
        click.echo(f"running: {'yes on 127.0.0.1:' + str(state.port) if state.running else 'no'}")
        if not state.running:
            return
        url = state.url
    try:
        pending = pending_migrations(url)
    except psycopg.OperationalError as exc:
        raise click.ClickException(f"cannot connect: {exc}") from None
    click.echo(f"pending migrations: {', '.join(pending) if pending else 'none'}")


@db.command()
def start() -> None:
    """Start the embedded cluster (creating it on first use) and migrate it.

    \b
    Example:
        newsbot db start
    """
    url = _start_url()
    applied = guarded(migrate, url)
    click.echo(f"running: {redact(url)}; migrations applied: {len(applied)}")


@db.command()
def stop() -> None:
    """Stop the embedded cluster (a fast shutdown; running crawls lose their connection).

    \b
    Example:
        newsbot db stop
    """
    if os.environ.get(DATABASE_URL_ENV):
        raise click.ClickException(f"{DATABASE_URL_ENV} is set: there is no embedded cluster "
                                   "to stop (newsbot does not stop a server it did not start)")
    stopped = guarded(embedded_cluster().stop)
    click.echo("stopped" if stopped else "not running")


@db.command(name="migrate")
def migrate_command() -> None:
    """Apply pending schema migrations and refresh the views.

    \b
    Example:
        newsbot db migrate
    """
    url = _start_url()
    applied = guarded(migrate, url)
    click.echo(f"applied: {', '.join(applied)}" if applied else "schema is up to date")


@db.command()
def url() -> None:
    """Print the archive's connection URL (with its password), e.g. for psql or pandas.

    The archive is migrated first, so the URL leads to the tables. An embedded
    cluster stopped with `newsbot db stop` stays stopped: this says so and
    exits 1. The URL is the owner's; analysts get `newsbot db reader-url`.

    \b
    Example:
        psql "$(newsbot db url)"
    """
    click.echo(archive_url())


def _start_url() -> str:
    """The archive's URL, starting (or creating) the embedded cluster when it is stopped."""
    if os.environ.get(DATABASE_URL_ENV):
        return guarded(check_database_url, os.environ[DATABASE_URL_ENV])
    return guarded(embedded_cluster().ensure_running)


@db.command(name="reader-url")
def reader_url_command() -> None:
    """Print a read-only login's URL (newsbot_reader), creating the login if none exists.

    The password is generated once and kept in $NEWSBOT_HOME/reader-password (mode 0600).

    \b
    Example:
        psql "$(newsbot db reader-url)" -c "SELECT count(*) FROM latest_articles"
    """
    url = archive_url()
    try:
        click.echo(guarded(reader_url, url))
    except ReaderLoginError as exc:
        raise click.ClickException(str(exc)) from None
