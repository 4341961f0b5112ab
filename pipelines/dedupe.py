"""Dedupe: put each article's canonical URL in canonical form and sign its body.

This stage only computes (no database): the canonical URL without tracking
parameters, AMP or mobile variants (``newsbot.dedupe.canonicalize_url``), and
the body's signature (exact hash, MinHash, LSH band keys), set on the item as
data (``ArticleItem.signature``). The store decides, inside the article's
transaction, what it duplicates: an exact copy under another URL of the same
site becomes an alias of the stored article, and every article joins a story
cluster, shared with the near-duplicate copies of other outlets (see
``newsbot.dedupe.linking``). 304 answers to
recrawls pass untouched.

Settings read:

- ``NEWSBOT_DEDUPE_ENABLED`` (bool, True): off raises NotConfigured; articles
  are then stored without URL aliases, signatures or stories.
- ``NEWSBOT_DEDUPE_THRESHOLD`` (float, 0.3): estimated Jaccard similarity of
  3-word shingles at or above which an article joins an earlier one's story;
  below 0.25 is refused (the LSH bands would miss too many copies).
- ``NEWSBOT_DEDUPE_MAX_CANDIDATES`` (int, 100): most band-sharing articles
  compared per lookup.

Stats written: ``newsbot/dedupe/fingerprinted``, ``newsbot/dedupe/canonical_url_normalised``;
from the store's transaction ``newsbot/dedupe/<event>`` with event
``exact_duplicate``, ``url_alias``, ``signed``, ``near_duplicate``, ``new_story``.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from newsbot.dedupe import DedupeConfig
from newsbot.items import ArticleItem
from newsbot.reading import sign


class DedupePipeline:
    def __init__(self, stats, config: DedupeConfig):
        self.stats = stats
        self.config = config

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_DEDUPE_ENABLED"):
            raise NotConfigured("NEWSBOT_DEDUPE_ENABLED is off")
        return cls(crawler.stats, DedupeConfig.from_settings(settings))

    def process_item(self, item: ArticleItem) -> ArticleItem:
        adapter = ItemAdapter(item)
        page = adapter["page"]
        if page.not_modified:
            return item
        article, adapter["signature"] = sign(adapter["article"], page.url)
        if article.canonical_url != adapter["article"].canonical_url:
            self.stats.inc_value("newsbot/dedupe/canonical_url_normalised")
            adapter["article"] = article
        self.stats.inc_value("newsbot/dedupe/fingerprinted")
        return item
