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
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from newsbot.archive.capture import PackedCapture, pack_page, payload_digest
from newsbot.archive.content_hash import content_hash
from newsbot.archive.queries import load_query, nul_free
from newsbot.extraction.article import Article
from newsbot.items import FetchedPage
from newsbot.sources import Source
from newsbot.versions.diff import ChangeSummary, summarise_change
from newsbot.versions.recrawl import next_fetch_at
from newsbot.extraction.signals import count_words

if TYPE_CHECKING:
    from newsbot.dedupe import ArticleDedupe


class StoreOutcome(enum.Enum):
    NEW_ARTICLE = "new_article"
    NEW_VERSION = "new_version"
    UNCHANGED = "unchanged"
    NOT_MODIFIED = "not_modified"
    FLIP_FLOP = "flip_flop"


@dataclass(frozen=True)
class FetchContext:
    """Where a fetch belongs: its source, run, and the source's revisit schedule."""

    source_id: int | None
    run_id: int | None
    extractor_version: str
    recrawl_schedule: tuple[timedelta, ...] = ()


class ArchiveWriter:
    def __init__(self, pool: AsyncConnectionPool, flip_flop_window: int = 5):
        self.pool = pool
        # How many recent versions a fetch is compared with: a page that
        # alternates between that many versions adds none.
        self.flip_flop_window = max(1, flip_flop_window)

    @classmethod
    async def open(cls, conninfo: str, max_size: int = 4, timeout: float = 30.0,
                   flip_flop_window: int = 5, acquire_timeout: float = 5.0) -> ArchiveWriter:
        """Open the pool, failing within ``timeout`` if the server is not there.

        Later, a write waits at most ``acquire_timeout`` for a connection:
        past that the database counts as down and items are spooled.
        """
        pool = AsyncConnectionPool(conninfo, min_size=1, max_size=max_size, open=False,
                                   timeout=acquire_timeout, name="newsbot-store",
                                   # A server restart kills pooled connections; test
                                   # each on checkout rather than fail the next write.
                                   check=AsyncConnectionPool.check_connection)
        await pool.open(wait=True, timeout=timeout)
        return cls(pool, flip_flop_window)

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

    async def resume_run(self, run_id: int) -> bool:
        async with self.pool.connection() as conn:
            cursor = await conn.execute(load_query("resume_run"), {
                "run_id": run_id, "hostname": socket.gethostname(), "pid": os.getpid()})
            return await cursor.fetchone() is not None

    async def close_dead_runs(self) -> list[int]:
        """Mark this machine's runs whose process no longer exists as interrupted."""
        closed = []
        async with self.pool.connection() as conn:
            cursor = await conn.execute(load_query("running_runs_here"),
                                        {"hostname": socket.gethostname()})
            for run_id, pid in await cursor.fetchall():
                if pid != os.getpid() and not _process_exists(pid):
                    await conn.execute(load_query("mark_run_interrupted"), {"run_id": run_id})
                    closed.append(run_id)
        return closed

    async def finish_run(self, run_id: int, status: str, finish_reason: str | None,
                         stats: Mapping[str, Any]) -> None:
        async with self.pool.connection() as conn:
            await conn.execute(load_query("finish_run"), {
                "run_id": run_id, "status": status, "finish_reason": finish_reason,
                "stats": Jsonb(dict(stats), dumps=_dumps_stats)})

    async def store(self, article: Article, page: FetchedPage, context: FetchContext,
                    dedupe: ArticleDedupe | None = None) -> StoreOutcome:
        """Record one fetch of an article; a new version only if its content really changed.

        One transaction: the article row is locked first, so concurrent
        fetches of one article serialise and a crash leaves no half version.
        With ``dedupe``, an exact copy under another URL of the same site is
        recorded on the article it copies, and the article joins a story.
        """
        # Pipeline mode: statements whose results are not read go out with the
        # next one that is, so an article costs a few round trips, not a dozen.
        async with self.pool.connection() as conn, conn.pipeline(), conn.transaction():
            if page.not_modified:
                return await self._record_not_modified(conn, page, context)
            if dedupe is not None:
                article = await dedupe.resolve(conn, article)
            cursor = await conn.execute(load_query("upsert_article"), {
                "canonical_url": nul_free(article.canonical_url), "source_id": context.source_id,
                "fetched_at": page.fetched_at, "run_id": context.run_id})
            article_id, inserted, current_id, first_seen_at = await cursor.fetchone()
            digest = content_hash(article)
            outcome, snapshot_id, change = StoreOutcome.NEW_ARTICLE, None, None
            if not inserted:
                outcome, snapshot_id = await self._compare(conn, article_id, current_id, digest)
                if outcome is StoreOutcome.NEW_VERSION and current_id is not None:
                    change = await self._change_against(conn, current_id, article)
            if snapshot_id is None:
                cursor = await conn.execute(load_query("insert_snapshot"), _snapshot_params(
                    article, page, article_id, context, digest, current_id, change))
                snapshot_id = (await cursor.fetchone())[0]
            await self._after_fetch(conn, article_id, snapshot_id, first_seen_at, page,
                                    outcome, context)
            if dedupe is not None:
                await dedupe.link(conn, article_id, article.canonical_url, page.fetched_at)
        return outcome

    async def _compare(self, conn, article_id: int, current_id: int | None, digest: str
                       ) -> tuple[StoreOutcome, int | None]:
        cursor = await conn.execute(load_query("recent_versions"), {
            "article_id": article_id, "window": self.flip_flop_window})
        for snapshot_id, known_digest in await cursor.fetchall():
            if known_digest == digest:
                if snapshot_id == current_id:
                    return StoreOutcome.UNCHANGED, snapshot_id
                return StoreOutcome.FLIP_FLOP, snapshot_id
        return StoreOutcome.NEW_VERSION, None

    async def _change_against(self, conn, previous_id: int, article: Article) -> ChangeSummary:
        cursor = await conn.execute(load_query("version_text"), {"snapshot_id": previous_id})
        old_title, old_body = await cursor.fetchone()
        return summarise_change(old_title, old_body, article.title or "", article.text)

    async def _record_not_modified(self, conn, page: FetchedPage, context: FetchContext
                                   ) -> StoreOutcome:
        cursor = await conn.execute(load_query("lock_article"), {"article_id": page.recrawl_of})
        row = await cursor.fetchone()
        if row is None:
            raise LookupError(f"304 for unknown article {page.recrawl_of} ({page.url})")
        article_id, current_id, first_seen_at = row
        await self._after_fetch(conn, article_id, current_id, first_seen_at, page,
                                StoreOutcome.NOT_MODIFIED, context)
        return StoreOutcome.NOT_MODIFIED

    async def _after_fetch(self, conn, article_id: int, snapshot_id: int | None,
                           first_seen_at: datetime, page: FetchedPage, outcome: StoreOutcome,
                           context: FetchContext) -> None:
        digest = None if page.not_modified else _packed(page).payload_digest
        await conn.execute(load_query("record_fetch"), {
            "article_id": article_id, "run_id": context.run_id, "fetched_at": page.fetched_at,
            "url": nul_free(page.url), "http_status": page.status, "outcome": outcome.value,
            "snapshot_id": snapshot_id, "payload_digest": digest})
        await conn.execute(load_query("update_article_after_fetch"), {
            "article_id": article_id, "snapshot_id": snapshot_id,
            "fetched_at": page.fetched_at, "http_status": page.status,
            "etag": nul_free(page.header("ETag")),
            "last_modified": nul_free(page.header("Last-Modified")),
            "next_fetch_at": next_fetch_at(first_seen_at, page.fetched_at,
                                           context.recrawl_schedule)})


def _process_exists(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _packed(page: FetchedPage) -> PackedCapture:
    # Made by the extraction process, or here (extraction in this process, a spooled page).
    if page.capture is None:
        page.capture = pack_page(page.status, page.headers, page.body)
    return page.capture


def _snapshot_params(article: Article, page: FetchedPage, article_id: int,
                     context: FetchContext, digest: str, previous_id: int | None,
                     change: ChangeSummary | None) -> dict[str, Any]:
    body = nul_free(article.text)
    return {
        "article_id": article_id, "run_id": context.run_id, "fetched_at": page.fetched_at,
        "url": nul_free(page.url), "http_status": page.status, "content_hash": digest,
        "title": nul_free(article.title or ""), "authors": [nul_free(a) for a in article.authors],
        "published_at": article.published_at, "modified_at": article.modified_at,
        "section": nul_free(article.section), "tags": [nul_free(t) for t in article.tags],
        "language": nul_free(article.language), "site_name": nul_free(article.site_name),
        "summary": nul_free(article.summary), "image_url": nul_free(article.image_url),
        "body": body, "paragraph_count": len(article.body), "word_count": count_words(body),
        "extractor_version": context.extractor_version,
        "response_headers": Jsonb({nul_free(k): [nul_free(v) for v in vs]
                                   for k, vs in page.headers.items()}),
        "raw_response": _packed(page).raw_response,
        "payload_digest": _packed(page).payload_digest,
        "previous_snapshot_id": previous_id if change else None,
        "words_added": change.words_added if change else None,
        "words_removed": change.words_removed if change else None,
        "title_changed": change.title_changed if change else None,
        "diff": nul_free(change.diff) if change else None,
    }


def _dumps_stats(stats: dict[str, Any]) -> str:
    # Scrapy's stats hold datetimes and the odd non-JSON value.
    return json.dumps(stats, default=str)
