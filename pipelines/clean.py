"""Clean: strip site suffixes from titles and boilerplate from bodies.

The text rules live in ``newsbot.cleaning`` (pure, shared with re-extraction);
this stage applies them and counts what they did.

Stats written: ``newsbot/clean/cleaned``, ``newsbot/clean/title_changed``,
``newsbot/clean/paragraphs_removed``, ``newsbot/clean/language_from_source``,
``newsbot/clean/dropped/empty_body``. A page that declares no language gets
its source's configured one.
"""

from __future__ import annotations

from dataclasses import replace

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newsbot.crawl_sources import crawl_sources
from newsbot.cleaning import clean_article
from newsbot.items import ArticleItem


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
        after = clean_article(before)
        if not after.language and page.source in self.source_languages:
            # Extraction reports only what the page declares; many pages
            # declare no language, and their outlet's configured one is right.
            after = replace(after, language=self.source_languages[page.source])
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
