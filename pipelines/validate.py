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

import logging

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newsbot.crawl_sources import crawl_sources
from newsbot.items import ArticleItem
from newsbot.reading import with_listed_title
from newsbot.validation import listed_as_article, rejection_reason

__all__ = ["ValidatePipeline", "listed_as_article", "rejection_reason"]

logger = logging.getLogger(__name__)


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
        adapter = ItemAdapter(self._with_listed_title(item))
        page, article = adapter["page"], adapter["article"]
        source = self.sources.get(page.source)
        reason = rejection_reason(adapter.item, self.min_words,
                                  getattr(source, "trust_listings", True),
                                  getattr(source, "article_url_patterns", ()))
        if reason:
            self.stats.inc_value(f"newsbot/validate/dropped/{reason}")
            raise DropItem(f"{reason}: {page.url}")
        self.stats.inc_value("newsbot/validate/passed")
        if not page.not_modified:
            via = "page" if article.article_signals else page.discovered_via
            self.stats.inc_value(f"newsbot/validate/passed_by/{via}")
        return adapter.item

    def _with_listed_title(self, item: ArticleItem) -> ArticleItem:
        adapter = ItemAdapter(item)
        if adapter["skip_reason"]:
            return item
        article = with_listed_title(adapter["article"], adapter["page"])
        if article is not adapter["article"]:
            self.stats.inc_value("newsbot/validate/listed_title_used")
            adapter["article"] = article
        return adapter.item
