"""``newsbot schedule``: the daemon that runs the crawls every night (and every hour)."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from newsbot.archive.database_url import resolve_database_url
from newsbot.archive.migrate import migrate
from newsbot.cli._common import guarded
from newsbot.cli._output import render_table
from newsbot.scheduler import (
    SCHEDULE_ENV,
    ScheduleConfig,
    ScheduleConfigError,
    SchedulerDaemon,
    load_schedule,
)
from newsbot.scheduler.checks import job_problems, project_spiders
from newsbot.scheduler.config import format_duration


@click.command()
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              envvar=SCHEDULE_ENV, default=None,
              help=f"Schedule file layered on the package's newsbot/schedule.toml "
                   f"(also ${SCHEDULE_ENV}).")
@click.option("--check", is_flag=True,
              help="Check the config (spiders and sources too), print the jobs and their "
                   "next runs, and exit (1 on a mistake).")
@click.option("--log-level", type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
              default="INFO", show_default=True, help="The daemon's own log level.")
def schedule(config_path: str | None, check: bool, log_level: str) -> None:
    """Run the scheduler daemon: the configured crawls, on their cron schedules.

    Each run is `scrapy crawl` in a subprocess with a timeout; the same job
    never runs twice at once, on this machine or another sharing the
    database. Each job's next run is kept in the archive (scheduler_job_state). SIGTERM
    or Ctrl-C stops it cleanly: a running crawl is stopped and its run
    marked interrupted.

    \b
    Example:
        newsbot schedule --check
        newsbot schedule --config /etc/newsbot/schedule.toml
    """
    try:
        config = load_schedule(config_path)
    except ScheduleConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if check:
        _print_jobs(config)
        problems = job_problems(config, project_spiders(_checkout()))
        for problem in problems:
            click.echo(f"Error: {problem}", err=True)
        if problems:
            raise SystemExit(1)
        return
    project_dir = find_project_dir()
    logging.basicConfig(level=log_level, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    url = guarded(resolve_database_url)
    guarded(migrate, url)
    daemon = SchedulerDaemon(config, url, project_dir)
    daemon.serve()


def find_project_dir() -> Path:
    """Where ``scrapy crawl`` finds the project: the checkout, else the working directory."""
    for candidate in (Path(__file__).resolve().parents[2], Path.cwd()):
        if (candidate / "scrapy.cfg").is_file():
            return candidate
    raise click.ClickException("cannot find scrapy.cfg: run `newsbot schedule` in the newsbot "
                               "checkout (the directory with scrapy.cfg)")


def _checkout() -> Path | None:
    try:
        return find_project_dir()
    except click.ClickException:
        return None  # an installed newsbot: its spiders package is importable as is


def _print_jobs(config: ScheduleConfig) -> None:
    now = datetime.now(timezone.utc)
    rows = []
    for job in config.jobs:
        trigger = job.trigger(config.timezone)
        next_run = trigger.get_next_fire_time(None, now) if job.enabled else None
        rows.append({"id": job.id, "trigger": job.describe_trigger(),
                     # In the header's zone, as the cron expressions are (not UTC).
                     "next_run": _in_zone(next_run, config.timezone), "timeout": format_duration(job.timeout),
                     "enabled": job.enabled, "command": " ".join(job.command("python")[2:])})
    click.echo(f"schedule: {' + '.join(map(str, config.files))}")
    click.echo(f"time zone {config.timezone}, misfire grace {format_duration(config.misfire_grace_time)}, "
               f"stop grace {format_duration(config.stop_grace)}")
    click.echo(render_table(rows, ("id", "trigger", "next_run", "timeout", "enabled", "command")))


def _in_zone(moment: datetime | None, zone: str) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")
