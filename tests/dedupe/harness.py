"""Store articles through the dedupe pipeline and the archive writer, as a crawl does, without Scrapy's engine."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import psycopg
from scrapy import Spider
from scrapy.utils.test import get_crawler

import newsbot.settings
from newsbot.archive.writer import ArchiveWriter, FetchContext, StoreOutcome
from newsbot.dedupe import ArticleDedupe
from newsbot.extraction import EXTRACTOR_VERSION
from newsbot.extraction.article import Article
from newsbot.items import ArticleItem, FetchedPage
from pipelines.dedupe import DedupePipeline

DEDUPE_DEFAULTS = {name: getattr(newsbot.settings, name) for name in dir(newsbot.settings)
                   if name.startswith("NEWSBOT_DEDUPE_")}
T0 = datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)


def dedupe_crawler(**settings):
    return get_crawler(Spider, {**DEDUPE_DEFAULTS, **settings})


class Harness:
    """One "crawl run": a writer, a run row, and the dedupe pipeline built from settings."""

    def __init__(self, database_url: str, **settings):
        self.database_url = database_url
        self.crawler = dedupe_crawler(**settings)
        self.pipeline = DedupePipeline.from_crawler(self.crawler)
        self.writer: ArchiveWriter | None = None
        self.run_id: int | None = None
        self.clock = T0

    @property
    def stats(self) -> dict:
        return self.crawler.stats.get_stats()

    async def __aenter__(self) -> Harness:
        self.writer = await ArchiveWriter.open(self.database_url, max_size=4)
        self.run_id = await self.writer.start_run("dedupe-test")
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.writer.close()

    async def store(self, source: str, url: str, title: str, paragraphs: tuple[str, ...],
                    canonical_url: str | None = None, dedupe: bool = True,
                    html: str | None = None) -> StoreOutcome:
        """Store ``paragraphs`` as read from a page (``html``, by default a bare title)."""
        self.clock += timedelta(minutes=1)
        page = FetchedPage(source=source, url=url, requested_url=url, status=200,
                           headers={"Content-Type": ["text/html; charset=utf-8"]},
                           body=(html or f"<html><title>{title}</title></html>").encode(),
                           fetched_at=self.clock, discovered_via="feed")
        article = Article(url=url, canonical_url=canonical_url or url, title=title,
                          body=tuple(paragraphs), language="en",
                          article_signals=("og:type=article",))
        item = ArticleItem(page=page, article=article)
        if dedupe:
            item = self.pipeline.process_item(item)
        source_id = await self._source_id(source)
        context = FetchContext(source_id, self.run_id, EXTRACTOR_VERSION)
        linking = (ArticleDedupe(item.signature, self.pipeline.config, item.page.url,
                                 on_event=self._count) if item.signature is not None else None)
        return await self.writer.store(item.article, item.page, context, linking)

    def _count(self, event: str) -> None:
        self.crawler.stats.inc_value(f"newsbot/dedupe/{event}")

    async def _source_id(self, name: str) -> int:
        async with self.writer.pool.connection() as conn:
            cursor = await conn.execute(
                "INSERT INTO sources (name, home_url) VALUES (%(name)s, %(home)s) "
                "ON CONFLICT (name) DO UPDATE SET updated_at = now() RETURNING source_id",
                {"name": name, "home": f"https://{name}.example/"})
            return (await cursor.fetchone())[0]


def rows(database_url: str, query: str, params: dict | None = None) -> list[tuple]:
    with psycopg.connect(database_url) as conn:
        return conn.execute(query, params or {}).fetchall()


def story_of(database_url: str, canonical_url: str) -> int | None:
    (story_id,), = rows(database_url, "SELECT story_id FROM articles WHERE canonical_url = %(u)s",
                        {"u": canonical_url})
    return story_id
