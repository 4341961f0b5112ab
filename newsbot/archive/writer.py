"""Write crawl runs, sources and article versions into the archive.

Async psycopg with a connection pool: the crawl's asyncio reactor keeps
downloading while a write waits on the server. The crawl writes articles a
batch at a time (``store_batch``, group commit): one transaction per batch,
so a crash loses at most the uncommitted batch (whose requests the frontier
journal still holds open) and never leaves a half-written version.
"""

from __future__ import annotations

import enum
import json
import os
import socket
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from newsbot.archive.capture import PackedCapture, pack_page, payload_digest
from newsbot.archive.content_hash import content_hash
from newsbot.archive.queries import load_query, nul_free
from newsbot.archive.spooling_store import is_outage
from newsbot.dedupe.archive import lock_buckets
from newsbot.extraction.article import Article
from newsbot.items import FetchedPage
from newsbot.sources import Source
from newsbot.versions.diff import ChangeSummary, summarise_change
from newsbot.versions.recrawl import next_fetch_at
from newsbot.tokens import count_words

if TYPE_CHECKING:
    from newsbot.dedupe import ArticleDedupe


# A batch that hit a deadlock or a serialization failure is written again this many times.
TRANSIENT_RETRIES = 3


def _ignore(event: str) -> None:
    """The event callback of a caller that counts nothing."""


def _is_transient(exc: BaseException) -> bool:
    # Class 40, transaction rollback: nothing of the batch was written, and
    # the same batch again normally succeeds.
    return (getattr(exc, "sqlstate", None) or "").startswith("40")


class StoreOutcome(enum.Enum):
    NEW_ARTICLE = "new_article"
    NEW_VERSION = "new_version"
    UNCHANGED = "unchanged"
    NOT_MODIFIED = "not_modified"
    FLIP_FLOP = "flip_flop"
    # A spooled fetch found recorded already (its batch's commit went through
    # but its answer was lost): nothing written a second time.
    ALREADY_STORED = "already_stored"


class StoreEntry(NamedTuple):
    """One fetch to store: the article, its page, where it belongs, its dedupe work."""

    article: Article
    page: FetchedPage
    context: FetchContext
    dedupe: ArticleDedupe | None = None
    # Where ``dedupe`` reports its events, emptied as each try starts: a batch
    # written again (a refused entry, a deadlock) reports what was committed.
    dedupe_events: list[str] | None = None


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
        # No check at checkout (a round trip per write): a connection a server
        # restart killed fails its batch, which store_batch (and a lookup,
        # CrawlArchive.ask) answers by checking the idle ones then.
        pool = AsyncConnectionPool(conninfo, min_size=1, max_size=max_size, open=False,
                                   timeout=acquire_timeout, name="newsbot-store")
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
        """Record one fetch of an article, in a transaction of its own (see ``store_batch``)."""
        # Pipeline mode: statements whose results are not read go out with the
        # next one that is, so an article costs a few round trips, not a dozen.
        async with self.pool.connection() as conn, conn.pipeline(), conn.transaction():
            return await self._store_one(conn, StoreEntry(article, page, context, dedupe))

    async def store_batch(self, entries: Sequence[StoreEntry], replay: bool = False,
                          on_event: Callable[[str], None] = _ignore
                          ) -> list[StoreOutcome | Exception]:
        """Record a batch of fetches in one transaction (group commit); an outcome per entry.

        An entry the database refuses (too large, invalid) does not sink the
        batch: the transaction is rolled back and the batch written again, one
        savepoint per entry, and that entry's place holds its exception. An
        outage (``is_outage``) raises: nothing of the batch is committed, or
        (the commit's answer lost) all of it is, which writing the batch
        again finds out (``replay``). Before raising, the pool's idle
        connections are checked and the batch tried once more, so a server
        restart that killed them costs no spooling (the pool does not test a
        connection at each checkout).

        ``replay``: entries may already be stored (a spooled batch whose
        commit's answer was lost); one whose fetch is already recorded is
        ``ALREADY_STORED`` and written no second time.

        ``on_event``: ``"split"`` when a refused entry made the batch be
        written entry by entry, ``"transient_retry"`` after a deadlock or
        serialization failure, ``"reconnected"`` after a failed attempt on a
        dead connection.
        """
        if not entries:
            return []
        try:
            return await self._store_batch_once(entries, replay, on_event)
        except Exception as exc:
            if not is_outage(exc):
                raise
            # Connections the server dropped (a restart) are found and replaced
            # now, rather than tested at every checkout.
            await self.pool.check()
            on_event("reconnected")
            # The lost answer may have been a commit: written again, stored once.
            return await self._store_batch_once(entries, True, on_event)

    async def _store_batch_once(self, entries: Sequence[StoreEntry], replay: bool,
                                on_event: Callable[[str], None]) -> list[StoreOutcome | Exception]:
        for attempt in range(TRANSIENT_RETRIES + 1):
            async with self.pool.connection() as conn:
                try:
                    async with conn.pipeline(), conn.transaction():
                        await self._lock_batch(conn, entries)
                        return [await self._store_one(conn, entry, replay) for entry in entries]
                except Exception as exc:
                    if is_outage(exc) or conn.closed:
                        raise
                    if _is_transient(exc) and attempt < TRANSIENT_RETRIES:
                        on_event("transient_retry")
                        continue
                    if len(entries) == 1 and not _is_transient(exc):
                        return [exc]
                on_event("split")
                return await self._store_each(conn, entries, replay)
        raise AssertionError("unreachable")

    async def _store_each(self, conn, entries: Sequence[StoreEntry], replay: bool
                          ) -> list[StoreOutcome | Exception]:
        """The batch again in one transaction, each entry in a savepoint of its own."""
        outcomes: list[StoreOutcome | Exception] = []
        async with conn.pipeline(), conn.transaction():
            await self._lock_batch(conn, entries)
            for entry in entries:
                try:
                    async with conn.transaction():
                        outcomes.append(await self._store_one(conn, entry, replay))
                except Exception as exc:
                    if is_outage(exc) or conn.closed or _is_transient(exc):
                        raise
                    outcomes.append(exc)
        return outcomes

    async def _lock_batch(self, conn, entries: Sequence[StoreEntry]) -> None:
        """Take every dedupe lock of the batch at once, in one order for every writer.

        Each entry locks its own again (a no-op then); taken entry by entry,
        two concurrent batches could each hold what the other waits for.
        """
        buckets = {bucket for entry in entries if entry.dedupe is not None
                   for bucket in lock_buckets(entry.dedupe.fingerprint)}
        if len(entries) > 1 and buckets:
            await conn.execute(load_query("dedupe_lock"), {"buckets": sorted(buckets)})

    async def _store_one(self, conn, entry: StoreEntry, replay: bool = False) -> StoreOutcome:
        """One fetch of an article; a new version only if its content really changed.

        Runs in the caller's transaction: the article row is locked first, so
        concurrent fetches of one article serialise and a crash leaves no half
        version. With ``dedupe``, an exact copy under another URL of the same
        site is recorded on the article it copies, and the article joins a story.
        """
        article, page, context, dedupe, events = entry
        if events is not None:
            events.clear()
        if page.not_modified:
            return await self._record_not_modified(conn, page, context, replay)
        if dedupe is not None:
            article = await dedupe.resolve(conn, article)
        cursor = await conn.execute(load_query("upsert_article"), {
            "canonical_url": nul_free(article.canonical_url), "source_id": context.source_id,
            "fetched_at": page.fetched_at, "run_id": context.run_id})
        article_id, inserted, current_id, first_seen_at = await cursor.fetchone()
        if replay and not inserted and await self._already_recorded(conn, article_id, page):
            return StoreOutcome.ALREADY_STORED
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

    async def _already_recorded(self, conn, article_id: int, page: FetchedPage) -> bool:
        cursor = await conn.execute(load_query("fetch_recorded"), {
            "article_id": article_id, "fetched_at": page.fetched_at, "url": nul_free(page.url)})
        return await cursor.fetchone() is not None

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

    async def _record_not_modified(self, conn, page: FetchedPage, context: FetchContext,
                                   replay: bool = False) -> StoreOutcome:
        cursor = await conn.execute(load_query("lock_article"), {"article_id": page.recrawl_of})
        row = await cursor.fetchone()
        if row is None:
            raise LookupError(f"304 for unknown article {page.recrawl_of} ({page.url})")
        article_id, current_id, first_seen_at = row
        if replay and await self._already_recorded(conn, article_id, page):
            return StoreOutcome.ALREADY_STORED
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
