"""Dedupe state in PostgreSQL: async reads and writes on a connection the caller owns.

The archive writer calls these inside its per-article transaction (see
``newsbot.dedupe.linking``); the crawl's request filter and the recrawl
planner call ``known_urls``. Statements are the ``dedupe_*`` files in
``newsbot/archive/queries``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from psycopg import AsyncConnection
from psycopg.rows import class_row

from newsbot.archive.queries import load_query, nul_free
from newsbot.dedupe.signatures import BANDS, SCHEME, Fingerprint, band_hashes, unpack_minhash
from newsbot.dedupe.urls import canonicalize_url, url_key

# Rows of dedupe_locks (migration 0010) that band keys are folded onto.
LOCK_BUCKETS = 65536
_BAND_NUMBERS = list(range(BANDS))


@dataclass(frozen=True)
class Candidate:
    """A stored article that shares at least one band key with a signature."""

    article_id: int
    story_id: int | None
    canonical_url: str
    body_hash: bytes
    minhash: bytes
    bands: int


@dataclass(frozen=True)
class KnownUrl:
    """A URL that already leads to a stored article."""

    url_key: str
    url: str
    article_id: int
    # "canonical" or "alias" (article_urls); "fetched": a URL fetched for
    # the article that article_urls does not hold (stored without dedupe)
    kind: str
    canonical_url: str
    last_seen_at: datetime

    @property
    def is_alias(self) -> bool:
        return self.kind == "alias"


@dataclass(frozen=True)
class SignatureState:
    story_id: int | None
    scheme: str | None
    minhash: bytes | None
    duplicate_of: int | None = None


def lock_keys(fingerprint: Fingerprint) -> list[int]:
    """32-bit lock keys: one per band, one for the body hash."""
    keys = {_int32(h) for h in fingerprint.band_hashes}
    keys.add(_int32(int.from_bytes(fingerprint.body_hash[:8], "little", signed=True)))
    return sorted(keys)


def lock_buckets(fingerprint: Fingerprint) -> list[int]:
    """The ``dedupe_locks`` rows of ``fingerprint``'s keys (two copies share at least one)."""
    return sorted({key % LOCK_BUCKETS for key in lock_keys(fingerprint)})


async def lock_fingerprint(conn: AsyncConnection, fingerprint: Fingerprint) -> None:
    await conn.execute(load_query("dedupe_lock"), {"buckets": lock_buckets(fingerprint)})


async def find_candidates(conn: AsyncConnection, fingerprint: Fingerprint, max_candidates: int
                          ) -> list[Candidate]:
    """Stored articles sharing a band key with ``fingerprint``, most shared bands first."""
    async with conn.cursor(row_factory=class_row(Candidate)) as cursor:
        # Never a prepared statement: its generic plan, made while the archive
        # is small (a new archive's first crawl), scans signature_bands whole,
        # and kept that plan as the table grew (7 ms a lookup at 3,000
        # articles). Planned each time, it probes the primary key.
        await cursor.execute(load_query("dedupe_candidates"), {
            "bands": _BAND_NUMBERS, "band_hashes": list(fingerprint.band_hashes),
            "max_candidates": max_candidates, "scheme": SCHEME}, prepare=False)
        return await cursor.fetchall()


async def signature_state(conn: AsyncConnection, article_id: int) -> SignatureState:
    async with conn.cursor(row_factory=class_row(SignatureState)) as cursor:
        await cursor.execute(load_query("dedupe_signature_state"), {"article_id": article_id})
        row = await cursor.fetchone()
    if row is None:
        raise LookupError(f"no article {article_id}")
    return row


async def save_signature(conn: AsyncConnection, article_id: int, fingerprint: Fingerprint,
                         signed_at: datetime, previous: SignatureState) -> None:
    """Store ``fingerprint`` as the article's signature, replacing its band keys."""
    if previous.scheme == SCHEME and previous.minhash is not None:
        old_keys = band_hashes(unpack_minhash(previous.minhash))
        await conn.execute(load_query("dedupe_delete_bands"), {
            "article_id": article_id, "bands": _BAND_NUMBERS,
            "band_hashes": [int(k) for k in old_keys]})
    await conn.execute(load_query("dedupe_upsert_signature"), {
        "article_id": article_id, "scheme": SCHEME, "body_hash": fingerprint.body_hash,
        "minhash": fingerprint.minhash, "word_count": fingerprint.word_count,
        "signed_at": signed_at})
    await conn.execute(load_query("dedupe_insert_bands"), {
        "article_id": article_id, "bands": _BAND_NUMBERS,
        "band_hashes": list(fingerprint.band_hashes)})


async def start_story(conn: AsyncConnection, article_id: int, seen_at: datetime) -> int:
    cursor = await conn.execute(load_query("dedupe_start_story"),
                                {"article_id": article_id, "seen_at": seen_at})
    return (await cursor.fetchone())[0]


async def join_story(conn: AsyncConnection, article_id: int, story_id: int, duplicate_of: int,
                     similarity: float) -> None:
    await conn.execute(load_query("dedupe_join_story"), {
        "article_id": article_id, "story_id": story_id, "duplicate_of": duplicate_of,
        "similarity": similarity})


async def record_url(conn: AsyncConnection, url: str, article_id: int, kind: str,
                     seen_at: datetime) -> bool:
    """Point ``url`` (any form) at the article; True when the URL was new."""
    cursor = await conn.execute(load_query("dedupe_record_url"), {
        "url_key": nul_free(url_key(url)), "url": nul_free(canonicalize_url(url)), "article_id": article_id,
        "kind": kind, "seen_at": seen_at})
    return bool((await cursor.fetchone())[0])


async def known_urls(conn: AsyncConnection, urls: Iterable[str]) -> dict[str, KnownUrl]:
    """The stored articles that ``urls`` lead to, keyed by the URL as given: one statement.

    URLs are matched by ``url_key``, so tracking, AMP and mobile variants of a
    known URL are known too; an article's canonical URL and the URLs fetched
    for it are known even where dedupe stored no ``article_urls`` row.
    Unknown URLs are absent from the result.
    """
    keys: dict[str, list[str]] = {}
    for url in urls:
        keys.setdefault(url_key(url), []).append(url)
    if not keys:
        return {}
    given = [(url, key) for key, same in keys.items() for url in same]
    async with conn.cursor(row_factory=class_row(KnownUrl)) as cursor:
        await cursor.execute(load_query("dedupe_known_urls"), {
            "url_keys": list(keys), "urls": [url for url, _ in given],
            "keys_of_urls": [key for _, key in given]})
        rows: Sequence[KnownUrl] = await cursor.fetchall()
    return {url: row for row in rows for url in keys[row.url_key]}


def _int32(value: int) -> int:
    low = value & 0xFFFFFFFF
    return low - (1 << 32) if low >= 1 << 31 else low
