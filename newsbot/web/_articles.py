"""Pages about articles: search, one article with its versions and diffs, downloads, stories."""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime
from io import BytesIO

from markupsafe import Markup, escape
from psycopg import sql
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from newsbot.archive.warc_export import write_capture
from newsbot.web._db import fetch_all, fetch_one, query
from newsbot.web._render import render
from newsbot.web._params import MAX_ID, BadRequest, Params, day_after, day_start
from newsbot.web.worddiff import diff_versions

# Private-use characters: ts_headline marks matches with them, and they
# become <mark> only after the text around them is escaped.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"
LANGUAGE_CODE_LENGTH = 2
# Matches counted exactly up to this many; past it the page says "more than".
COUNT_CAP = 1_000
# The search page's orders, as the SQL placed in search_page.sql (fixed
# fragments chosen by name: nothing from the request goes into the SQL text).
SORTS = {
    "newest": sql.SQL("s.published_at DESC NULLS LAST, s.snapshot_id DESC"),
    "relevance": sql.SQL("ts_rank(s.search_vector, websearch_to_tsquery(%(config)s::regconfig, "
                         "%(text)s)) DESC, s.published_at DESC NULLS LAST, s.snapshot_id DESC"),
}


async def search(request: Request) -> Response:
    params = Params(request.query_params)
    config = request.app.state.config
    text = params.text("q")
    source = params.text("source")
    language = params.text("language")
    if language is not None and not (len(language) == LANGUAGE_CODE_LENGTH and language.isalpha()):
        raise BadRequest(f"language: {language!r} is not a two-letter code such as en")
    published_from, published_to = params.day("from"), params.day("to")
    if published_from and published_to and published_from > published_to:
        raise BadRequest("from: the start date is after the end date")
    changed = params.flag("changed")
    order = params.choice("sort", tuple(SORTS)) or "newest"
    page = params.integer("page", default=1, maximum=10_000)
    filters = {
        "text": text, "config": "english", "source": source,
        "language": language.lower() if language else None,
        "published_from": day_start(published_from, config.zone),
        "published_to": day_after(published_to, config.zone),
        "changed": changed,
    }
    if language:
        filters["config"] = await _search_config(request, language)
    pool = request.app.state.pool
    # Without words there is no relevance to order by.
    matches = sql.SQL(query("search_matches"))
    statement = sql.SQL(query("search_page")).format(matches=matches,
                                                     order=SORTS[order if text else "newest"])
    count = sql.SQL(query("search_count")).format(matches=matches)
    # The count, the page and the form's source list on three connections at once.
    counted, rows, sources = await asyncio.gather(
        fetch_one(pool, count, {**filters, "cap": COUNT_CAP + 1}),
        fetch_all(pool, statement, {
            **filters, "limit": config.page_size, "offset": (page - 1) * config.page_size,
            "mark_start": _MARK_START, "mark_stop": _MARK_STOP}),
        fetch_all(pool, "source_names", {}))
    total = counted["total"]
    for row in rows:
        row["headline"] = _highlight(row["headline"])
        row["title_headline"] = _highlight(row["title_headline"])
    pages = max(1, -(-min(total, COUNT_CAP) // config.page_size))
    return render(request, "search.html", title="Search", rows=rows, total=total, page=page,
                  pages=pages, sources=sources, capped=total > COUNT_CAP, sorts=tuple(SORTS),
                  form={"sort": order,
                      "q": text or "", "source": source or "", "language": language or "",
                      "from": published_from or "", "to": published_to or "",
                      "changed": changed})


async def _search_config(request: Request, language: str) -> str:
    row = await fetch_one(request.app.state.pool, "search_config", {"language": language})
    return row["config"]


def _highlight(text: str | None) -> Markup:
    escaped = str(escape(text or ""))
    return Markup(escaped.replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>"))


async def article_by_url(request: Request) -> Response:
    url = Params(request.query_params).text("url")
    if url is None:
        raise BadRequest("url: missing; give an article's URL, e.g. /articles?url=https://...")
    row = await fetch_one(request.app.state.pool, "article_by_url", {"url": url})
    if row is None:
        raise HTTPException(404, f"No stored article was fetched at {url}.")
    return RedirectResponse(request.url_for("article", article_id=row["article_id"]).path, 303)


async def article(request: Request) -> Response:
    article_id = _path_id(request, "article_id")
    params = Params(request.query_params)
    old_id, new_id = params.integer("from"), params.integer("to")
    pool = request.app.state.pool
    found = await fetch_one(pool, "article", {"article_id": article_id})
    if found is None:
        raise HTTPException(404, f"There is no article {article_id}.")
    versions = await fetch_all(pool, "article_versions", {"article_id": article_id})
    urls = await fetch_all(pool, "article_urls", {"article_id": article_id})
    diff = older = newer = None
    if (old_id is None) != (new_id is None):
        raise BadRequest("from and to: give both versions to compare, or neither")
    if old_id is None and len(versions) > 1:
        # The page opens on the latest change: the last version against the one before.
        old_id, new_id = versions[-2]["snapshot_id"], versions[-1]["snapshot_id"]
    if old_id is not None:
        by_id = {v["snapshot_id"]: v for v in versions}
        for name, value in (("from", old_id), ("to", new_id)):
            if value not in by_id:
                raise HTTPException(404, f"Article {article_id} has no version {value} ({name}).")
        older = await fetch_one(pool, "version", {"article_id": article_id, "snapshot_id": old_id})
        newer = await fetch_one(pool, "version", {"article_id": article_id, "snapshot_id": new_id})
        older["number"], newer["number"] = by_id[old_id]["version"], by_id[new_id]["version"]
        diff = diff_versions(older["title"], older["body"], newer["title"], newer["body"])
    return render(request, "article.html", title=found["title"], article=found, versions=versions,
                  urls=urls, diff=diff, older=older, newer=newer)


async def version_json(request: Request) -> Response:
    row = await _version(request, "version")
    body = json.dumps(row, default=_json_value, ensure_ascii=False, indent=1)
    name = f"newsbot-article-{row['article_id']}-version-{row['snapshot_id']}.json"
    return Response(body, media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def version_warc(request: Request) -> Response:
    row = await _version(request, "version_capture")
    out = BytesIO()
    write_capture(out, row["url"], row["fetched_at"], row["raw_response"])
    name = (f"newsbot-article-{request.path_params['article_id']}-"
            f"version-{request.path_params['snapshot_id']}.warc.gz")
    return Response(out.getvalue(), media_type="application/warc",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def _version(request: Request, query: str) -> dict:
    article_id, snapshot_id = _path_id(request, "article_id"), _path_id(request, "snapshot_id")
    row = await fetch_one(request.app.state.pool, query,
                          {"article_id": article_id, "snapshot_id": snapshot_id})
    if row is None:
        raise HTTPException(404, f"Article {article_id} has no version {snapshot_id}.")
    return row


async def story(request: Request) -> Response:
    story_id = _path_id(request, "story_id")
    pool = request.app.state.pool
    cluster = await fetch_one(pool, "story_exists", {"story_id": story_id})
    if cluster is None:
        raise HTTPException(404, f"There is no story {story_id}.")
    rows = await fetch_all(pool, "story", {"story_id": story_id})
    by_id = {r["article_id"]: r for r in rows}
    first = rows[0] if rows else None
    return render(request, "story.html", title=f"Story {story_id}", story=cluster, rows=rows,
                  first=first, by_id=by_id,
                  outlets=sorted({r["outlet"] or "(unknown)" for r in rows}))


def _path_id(request: Request, name: str) -> int:
    value = request.path_params[name]
    if value > MAX_ID:
        raise HTTPException(404, f"There is no {name.removesuffix('_id')} {value}.")
    return value


def _json_value(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
