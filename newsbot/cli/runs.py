"""``newsbot runs``: the recent crawls, what they did, and what went wrong."""

from __future__ import annotations

import click
from psycopg.rows import dict_row

from newsbot.archive.queries import load_query
from newsbot.cli._common import SPIDER_NAMES, archive_connection, check_filter
from newsbot.cli._output import emit, output_options

RUN_COLUMNS = ("run_id", "spider", "status", "started_at", "duration", "pages", "new", "changed",
               "duplicate", "errors", "warnings")
STATUSES = ("running", "finished", "interrupted", "failed")


@click.command()
@click.option("-n", "--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many runs, newest first.")
@click.option("--spider", default=None, help="Only runs of this spider.")
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only runs with this status.")
@output_options
def runs(limit: int, spider: str | None, status: str | None, fmt: str) -> None:
    """List recent crawl runs: status, pages, new/changed/duplicate articles, errors.

    Columns: pages = responses downloaded; new = articles stored for the first
    time; changed = new versions of stored articles; duplicate = copies of an
    earlier article (same-site exact copies and other outlets' near-duplicates);
    errors = ERROR lines in the crawl's log; warnings = extraction drift (a
    domain whose share of articles with a title, body, date or author fell
    sharply against its earlier runs: the site probably changed its layout).

    \b
    Example:
        newsbot runs --limit 5
        newsbot runs --status failed --json
    """
    with archive_connection(row_factory=dict_row) as conn:
        check_filter(conn, "--spider", spider, SPIDER_NAMES, "runs of spider")
        rows = conn.execute(load_query("recent_runs"),
                            {"limit": limit, "spider": spider, "status": status}).fetchall()
    emit(rows, RUN_COLUMNS, fmt,
         empty="no crawl runs yet" if spider is None and status is None else "no run matches")
