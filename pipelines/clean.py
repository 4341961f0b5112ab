"""Clean: strip site suffixes from titles and boilerplate from bodies.

The text rules live in ``newsbot.cleaning`` (pure, shared with re-extraction);
this stage applies them and counts what they did.

Stats written: ``newsbot/clean/cleaned``, ``newsbot/clean/title_changed``,
``newsbot/clean/paragraphs_removed``, ``newsbot/clean/dropped/empty_body``.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem

from newsbot.cleaning import clean_article
from newsbot.items import ArticleItem


class CleanPipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        before = item.article
        after = clean_article(before)
        if after.title != before.title:
            self.stats.inc_value("newsbot/clean/title_changed")
        removed = len(before.body) - len(after.body)
        if removed > 0:
            self.stats.inc_value("newsbot/clean/paragraphs_removed", removed)
        if not after.body or not after.title:
            self.stats.inc_value("newsbot/clean/dropped/empty_body")
            raise DropItem(f"nothing left after cleaning: {item.page.url}")
        self.stats.inc_value("newsbot/clean/cleaned")
        item.article = after
        return item
