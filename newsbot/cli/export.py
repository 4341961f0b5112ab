"""``newsbot export``: the archive out of PostgreSQL, for other tools."""

from __future__ import annotations

import importlib.util
from datetime import datetime
from pathlib import Path

import click

from newsbot.archive.table_export import FORMATS, TableExport, write_rows
from newsbot.archive.warc_export import export_warc
from newsbot.cli._common import archive_connection
from newsbot.cli._output import TIME, as_utc
from newsbot.cli._progress import progress_bar


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Export articles as a table: csv, jsonl (one JSON object a line) or parquet.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              default="-", show_default=True,
              help="File for --format; - is standard output (not for parquet).")
@click.option("--versions", is_flag=True,
              help="With --format: one row per stored version instead of per article.")
@click.option("--warc", "warc_path", type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              default=None,
              help="Write the raw captures to this WARC file (gzip) instead; - is standard output.")
@click.option("--since", type=TIME, default=None,
              help="Only what was fetched at or after this time (a date, UTC unless it has an offset; or a duration back from now: 2h, 3d).")
def export(fmt: str | None, output: str, versions: bool, warc_path: str | None,
           since: datetime | None) -> None:
    """Export articles as CSV, JSON lines or Parquet, or the raw captures as WARC.

    With --format, one row per article as it reads now (--versions: per
    stored version), limited by --since to what was new or changed then or
    later. Lists (authors, tags) are "a; b" in CSV and arrays elsewhere;
    times are UTC. On a terminal, a progress bar goes to stderr.

    With --warc, each stored version is a response record; each refetch that
    found no change is a revisit record pointing at the version it matched
    (profile server-not-modified for a 304, identical-payload-digest for the
    same bytes, urn:newsbot:revisit:same-article-content for a page whose
    bytes differ but whose article did not change).

    \b
    Example:
        newsbot export --format parquet --since 2026-03-01 --output march.parquet
        newsbot export --format jsonl --versions | gzip > versions.jsonl.gz
        newsbot export --warc archive.warc.gz --since 2026-03-01
        newsbot export --warc - --since 2d | warcio index /dev/stdin
    """
    if (fmt is None) == (warc_path is None):
        raise click.UsageError("give one of --format or --warc")
    if warc_path is not None and (versions or output != "-"):
        raise click.UsageError("--versions and --output go with --format, not --warc")
    if fmt == "parquet" and output == "-":
        raise click.UsageError("--format parquet needs --output FILE")
    if fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
        raise click.ClickException("--format parquet needs pyarrow, an optional dependency: "
                                   "pip install 'newsbot[parquet]'")
    for option, path in (("--output", output), ("--warc", warc_path)):
        if path not in (None, "-") and not Path(path).resolve().parent.is_dir():
            raise click.BadParameter(f"{path!r}: folder {str(Path(path).parent)!r} does not exist",
                                     param_hint=option)
    since = as_utc(since)
    if warc_path is not None:
        _export_warc(warc_path, since)
        return
    job = TableExport(versions=versions, since=since)
    noun = "versions" if versions else "articles"
    with archive_connection() as conn:
        total = job.count(conn)
        mode = "wb" if fmt == "parquet" else "w"
        with click.open_file(output, mode, encoding=None if fmt == "parquet" else "utf-8",
                             atomic=output != "-") as out, progress_bar(total, noun) as bar:
            written = write_rows(job.rows(conn), job.columns, fmt, out, bar.advance_to)
    if output != "-":
        click.echo(f"wrote {output}: {written} {noun} ({fmt})")


def _export_warc(warc_path: str, since: datetime | None) -> None:
    with archive_connection() as conn, click.open_file(warc_path, "wb") as out, \
            progress_bar(None, "records") as bar:
        counts = export_warc(conn, out, since=since, progress=bar.advance_to)
    where = "standard output" if warc_path == "-" else warc_path
    click.echo(f"wrote {where}: {counts.responses} response and {counts.revisits} revisit records",
               err=warc_path == "-")
