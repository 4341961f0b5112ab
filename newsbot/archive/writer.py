"""Write crawl runs, sources and article versions into the archive.

Async psycopg with a connection pool: the crawl's asyncio reactor keeps
downloading while a write waits on the server. Each article is one
transaction, so a crash loses at most the item in flight and never leaves a
half-written version.
"""

from __future__ import annotations

import enum
import json
import os
import socket
from collections.abc import Iterable, Mapping
from typing import Any

from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from newsbot.archive.capture import pack_capture
from newsbot.archive.content_hash import content_hash
from newsbot.archive.queries import load_query
from newsbot.extraction.article import Article
from newsbot.items import FetchedPage
from newsbot.sources import Source


class StoreOutcome(enum.Enum):
    NEW_ARTICLE = "new_article"
    NEW_VERSION = "new_version"
    UNCHANGED = "unchanged"


class ArchiveWriter:
    def __init__(self, pool: AsyncConnectionPool):
        self.pool = pool

    @classmethod
    async def open(cls, conninfo: str, max_size: int = 4, timeout: float = 30.0) -> ArchiveWriter:
        pool = AsyncConnectionPool(conninfo, min_size=1, max_size=max_size, open=False,
                                   timeout=timeout, name="newsbot-store")
        await pool.open(wait=True, timeout=timeout)
        return cls(pool)

    async def close(self) -> None:
        await self.pool.close()

    async def register_sources(self, sources: Iterable[Source]) -> dict[str, int]:
        ids = {}
        async with self.pool.connection() as conn:
            for source in sources:
                cursor = await conn.execute(load_query("upsert_source"), {
                    "name": source.name, "site_name": source.site_name,
                    "home_url": source.home, "language": source.language,
                    "config": Jsonb(source.as_config()),
                })
                ids[source.name] = (await cursor.fetchone())[0]
        return ids

    async def start_run(self, spider: str) -> int:
        async with self.pool.connection() as conn:
            cursor = await conn.execute(load_query("start_run"), {
                "spider": spider, "hostname": socket.gethostname(), "pid": os.getpid()})
            return (await cursor.fetchone())[0]

    async def finish_run(self, run_id: int, status: str, finish_reason: str | None,
                         stats: Mapping[str, Any]) -> None:
        async with self.pool.connection() as conn:
            await conn.execute(load_query("finish_run"), {
                "run_id": run_id, "status": status, "finish_reason": finish_reason,
                "stats": Jsonb(dict(stats), dumps=_dumps_stats)})

    async def store(self, article: Article, page: FetchedPage, source_id: int | None,
                    run_id: int | None, extractor_version: str) -> StoreOutcome:
        """Store one fetch of an article; a version only if its content changed."""
        digest = content_hash(article)
        async with self.pool.connection() as conn, conn.transaction():
            cursor = await conn.execute(load_query("upsert_article"), {
                "canonical_url": _text(article.canonical_url), "source_id": source_id,
                "fetched_at": page.fetched_at, "run_id": run_id})
            article_id, inserted = await cursor.fetchone()
            if not inserted:
                cursor = await conn.execute(load_query("latest_content_hash"),
                                            {"article_id": article_id})
                latest = await cursor.fetchone()
                if latest and latest[0] == digest:
                    return StoreOutcome.UNCHANGED
            await conn.execute(load_query("insert_snapshot"), _snapshot_params(
                article, page, article_id, run_id, digest, extractor_version))
        return StoreOutcome.NEW_ARTICLE if inserted else StoreOutcome.NEW_VERSION


def _snapshot_params(article: Article, page: FetchedPage, article_id: int, run_id: int | None,
                     digest: str, extractor_version: str) -> dict[str, Any]:
    body = _text(article.text)
    return {
        "article_id": article_id, "run_id": run_id, "fetched_at": page.fetched_at,
        "url": _text(page.url), "http_status": page.status, "content_hash": digest,
        "title": _text(article.title or ""), "authors": [_text(a) for a in article.authors],
        "published_at": article.published_at, "modified_at": article.modified_at,
        "section": _text(article.section), "tags": [_text(t) for t in article.tags],
        "language": _text(article.language), "site_name": _text(article.site_name),
        "summary": _text(article.summary), "image_url": _text(article.image_url),
        "body": body, "paragraph_count": len(article.body), "word_count": len(body.split()),
        "extractor_version": extractor_version,
        "response_headers": Jsonb({_text(k): [_text(v) for v in vs]
                                   for k, vs in page.headers.items()}),
        "raw_response": pack_capture(page.status, page.headers, page.body),
    }


def _text(value: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; pages from the wild sometimes do.
    return value.replace("\x00", "") if value is not None else None


def _dumps_stats(stats: dict[str, Any]) -> str:
    # Scrapy's stats hold datetimes and the odd non-JSON value.
    return json.dumps(stats, default=str)
