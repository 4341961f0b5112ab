"""Which links the spider takes for articles and for pagination."""

import pytest

from newsbot.link_rules import is_pagination_link, looks_like_article_url

ARTICLES = [
    "https://news.example/2026/03/14/harbour-council-votes-on-ferry-fares/",
    "https://news.example/news/world/123456-river-levels-fall",
    "https://news.example/stories/ferry-strike-ends-after-talks.html",
    "https://news.example/world/europe/a-74839201",
    "https://news.example/en/world/2026-03-14/port-reopens",
]
NOT_ARTICLES = [
    "https://news.example/",
    "https://news.example/category/world/",
    "https://news.example/category/world/page/2/",
    "https://news.example/tag/ferries/",
    "https://news.example/tags/ferries.html",
    "https://news.example/topics/climate",
    "https://news.example/about/",
    "https://news.example/about-us",
    "https://news.example/wp-login.php",
    "https://news.example/account/login",
    "https://news.example/world/index.html",
    "https://news.example/feed/",
    "https://news.example/2026/03/14/photo.jpg",
    "https://news.example/author/jane-doe/",
]


@pytest.mark.parametrize("url", ARTICLES)
def test_article_shapes_are_taken(url):
    assert looks_like_article_url(url)


@pytest.mark.parametrize("url", NOT_ARTICLES)
def test_listing_and_static_shapes_are_not(url):
    assert not looks_like_article_url(url)


def test_source_patterns_override_the_guess():
    assert looks_like_article_url("https://x.example/p/42", (r"^/p/\d+$",))
    assert not looks_like_article_url("https://x.example/2026/03/14/story", (r"^/p/\d+$",))


@pytest.mark.parametrize("url, text, rel", [
    ("https://x.example/world?page=2", "2", ""),
    ("https://x.example/category/world/page/2/", "Older posts", ""),
    ("https://x.example/world/page2.html", "Next page", ""),
    ("https://x.example/anything", "", "next"),
])
def test_pagination_links(url, text, rel):
    assert is_pagination_link(url, text, rel, "https://x.example/world")


def test_an_article_link_is_not_pagination():
    assert not is_pagination_link("https://x.example/2026/03/14/story", "Story", "",
                                  "https://x.example/world")
