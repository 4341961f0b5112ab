"""Validate's article evidence: listings count, non-articles are still refused (no crawl)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newsbot.extraction import extract_article
from newsbot.tokens import count_words
from newsbot.items import ArticleItem, FetchedPage
from newsbot.sources import Source
from pipelines.validate import ValidatePipeline, rejection_reason
from tests.sites import oldtown

BASE = "http://127.0.0.1:9"
SITE = oldtown.build(BASE)


def item_for(url: str, via: str, status: int = 200, listed_title: str | None = None) -> ArticleItem:
    response = SITE.routes.get(url[len(BASE):])
    body = response.body if response else b"404 Not Found"
    page = FetchedPage("oldtown", url, url, status, {"Content-Type": ["text/html; charset=utf-8"]},
                       body, datetime.now(timezone.utc), via, listed_title=listed_title)
    return ArticleItem(page, extract_article(body, url))


STORIES = [a.url for a in SITE.articles][1:]  # the first has no title of its own


@pytest.mark.parametrize("via", ["feed", "sitemap", "recrawl"])
def test_a_listed_page_of_an_older_site_is_an_article(via):
    for url in STORIES:
        assert rejection_reason(item_for(url, via), 40) is None, url


def test_the_same_pages_found_by_a_stray_link_are_not():
    for url in STORIES:
        assert rejection_reason(item_for(url, "link"), 40) == "no_article_signal", url


def test_a_section_link_counts_with_the_source_article_url_shape():
    url = STORIES[0]
    assert rejection_reason(item_for(url, "section"), 40) == "no_article_signal"
    assert rejection_reason(item_for(url, "section"), 40, url_patterns=(r"^/stories/",)) is None


def test_trust_listings_off_counts_only_the_page_itself():
    assert rejection_reason(item_for(STORIES[0], "sitemap"), 40, trust_listings=False) == (
        "no_article_signal")


@pytest.mark.parametrize("path,reason", [
    ("/tags/ferries.html", "listing_page"),
    ("/about.html", "no_article_signal"),
    ("/login.html", "login_page"),
    ("/stories/all-the-stories-of-this-week.html", "listing_page"),
    ("/stories/withdrawn-story-about-the-ferry.html", "error_page"),
])
@pytest.mark.parametrize("via", ["feed", "sitemap", "section"])
def test_non_articles_are_refused_however_they_were_listed(path, reason, via):
    assert rejection_reason(item_for(BASE + path, via), 40, url_patterns=(r"^/",)) == reason


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_page_is_dropped_with_its_status(status):
    assert rejection_reason(item_for(STORIES[0], "recrawl", status=status), 40) == f"http_{status}"


def test_japanese_words_are_counted_from_characters():
    text = "\n\n".join(oldtown.JAPANESE_BODY)
    assert len(text.split()) < 10
    assert count_words(text) >= 100
    assert count_words("Harbour council votes on ferry fares") == 6
    japanese = next(a.url for a in SITE.articles if a.title == oldtown.JAPANESE_TITLE)
    assert rejection_reason(item_for(japanese, "feed"), 40) is None


def test_a_page_without_a_title_takes_its_feed_entry_title():
    url = SITE.articles[0].url
    assert rejection_reason(item_for(url, "feed"), 40) == "no_title"
    crawler = get_crawler(settings_dict={"NEWSBOT_VALIDATE_MIN_WORDS": 40})
    pipeline = ValidatePipeline(crawler.stats, 40, [Source(name="oldtown", home=BASE, feeds=(BASE,))])
    item = pipeline.process_item(item_for(url, "feed", listed_title=SITE.articles[0].title))
    assert item.article.title == SITE.articles[0].title
    with pytest.raises(DropItem, match="^no_title: "):
        pipeline.process_item(item_for(url, "feed"))
    assert crawler.stats.get_value("newsbot/validate/dropped/no_title") == 1


PARAGRAPHS = [
    "The harbour board met on Tuesday evening to decide the future of the night ferry, which has "
    "lost money for six years in a row and now carries fewer than forty passengers a crossing.",
    "Board members heard from the operator, from the union representing its crews and from a "
    "group of residents on the far bank who depend on the late sailing to get home from work.",
    "After three hours of debate the board agreed to keep the service until the end of the year "
    "and to commission a study of a smaller, electric boat that could run at a lower cost.",
]


def busy_article(title: str) -> bytes:
    """An older site's story with a mega menu of headlines and a login box in its header."""
    menu = "".join(f'<li><a href="/stories/menu-story-{i}.html">Menu story number {i} about the '
                   f"river and the town</a></li>" for i in range(20))
    login = '<form action="/login"><input name="u"><input type="password" name="p"></form>'
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>{title}</title></head><body><div id='top'>{login}<ul>{menu}</ul>"
            f"</div><div id='story'><b>{title}</b>{body}</div></body></html>").encode()


def test_a_story_with_a_big_menu_and_a_login_box_is_still_an_article():
    url = BASE + "/stories/night-ferry-saved-for-now.html"
    html = busy_article("Flight 404 diverted as night ferry saved for now")
    page = FetchedPage("oldtown", url, url, 200, {"Content-Type": ["text/html"]}, html,
                       datetime.now(timezone.utc), "sitemap")
    item = ArticleItem(page, extract_article(html, url))
    assert rejection_reason(item, 40) is None
    # The same page with little text is what its menus say it is.
    assert rejection_reason(item, 200) in ("login_page", "error_page")
