"""A refused URL is not fetched again before its source's recrawl interval, unless its lastmod is newer."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import psycopg
from scrapy.utils.test import get_crawler

from newsbot.sources import Source
from spiders.base import _news_titles
from newsbot.archive.crawl_archive import CrawlArchive
from newsbot.archive.revisits import Revisits
from newsbot.archive.writer import ArchiveWriter

URL = "https://x.example/stories/about-the-ferry.html"
OTHER = "https://x.example/stories/new-pier-opens.html"


def test_refused_urls_wait_for_the_interval_or_a_newer_lastmod(database_url):
    refused_at = datetime.now(timezone.utc) - timedelta(minutes=10)
    with psycopg.connect(database_url) as conn:
        conn.execute("INSERT INTO refused_urls (url, reason, http_status, refused_at)"
                     " VALUES (%s, 'too_short', 200, %s)", [URL, refused_at])
    crawler = get_crawler(settings_dict={"NEWSBOT_DATABASE_URL": database_url,
                                         "NEWSBOT_RECRAWL_ENABLED": True, "NEWSBOT_STORE_ENABLED": True})
    crawler.stats.open_spider()
    hourly = Source(name="x", home="https://x.example/", feeds=("https://x.example/f",),
                    recrawl_after=("1h",))
    every_five = Source(name="x", home="https://x.example/", feeds=("https://x.example/f",),
                        recrawl_after=("5m",))
    newer = (refused_at + timedelta(minutes=5)).isoformat()
    older = (refused_at - timedelta(days=1)).date().isoformat()

    async def check():
        writer = await ArchiveWriter.open(database_url)
        revisits = Revisits.from_crawler(crawler)
        revisits._archive = CrawlArchive.attached(writer)
        try:
            return (await revisits.not_to_fetch({URL: None, OTHER: None}, hourly),
                    await revisits.not_to_fetch({URL: older}, hourly),
                    await revisits.not_to_fetch({URL: newer}, hourly),
                    await revisits.not_to_fetch({URL: None}, every_five))
        finally:
            await writer.close()

    waits, older_lastmod, newer_lastmod, interval_passed = asyncio.run(check())
    assert waits == {URL} and older_lastmod == {URL}
    assert newer_lastmod == set() and interval_passed == set()
    assert crawler.stats.get_value("newsbot/recrawl/skipped_refused") == 2


def test_news_sitemap_titles():
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://x.example/a.html</loc><news:news><news:title>Pier opens</news:title></news:news></url>
<url><loc>https://x.example/b.html</loc></url>
</urlset>"""
    assert _news_titles(body) == {"https://x.example/a.html": "Pier opens"}
