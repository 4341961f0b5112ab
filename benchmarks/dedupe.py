"""Dedupe quality and lookup speed, against a real PostgreSQL started for the run.

Quality: the labelled set of ``benchmarks/_dedupe_data.py`` (fixture stories
and the pages of ``../shared/benchmarks/article-extraction``, each with
copies in another template, reordered, trimmed, appended, lightly
rewritten, and a different story on the same topic as a hard negative) is
stored article by article through ``ArchiveWriter.store`` with the dedupe
pipeline's ``ArticleDedupe``, originals first. Each stored copy either starts
a story or is linked to what it copies; a link to its own group is a true
positive, a link elsewhere (or any link of an original or a negative) a false
one. Recall is given for copies sharing at least 80% of their text (the
target) and for the heavier copies apart.

Speed: ``--archive-size`` synthetic signatures (default 1,000,000) are loaded
with COPY, the originals' real signatures planted among them, and every copy
and negative is looked up as the writer does it (see ``_dedupe_lookup``).

Run from the repository root (about 3 minutes at 1M; ``../shared`` parts are
skipped with a message when absent):

    .venv/bin/python -m benchmarks.dedupe
    .venv/bin/python -m benchmarks.dedupe --archive-size 100000 --threshold 0.4

The last line is machine-readable; on the 2-core development machine:

    RESULT precision=0.999 recall=0.999 lookup_ms_median=0.79
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from benchmarks._dedupe_data import Doc, build_set
from benchmarks._dedupe_lookup import load_archive, time_lookups
from newsbot.archive.cluster import EmbeddedCluster
from newsbot.archive.migrate import migrate
from newsbot.archive.writer import ArchiveWriter, FetchContext
from newsbot.dedupe import DEFAULT_THRESHOLD, ArticleDedupe, DedupeConfig, fingerprint, url_key
from newsbot.extraction import EXTRACTOR_VERSION
from newsbot.extraction.article import Article
from newsbot.items import FetchedPage

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "benchmarks" / "article-extraction"
TARGET_SHARE = 0.8


@dataclass
class Quality:
    tp: int = 0
    fp: int = 0
    target: int = 0
    target_found: int = 0
    heavy: int = 0
    heavy_found: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.target_found / self.target if self.target else 0.0


def doc_url(doc: Doc) -> str:
    return f"https://{doc.outlet}.example/{doc.doc_id.replace(':', '/')}"


async def store_all(url: str, docs: list[Doc], config: DedupeConfig) -> float:
    """Store every doc through the writer with dedupe; returns seconds per article."""
    writer = await ArchiveWriter.open(url, max_size=2)
    try:
        run_id = await writer.start_run("benchmark-dedupe")
        source_ids = {}
        async with writer.pool.connection() as conn:
            for outlet in sorted({d.outlet for d in docs}):
                cursor = await conn.execute(
                    "INSERT INTO sources (name, home_url) VALUES (%(n)s, %(h)s) RETURNING source_id",
                    {"n": outlet, "h": f"https://{outlet}.example/"})
                source_ids[outlet] = (await cursor.fetchone())[0]
        clock = datetime(2026, 3, 1, tzinfo=timezone.utc)
        started = time.perf_counter()
        for doc in docs:
            clock += timedelta(seconds=30)
            link = doc_url(doc)
            article = Article(url=link, canonical_url=link, title=doc.title, body=doc.body, language="en")
            page = FetchedPage(source=doc.outlet, url=link, requested_url=link, status=200,
                               headers={"Content-Type": ["text/html"]}, body=b"<html></html>",
                               fetched_at=clock, discovered_via="benchmark")
            dedupe = ArticleDedupe(fingerprint(article.text), config, link)
            await writer.store(article, page, FetchContext(source_ids[doc.outlet], run_id, EXTRACTOR_VERSION),
                               dedupe)
        return (time.perf_counter() - started) / len(docs)
    finally:
        await writer.close()


def evaluate(url: str, docs: list[Doc]) -> tuple[Quality, dict[str, tuple[int, int]]]:
    """Compare each doc's link (duplicate_of, or the article it is an alias of) with its label."""
    with psycopg.connect(url) as conn:
        linked_to = {key: (article_id, kind, duplicate_of) for key, article_id, kind, duplicate_of in conn.execute("""
            SELECT u.url_key, u.article_id, u.kind, a.duplicate_of
            FROM article_urls u JOIN articles a USING (article_id)""")}
        canonical = {article_id: url for article_id, url in conn.execute(
            "SELECT article_id, canonical_url FROM articles")}
    group_of_url = {url_key(doc_url(d)): d.group for d in docs}
    quality, per_kind = Quality(), {}
    for doc in docs:
        article_id, kind, duplicate_of = linked_to[url_key(doc_url(doc))]
        target_article = article_id if kind == "alias" else duplicate_of
        linked_group = group_of_url.get(url_key(canonical[target_article])) if target_article else None
        correct = linked_group is not None and linked_group == doc.group and doc.is_positive
        if linked_group is not None and not correct:
            quality.fp += 1
        quality.tp += correct
        if doc.is_positive:
            if doc.share >= TARGET_SHARE:
                quality.target += 1
                quality.target_found += correct
            else:
                quality.heavy += 1
                quality.heavy_found += correct
        found, total = per_kind.get(doc.kind, (0, 0))
        hit = correct if doc.is_positive else linked_group is not None
        per_kind[doc.kind] = (found + hit, total + 1)
    return quality, per_kind


def database(server_url: str, name: str) -> str:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = make_conninfo(**{**conninfo_to_dict(server_url), "dbname": name})
    migrate(url)
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive-size", type=int, default=1_000_000)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--max-candidates", type=int, default=100)
    args = parser.parse_args(argv)
    config = DedupeConfig(args.threshold, args.max_candidates)

    shared = SHARED if SHARED.is_dir() else None
    if shared is None:
        print(f"note: {SHARED} is absent: the labelled set has the fixture stories only")
    started = time.perf_counter()
    docs = build_set(shared)
    originals = [d for d in docs if d.kind == "original"]
    # Originals first, then copies and negatives in a fixed shuffled order.
    rest = sorted((d for d in docs if d.kind != "original"), key=lambda d: hash_order(d.doc_id))
    docs = originals + rest
    print(f"labelled set: {len(originals)} originals, {len(rest)} copies and negatives "
          f"({time.perf_counter() - started:.0f} s to build)")

    data_dir = Path(tempfile.mkdtemp(prefix="newsbot-bench-dedupe-"))
    cluster = EmbeddedCluster(data_dir)
    try:
        server = cluster.ensure_running()
        quality_url = database(server, "dedupe_quality")
        per_article_s = asyncio.run(store_all(quality_url, docs, config))
        quality, per_kind = evaluate(quality_url, docs)

        lookup_url = database(server, "dedupe_lookup")
        load = load_archive(lookup_url, args.archive_size, [fingerprint("\n\n".join(d.body)) for d in originals])
        queries = [(fingerprint("\n\n".join(d.body)), d.is_positive and d.share >= TARGET_SHARE)
                   for d in rest]
        lookups = asyncio.run(time_lookups(lookup_url, queries, config.threshold, config.max_candidates))
    finally:
        cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

    print()
    print(f"{'kind':<14} {'docs':>5} {'linked right':>13}   (negatives and originals: linked at all)")
    for kind, (found, total) in sorted(per_kind.items(), key=lambda kv: _KIND_ORDER.get(kv[0], 99)):
        print(f"{kind:<14} {total:>5} {found:>7} {found / total:>6.1%}")
    print()
    rows = [
        ("threshold (estimated Jaccard, 3-word shingles)", f"{config.threshold:.2f}"),
        ("precision of duplicate links", f"{quality.precision:.3f}  ({quality.tp} right, {quality.fp} wrong)"),
        (f"recall, copies sharing >= {TARGET_SHARE:.0%} of text",
         f"{quality.recall:.3f}  ({quality.target_found}/{quality.target})"),
        (f"recall, copies sharing < {TARGET_SHARE:.0%}",
         f"{quality.heavy_found / max(quality.heavy, 1):.3f}  ({quality.heavy_found}/{quality.heavy})"),
        ("store time per article (writer + dedupe)", f"{per_article_s * 1000:.1f} ms"),
        ("archive: signatures", f"{load.signatures:,} (loaded in {load.seconds:.0f} s)"),
        ("archive: signature_bands table + index", f"{load.bands_table_mb:,.0f} MB + {load.bands_index_mb:,.0f} MB"),
        ("lookups timed", f"{lookups.lookups} (median {lookups.median_ms:.2f} ms, p95 {lookups.p95_ms:.2f} ms)"),
        ("candidates per lookup (mean)", f"{lookups.mean_candidates:.2f}"),
        ("copies whose planted original was found", f"{lookups.found}/{lookups.expected}"),
        ("benchmark process peak memory", f"{lookups.max_rss_mb:.0f} MB"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"RESULT precision={quality.precision:.3f} recall={quality.recall:.3f} "
          f"lookup_ms_median={lookups.median_ms:.2f}")
    return 0


_KIND_ORDER = {k: i for i, k in enumerate(
    ("original", "template", "reorder", "trim", "append", "rewrite", "trim_heavy", "rewrite_heavy", "negative"))}


def hash_order(doc_id: str) -> str:
    import hashlib

    return hashlib.sha1(doc_id.encode()).hexdigest()


if __name__ == "__main__":
    raise SystemExit(main())
