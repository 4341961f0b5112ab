"""The items that travel through the pipelines.

The spider yields a ``FetchedPage`` (what came over the wire, untouched); the
extract pipeline turns it into an ``ArticleItem`` (the page plus the article
read from it), which validate, clean and store then refine or drop. Both are
dataclasses, which Scrapy handles through itemadapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from newsbot.archive.capture import PackedCapture
from newsbot.extraction.article import Article

if TYPE_CHECKING:
    from newsbot.dedupe.signatures import Fingerprint


# Answers that say the page is gone: recorded (and a stored article marked
# gone), never retried until the source's recrawl interval has passed.
GONE_STATUSES = (404, 410)


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
    # How the URL was found: feed, sitemap, section, link or recrawl.
    discovered_via: str
    # The stored article this fetch revisits (a recrawl), if any.
    recrawl_of: int | None = None
    # What the listing said about the URL: the feed entry's (or news
    # sitemap's) title, the sitemap's lastmod. Evidence for validate, and the
    # title of a page that carries none.
    listed_title: str | None = None
    listed_lastmod: str | None = None
    # The response packed for the archive, when the extraction process made it.
    capture: PackedCapture | None = None

    @property
    def not_modified(self) -> bool:
        """A 304 answer to a conditional recrawl: nothing to extract, the article is unchanged."""
        return self.status == 304

    @property
    def gone(self) -> bool:
        return self.status in GONE_STATUSES

    def header(self, name: str) -> str | None:
        for key, values in self.headers.items():
            if key.lower() == name.lower() and values:
                return values[0]
        return None


@dataclass
class ArticleItem:
    page: FetchedPage
    article: Article
    # Set by extraction when it refused the page (empty, binary, too large,
    # not HTML); validate drops the item and counts this reason.
    skip_reason: str | None = None
    # The body's signature, set by the dedupe pipeline; what it duplicates is
    # decided when the article is written (``newsbot.dedupe.linking.ArticleDedupe``,
    # in the store's transaction). Items carry data only.
    signature: Fingerprint | None = None
