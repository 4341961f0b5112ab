"""Extraction survives malformed pages, and no field reader raises on them: 300 generated pages.

``extract_article`` catches a field reader's exception so one field's bug
cannot cost the page, and names the field in ``Article.field_failures``;
these tests fail on any name there, so a reader that raises is a red test,
not a silently empty field. benchmarks/faults.py runs 10,000 pages.
"""

import asyncio
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsbot.cleaning import clean_article
from newsbot.extraction import core, decode_html, extract_article
from newsbot.extraction.article import Article
from newsbot.items import FetchedPage
from pipelines.extract import ExtractPipeline
from tests.faults.malformed import malformed_page

URL = "https://news.example/2026/03/14/story"
GOOD_PAGE = ("<html lang='en'><head><title>Ferry timetable changes</title>"
             "<meta property='article:published_time' content='2026-03-14T09:00:00+00:00'></head>"
             "<body><article><h1>Ferry timetable changes</h1>"
             + "<p>The harbour board said the winter ferry would run twice a day from Monday.</p>" * 4
             + "</article></body></html>")


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_malformed_pages_extract_without_a_field_failure(rng):
    html = malformed_page(rng)
    article = extract_article(html, URL)
    assert isinstance(article, Article)
    assert article.field_failures == ()
    assert isinstance(clean_article(article), Article)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.binary(max_size=4096), st.sampled_from([None, "text/html", "text/html; charset=utf-8",
                                                   "text/html; charset=nonsense", "image/png"]))
def test_arbitrary_bytes_decode_and_extract_without_a_field_failure(body, content_type):
    article = extract_article(decode_html(body, content_type), "https://news.example/a")
    assert isinstance(article, Article)
    assert article.field_failures == ()


@pytest.mark.parametrize("reader", ["extract_title", "extract_published_at", "extract_authors", "extract_body"])
def test_a_raising_reader_is_named_and_counted(monkeypatch, reader):
    """What the assertions above rely on: a reader that raises shows up, in the article and the stats."""
    def broken(*args, **kwargs):
        raise RuntimeError("reader bug")

    monkeypatch.setattr(core, reader, broken)
    field_name = reader.removeprefix("extract_")
    stats = MemoryStatsCollector(get_crawler())
    pipeline = ExtractPipeline(stats, max_bytes=1 << 20, workers=0)
    page = FetchedPage(source="plain", url=URL, requested_url=URL, status=200,
                       headers={"Content-Type": ["text/html; charset=utf-8"]}, body=GOOD_PAGE.encode(),
                       fetched_at=datetime(2026, 3, 14, tzinfo=timezone.utc), discovered_via="feed")
    item = asyncio.run(pipeline.process_item(page))
    assert item.article.field_failures == (field_name,)
    assert stats.get_value(f"newsbot/extract/field_failed/{field_name}") == 1
    assert stats.get_value("newsbot/extract/extracted") == 1
    # The other fields are still read.
    assert (item.article.title is None) == (field_name == "title")
    assert (item.article.body == ()) == (field_name == "body")
