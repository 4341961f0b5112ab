"""Validate: drop what is not an article, and say why in the stats.

A page is an article when the evidence says so. The page's own signals
(structured data, a declared date, one ``<article>`` of real paragraphs) are
evidence; so is how it was found: listed by the source's feed or sitemap, or
linked from a section page with the source's ``article_url_patterns``, or a
stored article revisited. A listed page still has to read like an article
(a title, enough words) and must not look like a login form, an error page
served with 200, or a listing of headlines. A source with
``trust_listings = false`` (sources file) counts the page's own signals only.

Settings read:

- ``NEWSBOT_VALIDATE_MIN_WORDS`` (int, 40): shorter bodies are not articles.
  Words of scripts written without spaces (Chinese, Japanese, Thai...) are
  counted from their characters.

Stats written: ``newsbot/validate/dropped/<reason>`` per dropped item,
``newsbot/validate/passed``, ``newsbot/validate/passed_by/<evidence>``
(``page`` or the listing: ``feed``, ``sitemap``, ``section``, ``recrawl``),
``newsbot/validate/listed_title_used``. Reasons: the extract stage's refusals
(``empty_body``, ``binary_body``, ``too_large``, ``not_html``,
``extraction_failed``), ``http_404``/``http_410`` (a page that is gone), then
``no_title``, ``login_page``, ``error_page``, ``listing_page``,
``no_article_signal`` (nothing says "article") and ``too_short``.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from urllib.parse import urlsplit

from scrapy.exceptions import DropItem

from newsbot.crawl_sources import crawl_sources
from newsbot.extraction import decode_html
from newsbot.extraction._html import parse_html
from newsbot.extraction.signals import PageShape, count_words, read_page_shape
from newsbot.items import ArticleItem
from spiders.link_rules import has_non_article_segment

logger = logging.getLogger(__name__)

# Signals that only an article page carries: structured data saying so.
_STRUCTURED = ("jsonld:", "og:type=", "microdata:")
# Ways of being found that count as "the source says this is an article".
LISTED_VIA = frozenset({"feed", "sitemap", "recrawl"})
# Below this many times the minimum words, a login form or an error title
# says what the page is (news pages carry login boxes in their menus).
SHORT_PAGE_FACTOR = 2
# A body made this much of the page's own headline links is a listing.
LISTING_HEADLINE_SHARE = 0.5


def rejection_reason(item: ArticleItem, min_words: int, trust_listings: bool = True,
                     url_patterns: tuple[str, ...] = ()) -> str | None:
    page, article = item.page, item.article
    if page.not_modified:
        return None  # a 304 to a recrawl: the stored article stands
    if page.gone:
        return f"http_{page.status}"
    if item.skip_reason:
        return item.skip_reason
    if not (article.title or "").strip():
        return "no_title"
    structured = any(s.startswith(_STRUCTURED) for s in article.article_signals)
    shape = PageShape() if structured else _page_shape(page.body, page.header("Content-Type"))
    words = count_words(article.text)
    short = words < SHORT_PAGE_FACTOR * min_words
    # A login form or a "not found" title on a page with a story's worth of
    # text is a login box or an unlucky headline, not the page itself.
    if short and shape.login_form:
        return "login_page"
    if short and shape.error_title:
        return "error_page"
    if shape.headline_share(article.body) >= LISTING_HEADLINE_SHARE:
        return "listing_page"
    if not (article.article_signals or (trust_listings and listed_as_article(item, url_patterns))):
        return "no_article_signal"
    if words < min_words:
        return "too_short"
    return None


def listed_as_article(item: ArticleItem, url_patterns: tuple[str, ...]) -> bool:
    """Whether the way the page was found says it is an article."""
    page = item.page
    if has_non_article_segment(page.url):
        return False  # /tag/, /about, /login: a sitemap lists those too
    if page.discovered_via in LISTED_VIA:
        return True
    path = urlsplit(page.url).path
    return page.discovered_via == "section" and any(re.search(p, path) for p in url_patterns)


def _page_shape(body: bytes, content_type: str | None) -> PageShape:
    tree = parse_html(decode_html(body, content_type))
    return PageShape() if tree is None else read_page_shape(tree)



class ValidatePipeline:
    def __init__(self, stats, min_words: int, sources=(), crawler=None):
        self.stats = stats
        self.min_words = min_words
        # Per source: its trust_listings and article_url_patterns (sources file).
        self.sources = {source.name: source for source in sources}
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getint("NEWSBOT_VALIDATE_MIN_WORDS"),
                   crawler=crawler)

    def open_spider(self) -> None:
        if self.crawler is not None:
            self.sources.update(crawl_sources(self.crawler).by_name)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        item = self._with_listed_title(item)
        source = self.sources.get(item.page.source)
        reason = rejection_reason(item, self.min_words,
                                  getattr(source, "trust_listings", True),
                                  getattr(source, "article_url_patterns", ()))
        if reason:
            self.stats.inc_value(f"newsbot/validate/dropped/{reason}")
            raise DropItem(f"{reason}: {item.page.url}")
        self.stats.inc_value("newsbot/validate/passed")
        if not item.page.not_modified:
            via = "page" if item.article.article_signals else item.page.discovered_via
            self.stats.inc_value(f"newsbot/validate/passed_by/{via}")
        return item

    def _with_listed_title(self, item: ArticleItem) -> ArticleItem:
        listed = (item.page.listed_title or "").strip()
        if listed and not (item.article.title or "").strip() and not item.skip_reason:
            self.stats.inc_value("newsbot/validate/listed_title_used")
            item.article = dataclasses.replace(item.article, title=listed)
        return item
