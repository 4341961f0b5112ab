"""`scrapy crawl worldnews` against the fixture sites, into a real PostgreSQL.

One module-scoped archive is crawled twice; the tests then check what the
two runs stored and what they did not.
"""

from __future__ import annotations

import psycopg
from psycopg import sql
import pytest
from psycopg.rows import dict_row

from tests.crawl.conftest import dump, run_crawl, stat


@pytest.fixture(scope="module")
def two_crawls(module_database_url, sources_file):
    first = run_crawl(module_database_url, sources_file)
    assert first.returncode == 0, dump(first)
    with psycopg.connect(module_database_url) as conn:
        counts_after_first = _counts(conn)
    second = run_crawl(module_database_url, sources_file)
    assert second.returncode == 0, dump(second)
    return first, second, counts_after_first


@pytest.fixture(scope="module")
def stored(two_crawls, module_database_url):
    with psycopg.connect(module_database_url, row_factory=dict_row) as conn:
        rows = conn.execute("""
            SELECT l.*, s.url AS fetched_url, s.http_status, s.content_hash,
                   s.extractor_version, s.raw_response
            FROM latest_articles l JOIN snapshots s ON s.snapshot_id = l.latest_snapshot_id
        """).fetchall()
    return {row["canonical_url"]: row for row in rows}


def _counts(conn) -> dict[str, int]:
    return {table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            for table in ("articles", "snapshots", "sources")}


def test_every_fixture_article_is_stored_once(stored, fixture_sites):
    expected_urls = {a.url for a in fixture_sites.articles}
    assert set(stored) == expected_urls


def test_stored_fields_match_the_pages(stored, fixture_sites):
    for expected in fixture_sites.articles:
        row = stored[expected.url]
        assert row["title"] == expected.title, expected.url
        assert row["body"].split("\n\n") == list(expected.body), expected.url
        assert row["authors"] == list(expected.authors), expected.url
        assert row["published_at"] == expected.published_at, expected.url
        assert row["language"] == expected.language, expected.url
        if expected.section:
            assert row["section"] == expected.section, expected.url
        assert row["http_status"] == 200
        assert row["extractor_version"]
        assert row["source"] == expected.site


def test_the_raw_capture_keeps_the_page_and_its_headers(stored, fixture_sites):
    from newsbot.archive.capture import unpack_capture

    cp1251 = stored[fixture_sites.bad_input_urls["cp1251"]]
    capture = unpack_capture(cp1251["raw_response"])
    assert capture.status == 200
    assert ("Content-Type", "text/html") in capture.headers
    assert "windows-1251" in capture.body.decode("cp1251")
    assert cp1251["language"] == "ru"


def test_a_second_crawl_adds_no_rows(two_crawls, module_database_url):
    first, second, counts_after_first = two_crawls
    with psycopg.connect(module_database_url) as conn:
        assert _counts(conn) == counts_after_first
        runs = conn.execute("SELECT status, finished_at IS NOT NULL FROM crawl_runs ORDER BY run_id").fetchall()
    assert runs[:2] == [("finished", True), ("finished", True)]
    assert stat(first.stats, "newsbot/store/new_article") == counts_after_first["articles"]
    assert stat(second.stats, "newsbot/store/new_article") == 0
    assert stat(second.stats, "newsbot/store/new_version") == 0
    # Stored articles that are not due for a revisit are not even requested.
    assert stat(second.stats, "newsbot/recrawl/skipped_stored") >= counts_after_first["articles"]
    assert stat(second.stats, "newsbot/recrawl/due") == 0


def test_the_batch_stats_count_the_crawls_transactions(two_crawls, module_database_url):
    first, _, counts_after_first = two_crawls
    batches = stat(first.stats, "newsbot/store/batches")
    outcomes = sum(stat(first.stats, f"newsbot/store/{outcome}")
                   for outcome in ("new_article", "new_version", "unchanged", "flip_flop"))
    assert stat(first.stats, "newsbot/store/batched_items") == outcomes > 0
    with psycopg.connect(module_database_url) as conn:
        run_id = conn.execute("SELECT min(run_id) FROM crawl_runs").fetchone()[0]
        # Every fetch row of a batch was written by its one transaction.
        transactions = conn.execute("SELECT count(DISTINCT xmin::text) FROM fetches "
                                    "WHERE run_id = %s", (run_id,)).fetchone()[0]
    assert 0 < transactions == batches <= outcomes


def test_refetching_unchanged_pages_adds_no_article_or_version(two_crawls, module_database_url,
                                                              sources_file):
    _, _, counts_after_first = two_crawls
    again = run_crawl(module_database_url, sources_file, "-s", "NEWSBOT_RECRAWL_ENABLED=False")
    assert again.returncode == 0, dump(again)
    assert stat(again.stats, "newsbot/store/unchanged") == counts_after_first["articles"]
    assert stat(again.stats, "newsbot/store/new_article") == 0
    with psycopg.connect(module_database_url) as conn:
        assert _counts(conn) == counts_after_first


def test_robots_disallowed_pages_are_never_fetched(two_crawls, fixture_sites):
    assert fixture_sites.disallowed_urls
    fetched = {path for _origin, path in fixture_sites.requests}
    for url in fixture_sites.disallowed_urls:
        path = url.split("/", 3)[3]
        assert "/" + path not in fetched, url
    first, _, _ = two_crawls
    assert stat(first.stats, "robotstxt/forbidden") >= len(fixture_sites.disallowed_urls)


def test_a_listed_page_never_fetched_is_a_drop_of_its_source(two_crawls, module_database_url):
    # Listings name pages that robots.txt forbids: each is counted as its
    # source's drop, so every source's listed = stored + dropped.
    first, _, _ = two_crawls
    with psycopg.connect(module_database_url) as conn:
        pages = conn.execute(
            "SELECT s.name, p.listed, p.stored, p.dropped FROM crawl_source_pages p"
            " JOIN sources s USING (source_id) WHERE p.run_id = %s", [first.run_id]).fetchall()
        robots = conn.execute(
            "SELECT coalesce(sum(pages), 0) FROM crawl_drops"
            " WHERE run_id = %s AND reason = 'robots_txt'", [first.run_id]).fetchone()[0]
    assert pages and all(listed == stored + dropped for _, listed, stored, dropped in pages), pages
    assert robots >= 1


def test_non_article_pages_are_never_stored(stored, fixture_sites, module_database_url):
    with psycopg.connect(module_database_url) as conn:
        fetched_urls = {r[0] for r in conn.execute("SELECT url FROM snapshots")}
    stored_urls = set(stored) | fetched_urls
    assert not stored_urls & set(fixture_sites.non_article_urls)


def test_non_article_pages_that_were_fetched_are_dropped_with_a_reason(two_crawls):
    first, _, _ = two_crawls
    assert stat(first.stats, "newsbot/validate/dropped/no_article_signal") >= 1


def test_bad_input_is_logged_and_counted_not_fatal(two_crawls, fixture_sites, stored):
    first, _, _ = two_crawls
    for reason, page in (("empty_body", "empty"), ("binary_body", "binary"), ("too_large", "huge")):
        assert stat(first.stats, f"newsbot/validate/dropped/{reason}") == 1, reason
        assert f"{reason}: {fixture_sites.bad_input_urls[page]}" in first.log
    assert fixture_sites.bad_input_urls["malformed"] in stored
    assert "log_count/CRITICAL" not in first.stats


def test_the_seed_article_is_stored_clean(stored, fixture_sites):
    import json

    from tests.conftest import shared_path

    expected = json.loads(shared_path("seed", "expected.json").read_text())
    (row,) = [r for r in stored.values() if r["source"] == "londonnews"]
    assert row["title"] == expected["title"]
    assert row["body"].split("\n\n") == expected["body_paragraphs"]
    assert row["section"] == expected["section"]
    for text in expected["must_not_contain"]:
        assert text not in row["title"] and text not in row["body"], text
