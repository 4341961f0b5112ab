"""``newsbot export``: the archive out of PostgreSQL, for other tools."""

from __future__ import annotations

from datetime import datetime

import click

from newsbot.archive.warc_export import export_warc
from newsbot.cli._common import archive_connection


@click.command()
@click.option("--warc", "warc_path", type=click.Path(dir_okay=False, writable=True),
              required=True, help="Write the raw captures to this WARC file (gzip).")
@click.option("--since", type=click.DateTime(), default=None,
              help="Only fetches at or after this time (UTC unless it has an offset).")
def export(warc_path: str, since: datetime | None) -> None:
    """Export the archive's raw captures as a WARC file.

    Each stored version is a response record; each refetch that found no
    change is a revisit record pointing at the version it matched.

    \b
    Example:
        newsbot export --warc archive.warc.gz --since 2026-03-01
    """
    def progress(done: int) -> None:
        if done % 1000 == 0:
            click.echo(f"  {done} records...", err=True)

    with archive_connection() as conn, open(warc_path, "wb") as out:
        counts = export_warc(conn, out, since=since, progress=progress)
    click.echo(f"wrote {warc_path}: {counts.responses} response and {counts.revisits} revisit records")
