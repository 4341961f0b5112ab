"""Hostile titles and URLs reach the archive as data, never as SQL; bad addresses are refused."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import psycopg
import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from newsbot.archive.writer import ArchiveWriter, FetchContext
from newsbot.extraction.article import Article
from newsbot.items import FetchedPage
from newsbot.middlewares.address_policy import AddressPolicyMiddleware
from newsbot.crawl_sources import CrawlSources
from newsbot.sources import Source

HOSTILE = [
    "Robert'); DROP TABLE articles;--",
    "\" OR 1=1 --",
    "%(title)s and {title} and $1",
    "nul\x00byte in the middle",
    "back\\slash and 'quotes' and \"doubles\"",
    "x" * 1_000_000,
    "\u202eright-to-left override and emoji \U0001F4F0",
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_stored_verbatim(database_url, hostile):
    url = "https://news.example/2026/03/14/story?q=" + hostile[:2000].replace("\x00", "")
    article = Article(url=url, canonical_url=url, title=hostile, authors=(hostile[:200],),
                      tags=(hostile[:200],), section=hostile[:200],
                      body=(hostile, "A second paragraph of ordinary text."))
    page = FetchedPage(source="x", url=url, requested_url=url, status=200,
                       headers={"X-Hostile": [hostile[:500]]}, body=hostile.encode(),
                       fetched_at=datetime.now(timezone.utc), discovered_via="feed")

    async def store():
        writer = await ArchiveWriter.open(database_url)
        try:
            return await writer.store(article, page, FetchContext(None, None, "test"))
        finally:
            await writer.close()

    asyncio.run(store())
    with psycopg.connect(database_url) as conn:
        tables = {r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
        title, body, canonical = conn.execute(
            "SELECT title, body, canonical_url FROM latest_articles").fetchone()
    assert {"articles", "snapshots", "sources"} <= tables
    # PostgreSQL text cannot hold NUL: it is the one character dropped.
    assert title == hostile.replace("\x00", "")
    assert body.startswith(hostile.replace("\x00", ""))
    assert canonical == url


def _middleware(*sources: Source) -> AddressPolicyMiddleware:
    crawler = get_crawler(settings_dict={})
    crawler.newsbot_sources = CrawlSources(sources)
    crawler.stats = type("Stats", (), {"inc_value": lambda *a, **k: None})()
    return AddressPolicyMiddleware(crawler)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "ftp://news.example/file",
    "data:text/html,<p>hi</p>",
    "http://127.0.0.1:8080/admin",
    "http://localhost/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://192.168.1.1/",
    "http://[::1]/",
])
def test_other_schemes_and_private_addresses_are_refused(url):
    with pytest.raises(IgnoreRequest):
        asyncio.run(_middleware().process_request(Request(url)))


def test_a_source_that_allows_loopback_may_use_it():
    local = Source(name="local", home="http://127.0.0.1:8080/",
                   feeds=("http://127.0.0.1:8080/feed",), allow_private_addresses=True)
    middleware = _middleware(local)
    assert asyncio.run(middleware.process_request(Request("http://127.0.0.1:8080/a"))) is None
    # The allowance is for that origin only, not for the whole of loopback.
    with pytest.raises(IgnoreRequest):
        asyncio.run(middleware.process_request(Request("http://127.0.0.1:9090/a")))


def test_nul_characters_are_made_storable_in_one_place():
    from newsbot.archive.queries import nul_free

    assert nul_free("Harbour\x00 news") == "Harbour news"
    assert nul_free(["\x00a", "b"]) == ["a", "b"]
    assert nul_free(None) is None and nul_free(3) == 3
