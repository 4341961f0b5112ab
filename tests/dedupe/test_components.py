"""The Scrapy components: the dedupe pipeline and the request filter, built from settings."""

from __future__ import annotations

import asyncio
import time

import pytest
from psycopg_pool import AsyncConnectionPool
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured

from newsbot.archive.crawl_archive import CrawlArchive
from newsbot.archive.revisits import ARCHIVE_CHECKED_META
from newsbot.archive.writer import ArchiveWriter
from newsbot.middlewares.dedupe import URL_KEY_META, DedupeRequestsMiddleware
from newsbot.dedupe import DEFAULT_THRESHOLD, DedupeConfig
from newsbot.extraction.article import Article
from newsbot.items import ArticleItem, FetchedPage
from pipelines.dedupe import DedupePipeline
from tests.dedupe.harness import T0, Harness, dedupe_crawler
from tests.dedupe.texts import WIRE, WIRE_TITLE


def item(url: str, canonical_url: str, status: int = 200) -> ArticleItem:
    page = FetchedPage(source="s", url=url, requested_url=url, status=status, headers={},
                       body=b"", fetched_at=T0, discovered_via="feed")
    return ArticleItem(page=page, article=Article(url=url, canonical_url=canonical_url,
                                                  title=WIRE_TITLE, body=WIRE))


def test_the_pipeline_is_left_out_when_disabled():
    with pytest.raises(NotConfigured):
        DedupePipeline.from_crawler(dedupe_crawler(NEWSBOT_DEDUPE_ENABLED=False))
    with pytest.raises(NotConfigured):
        DedupeRequestsMiddleware.from_crawler(dedupe_crawler(NEWSBOT_DEDUPE_ENABLED=False))


def test_the_pipeline_reads_its_settings():
    assert DedupePipeline.from_crawler(dedupe_crawler()).config == DedupeConfig(DEFAULT_THRESHOLD, 100)
    pipeline = DedupePipeline.from_crawler(dedupe_crawler(NEWSBOT_DEDUPE_THRESHOLD="0.6",
                                                          NEWSBOT_DEDUPE_MAX_CANDIDATES="7"))
    assert pipeline.config == DedupeConfig(0.6, 7)


@pytest.mark.parametrize("threshold, message", [
    (0, "must be in"), (1.5, "must be in"), (0.1, "would find only 28%")])
def test_a_threshold_the_index_cannot_serve_is_refused_up_front(threshold, message):
    with pytest.raises(ValueError, match=message):
        DedupePipeline.from_crawler(dedupe_crawler(NEWSBOT_DEDUPE_THRESHOLD=threshold))


def test_the_pipeline_canonicalises_and_signs():
    crawler = dedupe_crawler()
    pipeline = DedupePipeline.from_crawler(crawler)
    out = pipeline.process_item(item("https://m.example.com/a/amp?utm_source=x",
                                     "https://m.example.com/a/amp?utm_source=x"))
    assert out.article.canonical_url == "https://example.com/a"
    assert out.signature is not None and out.signature.word_count > 100
    clean = pipeline.process_item(item("https://example.com/b", "https://example.com/b"))
    assert clean.article.canonical_url == "https://example.com/b"
    stats = crawler.stats.get_stats()
    assert stats["newsbot/dedupe/fingerprinted"] == 2
    assert stats["newsbot/dedupe/canonical_url_normalised"] == 1


def test_a_not_modified_answer_passes_untouched():
    pipeline = DedupePipeline.from_crawler(dedupe_crawler())
    out = pipeline.process_item(item("https://example.com/a?utm_source=x", "https://example.com/a?utm_source=x",
                                     status=304))
    assert out.signature is None and out.article.canonical_url.endswith("utm_source=x")


def request_filter(pool=None) -> DedupeRequestsMiddleware:
    middleware = DedupeRequestsMiddleware.from_crawler(dedupe_crawler())
    middleware.archive = CrawlArchive.attached(ArchiveWriter(pool)) if pool is not None else None
    return middleware


def admitted(middleware, request: Request) -> bool:
    try:
        asyncio.run(middleware.process_request(request))
    except IgnoreRequest:
        return False
    return True


def test_variants_of_one_url_are_requested_once_per_run():
    middleware = request_filter()
    first = Request("https://www.example.com/news/a/")
    assert admitted(middleware, first)
    for variant in ("https://example.com/news/a?utm_source=rss", "https://m.example.com/news/a/amp",
                    "http://www.example.com/news/a#comments"):
        assert not admitted(middleware, Request(variant)), variant
    assert admitted(middleware, Request("https://www.example.com/news/b"))
    # dont_filter (robots.txt, retries) and redirects of an admitted request pass.
    assert admitted(middleware, Request("https://example.com/news/a", dont_filter=True))
    redirected = first.replace(url="https://www.example.com/news/a")
    assert redirected.meta[URL_KEY_META] == "example.com/news/a"
    assert admitted(middleware, redirected)
    stats = middleware.stats.get_stats()
    assert stats["newsbot/dedupe/request_skipped/same_url_in_run"] == 3


def test_known_aliases_are_not_requested_again(database_url):
    canonical = "https://www.harbourtimes.example/news/dock-strike-ends"
    alias = "https://www.harbourtimes.example/print/4471"

    async def scenario():
        async with Harness(database_url) as archive:
            await archive.store("harbourtimes", canonical, WIRE_TITLE, WIRE)
            await archive.store("harbourtimes", alias, WIRE_TITLE, WIRE)
        async with AsyncConnectionPool(database_url, min_size=1, max_size=2, open=False) as pool:
            middleware = request_filter(pool)
            results = {}
            for url in (alias + "?utm_medium=email", canonical, "https://www.harbourtimes.example/news/other"):
                try:
                    await middleware.process_request(Request(url))
                    results[url] = True
                except IgnoreRequest:
                    results[url] = False
            # Looked up with its listing already (the spider's revisit planning): not asked again.
            checked = Request(alias + "?utm_source=rss", meta={ARCHIVE_CHECKED_META: True})
            results["checked"] = await request_filter(pool).process_request(checked) is None
            return results, middleware.stats.get_stats()

    results, stats = asyncio.run(scenario())
    assert list(results.values()) == [False, True, True, True]
    assert stats["newsbot/dedupe/request_skipped/known_alias"] == 1


def test_a_signed_item_is_data_only():
    import dataclasses

    pipeline = DedupePipeline.from_crawler(dedupe_crawler())
    out = pipeline.process_item(item("https://example.com/a", "https://example.com/a"))
    fields = dataclasses.asdict(out)  # plain values all the way down: nothing to run
    assert set(fields) == {"page", "article", "skip_reason", "signature"}
    assert fields["signature"]["word_count"] == out.signature.word_count > 100
    assert not [name for name, value in fields.items() if callable(value)]


def test_an_archive_that_is_down_never_stalls_requests(postgres_server_url):
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    down = make_conninfo(**{**conninfo_to_dict(postgres_server_url), "dbname": "newsbot_no_such_db"})

    async def scenario():
        pool = AsyncConnectionPool(down, min_size=0, max_size=1, open=False)
        await pool.open(wait=False)
        try:
            middleware = request_filter(pool)
            started = time.monotonic()
            for n in range(20):
                await middleware.process_request(Request(f"https://example.com/news/{n}"))
            return time.monotonic() - started
        finally:
            await pool.close(timeout=1)

    assert asyncio.run(scenario()) < 5
