"""`scrapy crawl worldnews` twice over two outlets that ran one wire story (tests/sites/wire.py)."""

from __future__ import annotations

import psycopg
from psycopg import sql
import pytest

from tests.crawl.conftest import dump, run_crawl, stat
from tests.sites.wire import OTHER_PATH, PRINT_PATH, REWRITE_PATH, WIRE_PATH, WireSites


@pytest.fixture(scope="module")
def wire_sites():
    with WireSites() as sites:
        yield sites


@pytest.fixture(scope="module")
def two_crawls(module_database_url, wire_sites, tmp_path_factory):
    sources = wire_sites.write_sources_toml(tmp_path_factory.mktemp("wire") / "sources.toml")
    first = run_crawl(module_database_url, sources)
    assert first.returncode == 0, dump(first)
    requests_after_first = list(wire_sites.requests)
    counts_after_first = _counts(module_database_url)
    # With the recrawl planner off, every listed page is fetched again, so the
    # second run reaches the print link again: only the dedupe filter keeps it out.
    second = run_crawl(module_database_url, sources, "-s", "NEWSBOT_RECRAWL_ENABLED=False")
    assert second.returncode == 0, dump(second)
    return first, second, requests_after_first, counts_after_first


def _counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as conn:
        return {table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
                for table in ("articles", "snapshots", "story_clusters", "article_urls",
                              "article_signatures", "signature_bands")}


def _articles(database_url: str) -> dict[str, tuple[str, int]]:
    with psycopg.connect(database_url) as conn:
        return {url: (source, story) for url, source, story in conn.execute("""
            SELECT a.canonical_url, s.name, a.story_id FROM articles a JOIN sources s USING (source_id)""")}


def test_each_outlet_keeps_its_article_in_one_story(two_crawls, wire_sites, module_database_url):
    articles = _articles(module_database_url)
    wire = wire_sites.url("harbourtimes", WIRE_PATH)
    printed = wire_sites.url("harbourtimes", PRINT_PATH)
    rewrite = wire_sites.url("coastpost", REWRITE_PATH)
    other = wire_sites.url("harbourtimes", OTHER_PATH)
    # The print version is an exact copy on the same site: whichever URL was
    # stored first is the article, the other its alias.
    harbour_copy = wire if wire in articles else printed
    assert set(articles) == {harbour_copy, rewrite, other}
    assert articles[harbour_copy][1] == articles[rewrite][1]
    assert articles[other][1] != articles[rewrite][1]
    with psycopg.connect(module_database_url) as conn:
        outlets = conn.execute("""
            SELECT outlet FROM story_articles
            WHERE story_id = (SELECT story_id FROM articles WHERE canonical_url = %(u)s)
            ORDER BY first_seen_at""", {"u": rewrite}).fetchall()
        story = conn.execute("SELECT outlet_count, article_count FROM stories WHERE story_id = %(s)s",
                             {"s": articles[rewrite][1]}).fetchone()
    assert sorted(o for (o,) in outlets) == ["coastpost", "harbourtimes"]
    assert story == (2, 2)


def test_the_print_copy_is_an_alias_not_an_article(two_crawls, wire_sites, module_database_url):
    first, _, _, _ = two_crawls
    wire = wire_sites.url("harbourtimes", WIRE_PATH)
    printed = wire_sites.url("harbourtimes", PRINT_PATH)
    with psycopg.connect(module_database_url) as conn:
        rows = dict(conn.execute("""
            SELECT u.url, a.canonical_url FROM article_urls u JOIN articles a USING (article_id)
            WHERE u.kind = 'alias'""").fetchall())
    assert rows in ({printed: wire}, {wire: printed})
    assert stat(first.stats, "newsbot/dedupe/exact_duplicate") == 1
    assert stat(first.stats, "newsbot/dedupe/near_duplicate") == 1
    assert stat(first.stats, "newsbot/dedupe/new_story") == 2


def test_url_variants_are_fetched_once_per_run(two_crawls, wire_sites):
    first, _, requests_after_first, _ = two_crawls
    for path in (WIRE_PATH, OTHER_PATH):
        origin = wire_sites.bases["harbourtimes"].split("//", 1)[1]
        fetched = [t for o, t in requests_after_first if o == origin and t.split("?")[0] == path]
        assert len(fetched) == 1, (path, fetched)
        # The listings' tracking variants are folded before the request is made.
        assert fetched == [path], (path, fetched)


def test_a_second_crawl_does_not_request_the_alias_and_adds_no_rows(two_crawls, wire_sites,
                                                                   module_database_url):
    first, second, requests_after_first, counts_after_first = two_crawls
    assert _counts(module_database_url) == counts_after_first
    assert stat(second.stats, "newsbot/store/new_article") == 0
    assert stat(second.stats, "newsbot/dedupe/request_skipped/known_alias") == 1
    second_requests = wire_sites.requests[len(requests_after_first):]
    origin = wire_sites.bases["harbourtimes"].split("//", 1)[1]
    with psycopg.connect(module_database_url) as conn:
        (alias,), = conn.execute("SELECT url FROM article_urls WHERE kind = 'alias'").fetchall()
    alias_path = alias.split(origin, 1)[1]

    def fetched(requests):
        return {(o, target.split("?")[0]) for o, target in requests}

    assert (origin, alias_path) not in fetched(second_requests)
    assert (origin, alias_path) in fetched(requests_after_first)
