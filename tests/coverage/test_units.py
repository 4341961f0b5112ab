"""The pure parts of coverage: URL folding, drop reasons and log lines, the coverage alarm."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timezone
from types import SimpleNamespace

from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newsbot.archive.coverage import drop_reason
from newsbot.dedupe.urls import url_key, without_variant_params
from newsbot.drift import DriftConfig
from newsbot.drift.coverage import SourcePages, find_coverage_drop
from newsbot.extraction.article import Article
from newsbot.items import ArticleItem, FetchedPage
from newsbot.logformatter import NewsbotLogFormatter
from newsbot.sources import Source
from newsbot.link_rules import has_non_article_segment


def test_print_and_tracking_variants_fold_to_the_plain_url():
    plain = "https://news.example/stories/ferry.html?id=7"
    for variant in (plain + "&print=1", plain + "&utm_source=x&utm_medium=y",
                    plain + "&view=print", plain + "&printable=yes&fbclid=abc"):
        assert without_variant_params(variant) == plain
        assert url_key(variant) == url_key(plain)
    # Parameters that name the article stay.
    assert without_variant_params("https://news.example/a?newsid=12") == "https://news.example/a?newsid=12"
    assert without_variant_params("https://news.example/a") == "https://news.example/a"


def test_non_article_segments_with_an_extension():
    assert has_non_article_segment("http://x.example/about.html")
    assert has_non_article_segment("http://x.example/tags/ferries.html")
    assert not has_non_article_segment("http://x.example/stories/about-the-ferry.html")


def test_the_default_source_follows_no_link_inside_articles():
    assert Source(name="x", home="https://x.example/", feeds=("https://x.example/f",)).max_depth == 1


def page(size: int = 5000) -> FetchedPage:
    return FetchedPage("oldtown", "https://x.example/a", "https://x.example/a", 200, {},
                       b"<p>" + b"x" * size, datetime.now(timezone.utc), "sitemap")


def test_a_drop_is_logged_as_one_short_line():
    spider = SimpleNamespace(crawler=get_crawler(settings_dict={"DEFAULT_DROPITEM_LOG_LEVEL": "INFO"}))
    item = ArticleItem(page(200_000), Article(url="https://x.example/a", canonical_url="https://x.example/a",
                                              body=("word " * 5000,)))
    result = NewsbotLogFormatter().dropped(item, DropItem("too_short: https://x.example/a"), None, spider)
    line = result["msg"] % result["args"]
    assert line == "Dropped too_short: https://x.example/a (200003 bytes)"
    assert result["level"] == logging.INFO


def test_drop_reasons():
    assert drop_reason(DropItem("too_short: https://x.example/a")) == "too_short"
    assert drop_reason(DropItem("nothing left after cleaning: https://x")) == "nothing_left_after_cleaning"
    assert drop_reason(DropItem("")) == "DropItem"


CONFIG = DriftConfig(max_drop=0.3, min_articles=5, history_runs=10)


def test_a_source_whose_coverage_falls_is_an_alarm():
    now = SourcePages(listed=100, stored=40, dropped=Counter(no_article_signal=55, too_short=5))
    alarm = find_coverage_drop("oldtown", now, [(100, 99), (90, 90)], CONFIG)
    assert alarm is not None and alarm.runs == 2
    assert "no_article_signal 55" in alarm.message
    assert find_coverage_drop("oldtown", SourcePages(listed=100, stored=95), [(100, 99)], CONFIG) is None


def test_a_first_run_that_stores_little_of_what_is_listed_is_an_alarm():
    assert find_coverage_drop("oldtown", SourcePages(listed=600, stored=17), [], CONFIG) is not None
    # A sitemap that also lists tag and about pages is no alarm.
    assert find_coverage_drop("oldtown", SourcePages(listed=16, stored=11), [], CONFIG) is None
    # Too little listed says nothing.
    assert find_coverage_drop("oldtown", SourcePages(listed=3, stored=0), [], CONFIG) is None


def test_a_relative_canonical_resolves_against_the_page():
    from newsbot.extraction import extract_article

    html = ('<html><head><title>Pier opens</title><link rel="canonical" href="../stories/pier-opens.html">'
            "</head><body><p>Text.</p></body></html>")
    article = extract_article(html, "https://x.example/news/pier-opens.html?utm_source=feed")
    assert article.canonical_url == "https://x.example/stories/pier-opens.html"


def test_a_mirrored_page_keeps_its_fetched_url():
    from newsbot.extraction import extract_article

    # Saved from original.example and served here: its relative canonical
    # names original.example's path, which does not exist on this host.
    html = ('<html><head><title>Pier opens</title><link rel="canonical" href="/news/pier-opens-1234.html">'
            '<meta property="og:url" content="https://www.original.example/news/pier-opens-1234.html">'
            "</head><body><p>Text.</p></body></html>")
    url = "http://127.0.0.1:8000/story/abc.html"
    assert extract_article(html, url).canonical_url == url
