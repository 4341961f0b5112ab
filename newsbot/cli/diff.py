"""``newsbot diff``: how an article changed, version by version."""

from __future__ import annotations

import click
from psycopg.rows import dict_row

from newsbot.archive.queries import load_query
from newsbot.cli._common import archive_connection


@click.command()
@click.argument("article")
def diff(article: str) -> None:
    """Print what changed between the stored versions of ARTICLE (an id or a URL).

    \b
    Example:
        newsbot diff 42
        newsbot diff https://example.com/2026/03/14/story
    """
    with archive_connection(row_factory=dict_row) as conn:
        key = {"article_id": int(article) if article.isdigit() else None, "url": article}
        versions = conn.execute(load_query("article_versions"), key).fetchall()
    if not versions:
        raise click.ClickException(f"no stored article {article!r}")
    first = versions[0]
    click.echo(f"article {first['article_id']}: {first['canonical_url']}")
    click.echo(f"{len(versions)} version(s)")
    for number, version in enumerate(versions, start=1):
        stamp = version["fetched_at"].isoformat(timespec="seconds")
        if number == 1:
            click.echo(f"\nversion 1, fetched {stamp}: {version['title']}")
            continue
        click.echo(f"\nversion {number}, fetched {stamp}: +{version['words_added']} "
                   f"-{version['words_removed']} words"
                   f"{', headline changed' if version['title_changed'] else ''}")
        for line in (version["diff"] or "").splitlines():
            color = "green" if line.startswith("+") else "red" if line.startswith("-") else None
            click.secho(line, fg=color)
