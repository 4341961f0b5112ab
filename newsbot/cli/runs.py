"""``newsbot runs``: the recent crawls, what they did, and what went wrong."""

from __future__ import annotations

import click
from psycopg.rows import dict_row

from newsbot.archive.queries import load_query
from newsbot.cli._common import SPIDER_NAMES, archive_connection, check_filter
from newsbot.cli._output import emit, output_options

RUN_COLUMNS = ("run_id", "spider", "status", "started_at", "duration", "pages", "new", "changed",
               "duplicate", "listed", "dropped", "coverage", "errors", "warnings")
SOURCE_COLUMNS = ("run_id", "source", "listed", "stored", "dropped", "coverage", "drops", "warning")
STATUSES = ("running", "finished", "interrupted", "failed")


@click.command()
@click.option("-n", "--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many runs, newest first.")
@click.option("--spider", default=None, help="Only runs of this spider.")
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only runs with this status.")
@click.option("--sources", "by_source", is_flag=True,
              help="One row per run and source: listed, stored, dropped (by reason), coverage.")
@output_options
def runs(limit: int, spider: str | None, status: str | None, by_source: bool, fmt: str) -> None:
    """List recent crawl runs: status, pages, new/changed/duplicate articles, errors.

    Columns: pages = responses downloaded; new = articles stored for the first
    time; changed = new versions of stored articles; duplicate = copies of an
    earlier article (same-site exact copies and other outlets' near-duplicates);
    listed = article pages the sources' listings named; dropped = those fetched
    and not stored; coverage = stored / listed; errors = ERROR lines in the
    crawl's log; warnings = extraction drift (a source whose share of articles
    with a title, body, date or author fell sharply against its earlier runs:
    the site probably changed its layout) and coverage alarms (a source whose
    stored share of listed pages fell). ``--sources`` shows each source's
    coverage and drop reasons.

    \b
    Example:
        newsbot runs --limit 5
        newsbot runs --sources --limit 1
        newsbot runs --status failed --json
    """
    params = {"limit": limit, "spider": spider, "status": status}
    with archive_connection(row_factory=dict_row) as conn:
        check_filter(conn, "--spider", spider, SPIDER_NAMES, "runs of spider")
        if by_source:
            rows = conn.execute(load_query("run_sources"), params).fetchall()
        else:
            rows = conn.execute(load_query("recent_runs"), params).fetchall()
    filtered = spider is not None or status is not None
    if by_source:
        emit(rows, SOURCE_COLUMNS, fmt,
             empty="no run matches" if filtered else "no per-source counts yet")
    else:
        emit(rows, RUN_COLUMNS, fmt, empty="no run matches" if filtered else "no crawl runs yet")
