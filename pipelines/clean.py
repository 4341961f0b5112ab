"""Clean: strip site suffixes from titles and boilerplate from bodies.

The text rules live in ``newsbot.cleaning``; ``newsbot.reading.clean`` (pure, shared
with re-extraction) applies them, and this stage counts what they did.

Stats written: ``newsbot/clean/cleaned``, ``newsbot/clean/title_changed``,
``newsbot/clean/paragraphs_removed``, ``newsbot/clean/language_from_source``,
``newsbot/clean/dropped/empty_body``. A page that declares no language gets
its source's configured one.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newsbot.crawl_sources import crawl_sources
from newsbot.items import ArticleItem
from newsbot.reading import clean


class CleanPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.source_languages: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.source_languages = {s.name: s.language for s in crawl_sources(self.crawler)
                                 if s.language}

    def process_item(self, item: ArticleItem) -> ArticleItem:
        adapter = ItemAdapter(item)
        page = adapter["page"]
        if page.not_modified:
            return item
        before = adapter["article"]
        after = clean(before, source_language=self.source_languages.get(page.source))
        if after.language and not before.language:
            self.stats.inc_value("newsbot/clean/language_from_source")
        if after.title != before.title:
            self.stats.inc_value("newsbot/clean/title_changed")
        removed = len(before.body) - len(after.body)
        if removed > 0:
            self.stats.inc_value("newsbot/clean/paragraphs_removed", removed)
        if not after.body or not after.title:
            self.stats.inc_value("newsbot/clean/dropped/empty_body")
            raise DropItem(f"nothing left after cleaning: {page.url}")
        self.stats.inc_value("newsbot/clean/cleaned")
        adapter["article"] = after
        return item
