"""URL canonicalisation, table-driven: the URL shapes links to news articles take in the wild."""

from __future__ import annotations

import pytest

from newsbot.dedupe import canonicalize_url, outlet_key, url_key

# (as linked, stored canonical form, matching key)
CASES = [
    # tracking parameters
    ("https://www.bbc.co.uk/news/world-europe-68123456?utm_source=twitter&utm_medium=social",
     "https://www.bbc.co.uk/news/world-europe-68123456", "bbc.co.uk/news/world-europe-68123456"),
    ("https://www.theguardian.com/world/2024/mar/02/ferry-slug?fbclid=IwAR0abcDEF",
     "https://www.theguardian.com/world/2024/mar/02/ferry-slug", "theguardian.com/world/2024/mar/02/ferry-slug"),
    ("https://www.theguardian.com/world/2024/mar/02/ferry-slug?CMP=share_btn_tw",
     "https://www.theguardian.com/world/2024/mar/02/ferry-slug", "theguardian.com/world/2024/mar/02/ferry-slug"),
    ("https://www.example.com/news/story?gclid=Cj0KCQ&gclsrc=aw.ds",
     "https://www.example.com/news/story", "example.com/news/story"),
    ("https://www.nytimes.com/2024/03/02/world/europe/harbour.html?smid=nytcore-ios-share&referringSource=articleShare",
     "https://www.nytimes.com/2024/03/02/world/europe/harbour.html", "nytimes.com/2024/03/02/world/europe/harbour.html"),
    ("https://www.example.com/news/story?mc_cid=ab12&mc_eid=cd34",
     "https://www.example.com/news/story", "example.com/news/story"),
    ("https://www.example.com/news/story?_hsenc=p2ANqtz&_hsmi=12345",
     "https://www.example.com/news/story", "example.com/news/story"),
    ("https://www.msn.com/en-gb/news/world/story/ar-AA1abc?ocid=msedgntp",
     "https://www.msn.com/en-gb/news/world/story/ar-AA1abc", "msn.com/en-gb/news/world/story/ar-AA1abc"),
    ("https://news.yahoo.com/harbour-reopens-120000123.html?guccounter=1&guce_referrer=aHR0cHM",
     "https://news.yahoo.com/harbour-reopens-120000123.html", "news.yahoo.com/harbour-reopens-120000123.html"),
    ("https://www.example.com/news/story?pk_campaign=feed&pk_kwd=harbour",
     "https://www.example.com/news/story", "example.com/news/story"),
    ("https://www.example.com/news/story?ref=hn", "https://www.example.com/news/story", "example.com/news/story"),
    ("https://www.example.com/news/story?igshid=MzRlODBiNWFlZA==",
     "https://www.example.com/news/story", "example.com/news/story"),
    ("https://www.example.com/news/story?srsltid=AfmBOop", "https://www.example.com/news/story",
     "example.com/news/story"),
    ("https://www.example.com/news/story?UTM_SOURCE=Newsletter", "https://www.example.com/news/story",
     "example.com/news/story"),
    ("https://www.example.com/world/page?page=2&fbclid=xyz", "https://www.example.com/world/page?page=2",
     "example.com/world/page?page=2"),
    ("https://example.com/article.php?id=123&utm_campaign=spring", "https://example.com/article.php?id=123",
     "example.com/article.php?id=123"),
    # parameters that name the article stay
    ("https://example.com/view?cid=42", "https://example.com/view?cid=42", "example.com/view?cid=42"),
    ("https://example.com/article.php?b=2&a=1", "https://example.com/article.php?a=1&b=2",
     "example.com/article.php?a=1&b=2"),
    ("https://example.com/news?utmost=1", "https://example.com/news?utmost=1", "example.com/news?utmost=1"),
    ("https://example.com/news?amplify=1", "https://example.com/news?amplify=1", "example.com/news?amplify=1"),
    # fragments
    ("https://apnews.com/article/harbour-strike-abc123#comments", "https://apnews.com/article/harbour-strike-abc123",
     "apnews.com/article/harbour-strike-abc123"),
    ("https://www.example.com/news/story?gclid=x#section-2", "https://www.example.com/news/story",
     "example.com/news/story"),
    ("https://example.com/#!/news/harbour-strike", "https://example.com/#!/news/harbour-strike",
     "example.com/#!/news/harbour-strike"),
    # ports, host case, scheme case
    ("https://www.reuters.com:443/world/europe/harbour-2024-03-02/", "https://www.reuters.com/world/europe/harbour-2024-03-02/",
     "reuters.com/world/europe/harbour-2024-03-02"),
    ("http://www.example.com:80/news/story", "http://www.example.com/news/story", "example.com/news/story"),
    ("http://127.0.0.1:8080/stories/harbour.html", "http://127.0.0.1:8080/stories/harbour.html",
     "127.0.0.1:8080/stories/harbour.html"),
    ("https://WWW.Reuters.COM/world/", "https://www.reuters.com/world/", "reuters.com/world"),
    ("HTTPS://Example.com/News/Story", "https://example.com/News/Story", "example.com/News/Story"),
    ("https://www.example.com./news", "https://www.example.com/news", "example.com/news"),
    ("http://[::1]:80/x", "http://[::1]/x", "[::1]/x"),
    # AMP variants
    ("https://www.example.com/news/story-slug/amp/", "https://www.example.com/news/story-slug/",
     "example.com/news/story-slug"),
    ("https://www.example.com/news/story-slug/amp", "https://www.example.com/news/story-slug",
     "example.com/news/story-slug"),
    ("https://www.example.com/amp/news/story-slug", "https://www.example.com/news/story-slug",
     "example.com/news/story-slug"),
    ("https://www.example.com/news/story?amp", "https://www.example.com/news/story", "example.com/news/story"),
    ("https://www.example.com/news/story?amp=1", "https://www.example.com/news/story", "example.com/news/story"),
    ("https://www.example.com/news/story?amp=true&id=5", "https://www.example.com/news/story?id=5",
     "example.com/news/story?id=5"),
    ("https://www.washingtonpost.com/world/2024/03/02/harbour/?outputType=amp",
     "https://www.washingtonpost.com/world/2024/03/02/harbour/", "washingtonpost.com/world/2024/03/02/harbour"),
    ("https://www.example.com/news/story?output=amp", "https://www.example.com/news/story", "example.com/news/story"),
    ("https://www.example.com/2024/03/story.amp.html", "https://www.example.com/2024/03/story.html",
     "example.com/2024/03/story.html"),
    ("https://www.example.com/news/story.amp", "https://www.example.com/news/story", "example.com/news/story"),
    ("https://amp.theguardian.com/world/2024/mar/02/ferry-slug", "https://theguardian.com/world/2024/mar/02/ferry-slug",
     "theguardian.com/world/2024/mar/02/ferry-slug"),
    ("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/story.amp.html",
     "https://www.example.com/news/story.html", "example.com/news/story.html"),
    ("https://www-example-com.cdn.ampproject.org/v/s/www.example.com/news/story/amp?usqp=mq331AQ",
     "https://www.example.com/news/story", "example.com/news/story"),
    ("https://www-example-com.cdn.ampproject.org/c/www.example.com/news/story",
     "http://www.example.com/news/story", "example.com/news/story"),
    ("https://www.google.com/amp/s/www.example.com/news/story/amp", "https://www.example.com/news/story",
     "example.com/news/story"),
    ("https://www.example.com/news/amplifier-review", "https://www.example.com/news/amplifier-review",
     "example.com/news/amplifier-review"),
    ("https://www.example.com/amp", "https://www.example.com/", "example.com/"),
    # mobile hosts
    ("https://m.example.com/news/story", "https://example.com/news/story", "example.com/news/story"),
    ("https://mobile.example.com/news/story", "https://example.com/news/story", "example.com/news/story"),
    ("https://m.spiegel.de/politik/ausland/hafen-a-1234.html", "https://spiegel.de/politik/ausland/hafen-a-1234.html",
     "spiegel.de/politik/ausland/hafen-a-1234.html"),
    ("https://m.me/examplepage", "https://m.me/examplepage", "m.me/examplepage"),
    ("https://m.example.com/news/story/amp?utm_source=x#top", "https://example.com/news/story",
     "example.com/news/story"),
    # trailing slashes, path noise, encoding
    ("https://www.example.com/news/story/", "https://www.example.com/news/story/", "example.com/news/story"),
    ("https://www.example.com//news///story", "https://www.example.com/news/story", "example.com/news/story"),
    ("https://www.example.com/news/../world/./story", "https://www.example.com/world/story", "example.com/world/story"),
    ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9", "example.com/caf%C3%A9"),
    ("https://example.com/café", "https://example.com/caf%C3%A9", "example.com/caf%C3%A9"),
    ("https://example.com/news?", "https://example.com/news", "example.com/news"),
    ("https://example.com/news?utm_source=a&utm_medium=b", "https://example.com/news", "example.com/news"),
    ("https://example.com", "https://example.com/", "example.com/"),
    ("https://www.example.com/index.html", "https://www.example.com/index.html", "example.com/index.html"),
    ("  https://www.example.com/news/story \n", "https://www.example.com/news/story", "example.com/news/story"),
    # not http(s): left alone
    ("mailto:desk@example.com", "mailto:desk@example.com", "mailto:desk@example.com"),
    ("/news/story?utm_source=x", "/news/story?utm_source=x", "/news/story?utm_source=x"),
]


def test_the_table_covers_at_least_fifty_shapes():
    assert len(CASES) >= 50
    assert len({raw for raw, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize("raw, canonical, key", CASES, ids=[c[0].strip()[:70] for c in CASES])
def test_canonical_form_and_key(raw, canonical, key):
    assert canonicalize_url(raw) == canonical
    assert url_key(raw) == key


@pytest.mark.parametrize("raw, canonical, key", CASES, ids=[c[0].strip()[:70] for c in CASES])
def test_canonicalisation_is_idempotent(raw, canonical, key):
    assert canonicalize_url(canonical) == canonical
    assert url_key(canonical) == key


def test_variants_of_one_article_share_one_key():
    variants = [
        "https://www.example.com/news/harbour-strike/",
        "http://example.com/news/harbour-strike",
        "https://m.example.com/news/harbour-strike?utm_source=rss",
        "https://amp.example.com/news/harbour-strike/amp/",
        "https://www.example.com/news/harbour-strike?amp=1#comments",
        "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/harbour-strike",
    ]
    assert len({url_key(v) for v in variants}) == 1


@pytest.mark.parametrize("url, site", [
    ("https://www.bbc.co.uk/news/x", "bbc.co.uk"),
    ("https://m.news.bbc.co.uk/x", "bbc.co.uk"),
    ("https://amp.theguardian.com/x", "theguardian.com"),
    ("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/x", "example.com"),
    ("http://127.0.0.1:8080/x", "127.0.0.1:8080"),
    ("http://127.0.0.1:8081/x", "127.0.0.1:8081"),
    ("http://localhost:5000/x", "localhost:5000"),
    ("mailto:desk@example.com", None),
])
def test_outlet_key(url, site):
    assert outlet_key(url) == site


def test_fixture_site_urls_are_already_canonical(fixture_sites):
    for article in fixture_sites.articles:
        assert canonicalize_url(article.url) == article.url
