"""Per-field extraction rules on small hand-written pages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newsbot.extraction import EXTRACTOR_VERSION, extract_article, parse_datetime
from newsbot.extraction.authors import clean_author_names
from newsbot.extraction.language import normalize_language
from newsbot.extraction.urls import same_site

URL = "https://news.example.com/2026/03/05/story/"
PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of the story has enough words in it to be read as running text by the extractor.</p>"
    for i in range(5)
)


def page(head: str = "", body: str = "", html_attrs: str = "") -> str:
    return f"<!DOCTYPE html><html {html_attrs}><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def article_page(head: str = "", before: str = "", html_attrs: str = "") -> str:
    return page(head, f"<h1>The headline</h1>{before}<div class='story'>{PARAGRAPHS}</div>", html_attrs)


def jsonld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


# --- dates -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-05T14:30:00+05:30", datetime(2026, 3, 5, 14, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
        ("2026-03-05T09:00:00Z", datetime(2026, 3, 5, 9, tzinfo=timezone.utc)),
        ("2026-03-05 09:00:00 +0100", datetime(2026, 3, 5, 9, tzinfo=timezone(timedelta(hours=1)))),
        ("Thu, 05 Mar 2026 09:00:00 GMT", datetime(2026, 3, 5, 9, tzinfo=timezone.utc)),
        ("2026-03-05 09:00 UTC", datetime(2026, 3, 5, 9, tzinfo=timezone.utc)),
        ("1772701200", datetime(2026, 3, 5, 9, tzinfo=timezone.utc)),
        ("March 5, 2026", datetime(2026, 3, 5)),
        ("2026-03-05", datetime(2026, 3, 5)),
    ],
)
def test_parse_datetime(raw, expected):
    assert parse_datetime(raw) == expected


@pytest.mark.parametrize("raw", ["", "yesterday", "0000-00-00", "1970-01-01T00:00:00Z", "2999-01-01", "x" * 500, None])
def test_parse_datetime_rejects_junk(raw):
    assert parse_datetime(raw) is None


def test_jsonld_date_with_offset_wins_over_meta():
    head = jsonld('{"@type": "NewsArticle", "headline": "The headline", "datePublished": "2026-03-05T14:30:00+05:30"}')
    head += '<meta property="article:published_time" content="2026-03-01T00:00:00Z">'
    article = extract_article(article_page(head), URL)
    assert article.published_at == datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)
    assert article.published_at.utcoffset() == timedelta(hours=5, minutes=30)


def test_naive_published_date_takes_the_offset_the_page_states_elsewhere():
    head = ('<meta property="article:published_time" content="2026-03-05T10:00:00">'
            '<meta property="article:modified_time" content="2026-03-05T12:00:00+02:00">')
    article = extract_article(article_page(head), URL)
    assert article.published_at == datetime(2026, 3, 5, 10, tzinfo=timezone(timedelta(hours=2)))


def test_naive_date_without_any_offset_is_utc():
    article = extract_article(article_page('<meta name="date" content="2026-03-05 10:00:00">'), URL)
    assert article.published_at == datetime(2026, 3, 5, 10, tzinfo=timezone.utc)


def test_lone_time_element_dates_the_page():
    before = '<p class="dateline">By Ann Lee - <time datetime="2026-03-05T07:15:00+00:00">5 March</time></p>'
    article = extract_article(article_page(before=before), URL)
    assert article.published_at == datetime(2026, 3, 5, 7, 15, tzinfo=timezone.utc)
    assert "published_at" in article.article_signals


def test_a_teaser_date_does_not_date_a_listing():
    teaser = ('<ul><li><h3><a href="/a">Other story</a></h3><p>Summary of the other story.</p>'
              '<time datetime="2026-03-05T07:15:00+00:00">5 March</time></li></ul>')
    article = extract_article(page("<title>Topic: Ports</title>", f"<h1>Topic: Ports</h1>{teaser}"), URL)
    assert article.published_at is None
    assert article.article_signals == ()


def test_no_date_no_published_signal():
    article = extract_article(article_page('<meta property="og:type" content="article">'), URL)
    assert "published_at" not in article.article_signals


# --- authors ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Jane Doe and John Smith"], ("Jane Doe", "John Smith")),
        (["Jane Doe, John Smith & Ann Lee"], ("Jane Doe", "John Smith", "Ann Lee")),
        (["By JANE DOE | 5 March 2026"], ("JANE DOE",)),
        (["Jane Doe - Staff Writer"], ("Jane Doe",)),
        (["Jane Doe", "jane doe", "By Jane Doe"], ("Jane Doe",)),
        (["https://www.facebook.com/janedoe", "@janedoe", "jane@example.com"], ()),
        (["Updated 10:45 AM", "5 min read"], ()),
        (["June Carter"], ("June Carter",)),
        (["Written by: Ann Lee"], ("Ann Lee",)),
        (["Von Lena Vogt und Max Beck"], ("Lena Vogt", "Max Beck")),
    ],
)
def test_clean_author_names(raw, expected):
    assert clean_author_names(raw) == expected


def test_jsonld_authors_nested_referenced_and_listed():
    head = jsonld(
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "Person", "@id": "#p1", "name": "Ann Lee"},'
        '{"@type": "NewsArticle", "headline": "The headline", "author": [{"@id": "#p1"},'
        ' {"@type": "Person", "name": "By Bo Chen"}, {"@type": "Person", "givenName": "Cy", "familyName": "Diaz"},'
        ' "Ann Lee"]}]}'
    )
    assert extract_article(article_page(head), URL).authors == ("Ann Lee", "Bo Chen", "Cy Diaz")


def test_publisher_credited_after_the_writer_is_not_an_author():
    # The writer, a role too long for a name, then the site's host: one JSON-LD name.
    head = jsonld(
        '{"@type": "NewsArticle", "headline": "The headline", "author": {"@type": "Person",'
        ' "name": "Rasa Vaitkutė, lecturer at the Faculty of Letters of Kaunas University, Vakaras.lt"}}'
    ) + '<meta property="og:site_name" content="Vakaras Daily">'
    assert extract_article(article_page(head), URL).authors == ("Rasa Vaitkutė",)
    assert clean_author_names(["Ann Lee", "Vakaras Daily"], ["Vakaras Daily"]) == ("Ann Lee",)
    # Alone, the publisher is what the page says: kept.
    assert clean_author_names(["Vakaras Daily"], ["Vakaras Daily"]) == ("Vakaras Daily",)


def test_byline_markup_when_no_metadata():
    before = '<div class="byline">By <a rel="author" href="/staff/ann">Ann Lee</a> and Bo Chen</div>'
    assert extract_article(article_page(before=before), URL).authors == ("Ann Lee", "Bo Chen")


def test_comment_authors_are_not_article_authors():
    comments = '<div class="comments"><span class="byline">Troll McTroll</span></div>'
    html = page(body=f"<h1>The headline</h1><div>{PARAGRAPHS}</div>{comments}")
    assert extract_article(html, URL).authors == ()


# --- urls ------------------------------------------------------------------


def test_relative_canonical_is_resolved():
    html = article_page('<link rel="canonical" href="/2026/03/05/story/">')
    assert extract_article(html, URL + "?utm_source=x").canonical_url == URL


def test_canonical_on_another_site_is_ignored():
    html = article_page('<link rel="canonical" href="https://syndicator.example.org/copy/">')
    assert extract_article(html, URL).canonical_url == URL


def test_og_url_is_used_without_canonical():
    html = article_page('<meta property="og:url" content="https://www.example.com/s/1">')
    assert extract_article(html, URL).canonical_url == "https://www.example.com/s/1"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("https://www.bbc.co.uk/a", "https://news.bbc.co.uk/b", True),
        ("https://a.example.com/", "https://example.org/", False),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8001/b", True),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a", False),
        ("javascript:alert(1)", "https://example.com/", False),
    ],
)
def test_same_site(first, second, expected):
    assert same_site(first, second) is expected


# --- language, title, section, tags, image ----------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("en-US", "en"), ("en_GB", "en"), ("RU", "ru"), ("pt-br", "pt"), ("zh-Hant-TW", "zh"), ("de, en", "de"),
     ("und", None), ("english", None), ("", None), (None, None)],
)
def test_normalize_language(raw, expected):
    assert normalize_language(raw) == expected


@pytest.mark.parametrize(
    ("head", "html_attrs", "headers", "expected"),
    [
        ("", 'lang="ru-RU"', None, "ru"),
        ('<meta http-equiv="content-language" content="fr-FR">', "", None, "fr"),
        (jsonld('{"@type": "NewsArticle", "headline": "h", "inLanguage": "es-MX"}'), "", None, "es"),
        ("", "", {"content-language": "uk"}, "uk"),
        ("", "", None, None),
    ],
)
def test_language_sources(head, html_attrs, headers, expected):
    assert extract_article(article_page(head, html_attrs=html_attrs), URL, headers).language == expected


def test_title_prefers_the_h1_that_the_title_tag_confirms():
    html = page("<title>The real headline | World | Example News</title>",
                f"<h1>Example News</h1><h1>The real headline</h1>{PARAGRAPHS}")
    assert extract_article(html, URL).title == "The real headline"


def test_section_tags_image_from_metadata():
    head = ('<meta property="article:section" content="Business">'
            '<meta property="article:tag" content="Ports"><meta property="article:tag" content="Shipping">'
            '<meta name="keywords" content="ports, Trade"><meta property="og:image" content="/img/a.jpg">')
    article = extract_article(article_page(head), URL)
    assert article.section == "Business"
    assert article.tags == ("Ports", "Shipping", "Trade")
    assert article.image_url == "https://news.example.com/img/a.jpg"


def test_section_from_breadcrumbs():
    head = jsonld('{"@type": "BreadcrumbList", "itemListElement": ['
                  '{"@type": "ListItem", "position": 2, "name": "Politics"},'
                  '{"@type": "ListItem", "position": 1, "name": "Home"},'
                  '{"@type": "ListItem", "position": 3, "name": "The headline"}]}')
    assert extract_article(article_page(head), URL).section == "Politics"


# --- signals ---------------------------------------------------------------


def test_listing_jsonld_items_do_not_make_an_article():
    head = jsonld('{"@type": "CollectionPage", "mainEntity": {"@type": "ItemList", "itemListElement": ['
                  '{"@type": "ListItem", "item": {"@type": "NewsArticle", "headline": "Other"}}]}}')
    head += '<meta property="og:type" content="website">'
    assert extract_article(article_page(head), URL).article_signals == ()


def test_article_signals_from_every_source():
    head = jsonld('{"@type": ["NewsArticle"], "headline": "The headline", "datePublished": "2026-03-05"}')
    head += '<meta property="og:type" content="article">'
    html = page(head, f"<article><h1>The headline</h1>{PARAGRAPHS}</article>")
    assert extract_article(html, URL).article_signals == ("jsonld:NewsArticle", "og:type=article", "published_at",
                                                          "article_tag")


def test_about_and_login_pages_have_no_signals():
    about = page("<title>About us</title>", "<h1>About us</h1><p>We have printed the news since 1901.</p>")
    login = page("<title>Sign in</title>", '<h1>Sign in</h1><form><input name="u"><input type="password"></form>')
    assert extract_article(about, URL).article_signals == ()
    assert extract_article(login, URL).article_signals == ()


def test_extractor_version_names_trafilatura():
    assert EXTRACTOR_VERSION.startswith("newsbot-extract/")
    assert "trafilatura-" in EXTRACTOR_VERSION


def test_headers_may_be_raw_bytes_lists_as_scrapy_keeps_them():
    headers = {b"Content-Language": [b"ru-RU"]}
    assert extract_article(article_page(), URL, headers).language == "ru"
