"""The lookup half of the dedupe benchmark: a million stored signatures, then timed lookups.

The synthetic archive is loaded with COPY in PostgreSQL's binary format,
built with numpy (one articles row, one article_signatures row and 32
signature_bands rows per signature). The real signatures of the labelled
set's originals are planted among them, so a lookup of a copy has something
to find. Uniform random MinHash values never share a band key by chance, so
here the candidates of a lookup are only the planted copies; in a real
archive shared phrases add some, and ``NEWSBOT_DEDUPE_MAX_CANDIDATES`` caps them.

The timed lookup is exactly the writer's: ``find_candidates`` (one query)
plus ``closest_match`` (numpy over the candidates' signatures), on one async
connection. Memory stays bounded: nothing of the archive is held in Python,
and PostgreSQL works within its shared_buffers.
"""

from __future__ import annotations

import resource
import statistics
import struct
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
import psycopg
from psycopg import AsyncConnection

from newsbot.dedupe import Fingerprint, closest_match, find_candidates
from newsbot.dedupe.signatures import BANDS, NUM_PERM, SCHEME, band_hashes

_CHUNK = 50_000
_PG_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_TRAILER = struct.pack(">h", -1)


@dataclass(frozen=True)
class LoadReport:
    signatures: int
    seconds: float
    bands_table_mb: float
    bands_index_mb: float


@dataclass(frozen=True)
class LookupReport:
    lookups: int
    median_ms: float
    p95_ms: float
    mean_candidates: float
    found: int
    expected: int
    max_rss_mb: float


def load_archive(url: str, size: int, planted: list[Fingerprint], seed: int = 4) -> LoadReport:
    """``size`` synthetic signatures plus ``planted`` real ones, into an empty migrated archive."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    total = size + len(planted)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        # Indexes are built once after the load, as for any bulk load.
        conn.execute("ALTER TABLE signature_bands DROP CONSTRAINT signature_bands_pkey")
        conn.execute("DROP INDEX article_signatures_body_hash_idx")
        with conn.cursor().copy("COPY articles (canonical_url, first_seen_at, last_seen_at) FROM STDIN") as copy:
            for start in range(0, total, _CHUNK):
                stop = min(start + _CHUNK, total)
                copy.write("".join(f"https://synthetic.example/a/{i}\t2026-03-01 00:00:00+00\t"
                                   "2026-03-01 00:00:00+00\n" for i in range(start, stop)))
        first_id, last_id = conn.execute("SELECT min(article_id), max(article_id) FROM articles").fetchone()
        assert last_id - first_id + 1 == total, "the archive was not empty"
        with _fast_load(conn):
            for start in range(0, total, _CHUNK):
                stop = min(start + _CHUNK, total)
                ids = np.arange(first_id + start, first_id + stop, dtype=np.int64)
                minhash = rng.integers(0, 2**32, size=(stop - start, NUM_PERM), dtype=np.uint64)
                bodies = rng.integers(0, 256, size=(stop - start, 32), dtype=np.uint8)
                for index in range(max(start, size), stop):
                    fingerprint = planted[index - size]
                    minhash[index - start] = np.frombuffer(fingerprint.minhash, dtype="<u4")
                    bodies[index - start] = np.frombuffer(fingerprint.body_hash, dtype=np.uint8)
                _copy_signatures(conn, ids, minhash.astype(np.uint32), bodies)
                _copy_bands(conn, ids, band_hashes(minhash))
        # Every stored article has a story (one each here), as after a crawl.
        conn.execute("""
            WITH s AS (INSERT INTO story_clusters (first_article_id) SELECT article_id FROM articles
                       RETURNING story_id, first_article_id)
            UPDATE articles a SET story_id = s.story_id FROM s WHERE a.article_id = s.first_article_id""")
        conn.execute("ALTER TABLE signature_bands ADD PRIMARY KEY (band, band_hash, article_id)")
        conn.execute("CREATE INDEX article_signatures_body_hash_idx ON article_signatures (body_hash)")
        conn.execute("VACUUM (ANALYZE) signature_bands")
        conn.execute("VACUUM (ANALYZE) article_signatures")
        conn.execute("ANALYZE articles")
        table_mb, index_mb = conn.execute(
            "SELECT pg_table_size('signature_bands'), pg_indexes_size('signature_bands')").fetchone()
    return LoadReport(total, time.perf_counter() - started, table_mb / 2**20, index_mb / 2**20)


async def time_lookups(url: str, queries: list[tuple[Fingerprint, bool]], threshold: float,
                       max_candidates: int, warmup: int = 50) -> LookupReport:
    """Median time of the writer's lookup; ``queries`` say whether a match must be found."""
    timings, candidates, found, expected = [], [], 0, 0
    async with await AsyncConnection.connect(url, autocommit=True) as conn:
        for fingerprint, _ in queries[:warmup]:
            await find_candidates(conn, fingerprint, max_candidates)
        for fingerprint, should_match in queries:
            started = time.perf_counter()
            rows = await find_candidates(conn, fingerprint, max_candidates)
            match = closest_match(rows, fingerprint, threshold, article_id=-1)
            timings.append((time.perf_counter() - started) * 1000)
            candidates.append(len(rows))
            expected += should_match
            found += should_match and match is not None
    timings.sort()
    return LookupReport(
        lookups=len(timings), median_ms=statistics.median(timings),
        p95_ms=timings[int(0.95 * (len(timings) - 1))], mean_candidates=statistics.mean(candidates),
        found=found, expected=expected,
        max_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


class _fast_load:
    """Skip per-row foreign-key triggers during the load when allowed (superuser), as pg_restore does."""

    def __init__(self, conn):
        self.conn = conn
        self.enabled = False

    def __enter__(self):
        try:
            self.conn.execute("SET session_replication_role = replica")
            self.enabled = True
        except psycopg.errors.InsufficientPrivilege:
            pass
        return self

    def __exit__(self, *exc_info):
        if self.enabled:
            self.conn.execute("SET session_replication_role = DEFAULT")


def _copy_signatures(conn, ids: np.ndarray, minhash: np.ndarray, bodies: np.ndarray) -> None:
    scheme = SCHEME.encode("ascii")
    n = len(ids)
    signed_at = int((datetime(2026, 3, 1, tzinfo=timezone.utc) - _PG_EPOCH).total_seconds() * 1_000_000)
    rows = np.zeros(n, dtype=[
        ("fields", ">i2"), ("l_id", ">i4"), ("id", ">i8"), ("l_scheme", ">i4"), ("scheme", f"S{len(scheme)}"),
        ("l_body", ">i4"), ("body", "u1", 32), ("l_minhash", ">i4"), ("minhash", "u1", NUM_PERM * 4),
        ("l_words", ">i4"), ("words", ">i4"), ("l_signed", ">i4"), ("signed", ">i8")])
    rows["fields"], rows["l_id"], rows["id"] = 6, 8, ids
    rows["l_scheme"], rows["scheme"] = len(scheme), scheme
    rows["l_body"], rows["body"] = 32, bodies
    rows["l_minhash"] = NUM_PERM * 4
    rows["minhash"] = minhash.astype("<u4").view(np.uint8).reshape(n, NUM_PERM * 4)
    rows["l_words"], rows["words"] = 4, 400
    rows["l_signed"], rows["signed"] = 8, signed_at
    with conn.cursor().copy("COPY article_signatures (article_id, scheme, body_hash, minhash, word_count, "
                            "signed_at) FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(_HEADER + rows.tobytes() + _TRAILER)


def _copy_bands(conn, ids: np.ndarray, keys: np.ndarray) -> None:
    n = len(ids)
    rows = np.zeros(n * BANDS, dtype=[("fields", ">i2"), ("l_band", ">i4"), ("band", ">i2"),
                                      ("l_hash", ">i4"), ("hash", ">i8"), ("l_id", ">i4"), ("id", ">i8")])
    rows["fields"], rows["l_band"], rows["l_hash"], rows["l_id"] = 3, 2, 8, 8
    rows["band"] = np.tile(np.arange(BANDS, dtype=np.int16), n)
    rows["hash"] = keys.reshape(-1)
    rows["id"] = np.repeat(ids, BANDS)
    with conn.cursor().copy("COPY signature_bands (band, band_hash, article_id) FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(_HEADER + rows.tobytes() + _TRAILER)
