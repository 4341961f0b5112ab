"""What the archive tells a crawl about pages it already holds.

The spider asks which stored articles are due for a revisit (with the
validators for a conditional request), and which URLs of a listing were
refused lately. Which are already stored is ``newsbot.dedupe.known_urls``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from psycopg import AsyncConnection
from psycopg.rows import class_row

from newsbot.archive.queries import load_query


@dataclass(frozen=True)
class DueArticle:
    article_id: int
    canonical_url: str
    source: str
    etag: str | None
    last_modified: str | None

    def conditional_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class RecrawlQueue:
    """Reads on one connection of the crawl's pool (``CrawlArchive.ask``)."""

    def __init__(self, conn: AsyncConnection):
        self.conn = conn

    async def due(self, sources: Iterable[str], limit: int) -> list[DueArticle]:
        async with self.conn.cursor(row_factory=class_row(DueArticle)) as cursor:
            await cursor.execute(load_query("due_articles"),
                                 {"sources": list(sources), "limit": limit})
            return await cursor.fetchall()

    async def refused(self, urls: Iterable[str], within: timedelta) -> dict[str, datetime]:
        """URL -> when it was refused, for those of ``urls`` refused less than ``within`` ago."""
        urls = list(dict.fromkeys(urls))
        if not urls:
            return {}
        async with self.conn.cursor() as cursor:
            await cursor.execute(load_query("refused_recently"),
                                 {"urls": urls, "interval": within})
            return dict(await cursor.fetchall())
