"""``newsbot sources``, ``search`` and ``show``: what the archive holds."""

from __future__ import annotations

from datetime import datetime

import click
from psycopg.rows import dict_row

from newsbot.archive.queries import load_query
from newsbot.cli._common import SOURCE_NAMES, archive_connection, check_filter
from newsbot.dedupe.urls import url_key
from newsbot.cli._output import TIME, as_utc, emit, json_value, output_options, text_value

SOURCE_COLUMNS = ("name", "site_name", "language", "articles", "due", "newest_article_at",
                  "last_fetched_at", "home_url")
SEARCH_COLUMNS = ("article_id", "source", "published_at", "title", "url", "rank")
# `show` prints these as "field: value" lines, then the summary and the body.
SHOW_FIELDS = ("article_id", "url", "source", "title", "authors", "published_at", "modified_at",
               "section", "tags", "language", "site_name", "word_count", "versions", "fetches",
               "first_seen_at", "last_fetched_at", "last_http_status", "next_fetch_at",
               "story_id", "story_outlets")
BODY_PREVIEW_CHARS = 600


@click.command()
@output_options
def sources(fmt: str) -> None:
    """List the sources crawled so far, with their article counts and freshness.

    due = stored articles whose next revisit time has passed.

    \b
    Example:
        newsbot sources
        newsbot sources --csv > sources.csv
    """
    with archive_connection(row_factory=dict_row) as conn:
        rows = conn.execute(load_query("list_sources")).fetchall()
    emit(rows, SOURCE_COLUMNS, fmt, empty="no sources yet: run a crawl first")


@click.command()
@click.argument("text")
@click.option("-l", "--language", default="english", show_default=True,
              help="Stemming of the query: a text-search configuration (english, german, "
                   "simple...) or an ISO 639-1 code (en, de...).")
@click.option("--source", default=None, help="Only articles of this source.")
@click.option("--since", type=TIME, default=None,
              help="Only articles published at or after this time (a date, UTC unless it has an offset; or a duration back from now: 2h, 3d).")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="Most results, best first.")
@output_options
def search(text: str, language: str, source: str | None, since: datetime | None, limit: int,
           fmt: str) -> None:
    """Full-text search over the articles as they read now, best matches first.

    TEXT uses web-search syntax: words, "a quoted phrase", or, and -word to exclude.

    \b
    Example:
        newsbot search "ferry strike -football"
        newsbot search "grève des ferries" --language fr --json
    """
    with archive_connection(row_factory=dict_row) as conn:
        check_filter(conn, "--source", source, SOURCE_NAMES, "source")
        row = conn.execute(load_query("search_config"), {"language": language}).fetchone()
        config = next(iter(row.values()))
        if config is None:
            raise click.BadParameter(f"{language!r} is neither a text-search configuration "
                                     "(\\dF in psql lists them) nor the language code of a "
                                     "stemmer or of a stored article (en, de, fr...)",
                                     param_hint="--language")
        rows = conn.execute(load_query("search_articles"), {
            "config": config, "text": text, "source": source, "since": as_utc(since),
            "limit": limit}).fetchall()
    emit(rows, SEARCH_COLUMNS, fmt, empty=f"no article matches {text!r}")


@click.command()
@click.argument("article")
@click.option("--body/--no-body", "full_body", default=False,
              help="Print the whole body (default: its first lines).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object, body included.")
def show(article: str, full_body: bool, as_json: bool) -> None:
    """Show one article as it reads now: ARTICLE is an id or any URL of it.

    URLs are matched by their url_key, as the crawl matches them: scheme,
    www., a trailing slash and tracking parameters (utm_*...) do not count.

    The fields of its current version, how many versions and fetches it has,
    when it is revisited next, and the outlets that ran the same story.

    \b
    Example:
        newsbot show 42
        newsbot show https://example.com/2026/03/14/story --body
    """
    key = {"article_id": int(article) if article.isdigit() else None,
           "url": article, "url_key": None if article.isdigit() else url_key(article)}
    with archive_connection(row_factory=dict_row) as conn:
        row = conn.execute(load_query("show_article"), key).fetchone()
    if row is None:
        raise click.ClickException(f"no stored article {article!r}")
    if as_json:
        import json
        click.echo(json.dumps({k: json_value(v) for k, v in row.items()}, indent=2,
                              ensure_ascii=False))
        return
    width = max(map(len, SHOW_FIELDS))
    for field in SHOW_FIELDS:
        click.echo(f"{field + ':':<{width + 1}} {text_value(row[field], full=True)}")
    if row["summary"]:
        click.echo(f"\n{row['summary']}")
    body = row["body"] or ""
    if not full_body and len(body) > BODY_PREVIEW_CHARS:
        body = body[:BODY_PREVIEW_CHARS].rsplit(" ", 1)[0] + " … (--body for all of it)"
    click.echo(f"\n{body}")
