"""The items that travel through the pipelines.

The spider yields a ``FetchedPage`` (what came over the wire, untouched); the
extract pipeline turns it into an ``ArticleItem`` (the page plus the article
read from it), which validate, clean and store then refine or drop. Both are
dataclasses, which Scrapy handles through itemadapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsbot.extraction.article import Article


@dataclass
class FetchedPage:
    """One HTTP response for a page that may hold an article."""

    source: str
    url: str
    requested_url: str
    status: int
    headers: dict[str, list[str]]
    body: bytes
    fetched_at: datetime
    # How the URL was found: feed, sitemap, section or link.
    discovered_via: str


@dataclass
class ArticleItem:
    page: FetchedPage
    article: Article
    # Set by extraction when it refused the page (empty, binary, too large,
    # not HTML); validate drops the item and counts this reason.
    skip_reason: str | None = None
