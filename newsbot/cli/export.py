"""``newsbot export``: the archive out of PostgreSQL, for other tools."""

from __future__ import annotations

import time
from datetime import datetime

import click

from newsbot.archive.table_export import FORMATS, TableExport, write_rows
from newsbot.archive.warc_export import export_warc
from newsbot.cli._common import archive_connection
from newsbot.cli._output import TIME, as_utc


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Export articles as a table: csv, jsonl (one JSON object a line) or parquet.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              default="-", show_default=True,
              help="File for --format; - is standard output (not for parquet).")
@click.option("--versions", is_flag=True,
              help="With --format: one row per stored version instead of per article.")
@click.option("--warc", "warc_path", type=click.Path(dir_okay=False, writable=True),
              default=None, help="Write the raw captures to this WARC file (gzip) instead.")
@click.option("--since", type=TIME, default=None,
              help="Only what was fetched at or after this time (UTC unless it has an offset).")
def export(fmt: str | None, output: str, versions: bool, warc_path: str | None,
           since: datetime | None) -> None:
    """Export articles as CSV, JSON lines or Parquet, or the raw captures as WARC.

    With --format, one row per article as it reads now (--versions: per
    stored version), limited by --since to what was new or changed then or
    later. Lists (authors, tags) are "a; b" in CSV and arrays elsewhere;
    times are UTC. Progress goes to stderr.

    With --warc, each stored version is a response record; each refetch that
    found no change is a revisit record pointing at the version it matched.

    \b
    Example:
        newsbot export --format parquet --since 2026-03-01 --output march.parquet
        newsbot export --format jsonl --versions | gzip > versions.jsonl.gz
        newsbot export --warc archive.warc.gz --since 2026-03-01
    """
    if (fmt is None) == (warc_path is None):
        raise click.UsageError("give one of --format or --warc")
    if warc_path is not None and (versions or output != "-"):
        raise click.UsageError("--versions and --output go with --format, not --warc")
    if fmt == "parquet" and output == "-":
        raise click.UsageError("--format parquet needs --output FILE")
    since = as_utc(since)
    if warc_path is not None:
        _export_warc(warc_path, since)
        return
    job = TableExport(versions=versions, since=since)
    with archive_connection() as conn:
        total = job.count(conn)
        progress = Progress(total, "versions" if versions else "articles")
        mode = "wb" if fmt == "parquet" else "w"
        with click.open_file(output, mode, encoding=None if fmt == "parquet" else "utf-8",
                             atomic=output != "-") as out:
            written = write_rows(job.rows(conn), job.columns, fmt, out, progress)
    if output != "-":
        click.echo(f"wrote {output}: {written} {'versions' if versions else 'articles'} ({fmt})")


class Progress:
    """Prints "n/total" to stderr at most every few seconds, for exports that take a while."""

    def __init__(self, total: int, noun: str, every: float = 2.0):
        self.total = total
        self.noun = noun
        self.every = every
        self.last = time.monotonic()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            share = f" ({100 * done // self.total}%)" if self.total else ""
            click.echo(f"  {done}/{self.total} {self.noun}{share}...", err=True)


def _export_warc(warc_path: str, since: datetime | None) -> None:
    def progress(done: int) -> None:
        if done % 1000 == 0:
            click.echo(f"  {done} records...", err=True)

    with archive_connection() as conn, open(warc_path, "wb") as out:
        counts = export_warc(conn, out, since=since, progress=progress)
    click.echo(f"wrote {warc_path}: {counts.responses} response and {counts.revisits} revisit records")
