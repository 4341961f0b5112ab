"""The crawl's stages and ``read_article`` (what ``newsbot reextract`` runs) read a page alike."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newsbot.dedupe import DedupeConfig
from newsbot.items import FetchedPage
from newsbot.reading import read_article
from pipelines.clean import CleanPipeline
from pipelines.dedupe import DedupePipeline
from pipelines.extract import ExtractPipeline
from pipelines.validate import ValidatePipeline
from tests.dedupe.test_reextract_dedupe import page as news_page
from tests.dedupe.texts import REWRITE, REWRITE_TITLE

MIN_WORDS = 40


def fetched(html: str, url: str = "https://www.harbourtimes.example/news/dock-strike-ends?utm_source=rss",
            listed_title: str | None = None) -> FetchedPage:
    return FetchedPage(source="harbourtimes", url=url, requested_url=url, status=200,
                       headers={"Content-Type": ["text/html; charset=utf-8"]}, body=html.encode(),
                       fetched_at=datetime.now(timezone.utc), discovered_via="feed",
                       listed_title=listed_title)


def through_the_stages(page: FetchedPage):
    crawler = get_crawler(Spider, {})
    item = asyncio.run(ExtractPipeline(crawler.stats, 5 * 1024 * 1024, 0).process_item(page))
    item = ValidatePipeline(crawler.stats, MIN_WORDS).process_item(item)
    item = CleanPipeline(crawler).process_item(item)
    return DedupePipeline(crawler.stats, DedupeConfig()).process_item(item)


def test_an_article_reads_the_same_through_the_stages_and_read_article():
    page = fetched(news_page(f"{REWRITE_TITLE} | Harbour Times", REWRITE))
    item = through_the_stages(page)
    read = read_article(page, min_words=MIN_WORDS)
    assert read.refused is None
    assert read.article == item.article and read.signature == item.signature
    assert read.article.title == REWRITE_TITLE and read.article.canonical_url.endswith("dock-strike-ends")


def test_a_titleless_page_takes_its_listed_title_in_both():
    html = news_page("", REWRITE).replace("<title></title>", "").replace("<h1></h1>", "")
    page = fetched(html, listed_title=REWRITE_TITLE)
    assert through_the_stages(page).article == read_article(page, min_words=MIN_WORDS).article


def test_what_the_stages_drop_read_article_refuses():
    page = fetched(news_page(REWRITE_TITLE, ("Dock workers at Port Calder went back to work.",)))
    with pytest.raises(DropItem, match="too_short"):
        through_the_stages(page)
    assert read_article(page, min_words=MIN_WORDS).refused == "too_short"
