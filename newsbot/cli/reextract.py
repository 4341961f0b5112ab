"""``newsbot reextract``: read stored pages again with the current extractor."""

from __future__ import annotations

from datetime import datetime

import click

from newsbot.archive.reextract import reextract_archive
from newsbot.cli._common import SOURCE_NAMES, archive_connection, check_filter
from newsbot.cli._output import TIME, as_utc, emit, output_options
from newsbot.cli._progress import progress_bar
from newsbot.extraction import EXTRACTOR_VERSION

COLUMNS = ("article_id", "old_snapshot_id", "new_snapshot_id", "old_extractor", "changed", "words_added",
           "words_removed", "url")


@click.command()
@click.option("--source", default=None, help="Only articles of this source (its name in the sources config).")
@click.option("--since", type=TIME, default=None,
              help="Only versions fetched at or after this time (a date, or a duration back: 3d).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many articles.")
@click.option("--min-pages", type=click.IntRange(min=2), default=3, show_default=True,
              help="Pages a site's text block must be seen on to be stripped as template.")
@click.option("--dry-run", is_flag=True, help="Report what would change; store nothing.")
@output_options
def reextract(source: str | None, since: datetime | None, limit: int | None, min_pages: int,
              dry_run: bool, fmt: str) -> None:
    """Extract stored raw pages again; store a new version where the result differs.

    Each article's current version is read again from its raw capture with
    the current extractor, its source's keep/drop selectors and the site
    templates learned so far. Where any field differs, a new version (the
    same fetch, with the new extractor version) is stored and becomes
    current, unless validation would drop the new reading (no title, too
    short...): then the current version stays, and the reason is printed. A new
    version refreshes the article's dedupe signature and story (docs/dedupe.md).
    Lists the articles that changed; the summary goes to stderr, and on a
    terminal a progress bar while it works.

    \b
    Example:
        newsbot reextract --dry-run
        newsbot reextract --source bbc-world --since 2026-03-01
    """
    rows, checked, refused = [], 0, 0
    with archive_connection() as conn, progress_bar(limit, "articles") as bar:
        check_filter(conn, "--source", source, SOURCE_NAMES, "source")
        for result in reextract_archive(conn, source=source, since=as_utc(since), limit=limit,
                                        dry_run=dry_run, min_pages=min_pages):
            checked += 1
            bar.advance_to(checked)
            if result.refused:
                refused += 1
                click.echo(f"article {result.article_id}: the re-extraction is not an article "
                           f"({result.refused}); its current version stays: {result.url}", err=True)
            elif result.changed:
                rows.append({"article_id": result.article_id, "old_snapshot_id": result.old_snapshot_id,
                             "new_snapshot_id": result.new_snapshot_id,
                             "old_extractor": result.old_extractor_version,
                             "changed": list(result.changed_fields), "words_added": result.words_added,
                             "words_removed": result.words_removed, "url": result.url})
    emit(rows, COLUMNS, fmt, empty="no article changed")
    outcome = "would get a new version (dry run: nothing stored)" if dry_run else "got a new version"
    click.echo(f"re-extracted {checked} article(s) with {EXTRACTOR_VERSION}: {len(rows)} {outcome}, "
               f"{checked - len(rows) - refused} unchanged"
               + (f", {refused} refused by validation" if refused else ""), err=True)
