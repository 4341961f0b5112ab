"""Validate: drop what is not an article, and say why in the stats.

Settings read:

- ``NEWSBOT_VALIDATE_MIN_WORDS`` (int, 40): shorter bodies are not articles.

Stats written: ``newsbot/validate/dropped/<reason>`` per dropped item,
``newsbot/validate/passed``. Reasons: the extract stage's refusals
(``empty_body``, ``binary_body``, ``too_large``, ``not_html``,
``extraction_failed``), then ``no_title``, ``no_article_signal`` (tag pages,
about pages, login forms: nothing says "article") and ``too_short``.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from newsbot.items import ArticleItem

logger = logging.getLogger(__name__)


def rejection_reason(item: ArticleItem, min_words: int) -> str | None:
    if item.page.not_modified:
        return None  # a 304 to a recrawl: the stored article stands
    if item.skip_reason:
        return item.skip_reason
    article = item.article
    if not (article.title or "").strip():
        return "no_title"
    if not article.article_signals:
        return "no_article_signal"
    if len(article.text.split()) < min_words:
        return "too_short"
    return None


class ValidatePipeline:
    def __init__(self, stats, min_words: int):
        self.stats = stats
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getint("NEWSBOT_VALIDATE_MIN_WORDS"))

    def process_item(self, item: ArticleItem) -> ArticleItem:
        reason = rejection_reason(item, self.min_words)
        if reason:
            self.stats.inc_value(f"newsbot/validate/dropped/{reason}")
            raise DropItem(f"{reason}: {item.page.url}")
        self.stats.inc_value("newsbot/validate/passed")
        return item
