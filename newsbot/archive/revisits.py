"""Revisit planning: what the spider asks the archive (it opens no connection itself).

Revisits that are due, and pages not to fetch again. The answers come
through the crawl's archive (``newsbot.archive.crawl_archive``): while it is
down, nothing is due and every listed URL is fetched (a request more, never a
page lost), until the archive answers again.

Settings read:

- ``NEWSBOT_RECRAWL_ENABLED`` (bool, True): off, the spider never asks the
  archive and fetches whatever its listings name.
- ``NEWSBOT_RECRAWL_MAX_PER_RUN`` (int, 5000): most due revisits per run.

A listed URL is not requested when its article is stored (it comes back
through ``due()``), nor when a crawl refused it (dropped, or 404/410) less
than its source's first ``recrawl_after`` interval ago, unless the sitemap's
``lastmod`` for it is newer than that refusal.

Stats written: ``newsbot/recrawl/due``, ``newsbot/recrawl/skipped_stored``,
``newsbot/recrawl/skipped_refused``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from newsbot.archive.crawl_archive import CrawlArchive, archive_of
from newsbot.archive.recrawl_queue import DueArticle, RecrawlQueue
from newsbot.dedupe import known_urls

# Request.meta key: the archive was asked about this URL with its listing,
# so the dedupe request middleware need not ask again.
ARCHIVE_CHECKED_META = "newsbot_archive_checked"

# How long a refused URL is left alone when its source has no recrawl schedule.
DEFAULT_REFUSAL_MEMORY = timedelta(hours=1)


def _changed_since(lastmod: str | None, refused_at: datetime) -> bool:
    """Whether a sitemap's W3C ``lastmod`` is later than ``refused_at``."""
    if not lastmod:
        return False
    try:
        moment = datetime.fromisoformat(lastmod.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment > refused_at


class Revisits:
    def __init__(self, crawler, enabled: bool, max_per_run: int,
                 archive: CrawlArchive | None = None):
        # The spider is built before the crawler's stats and extensions exist; read them late.
        self.crawler = crawler
        self.enabled = enabled
        self.max_per_run = max_per_run
        self._archive = archive

    @classmethod
    def from_crawler(cls, crawler) -> Revisits:
        settings = crawler.settings
        # Without the store there is no archive to plan from.
        enabled = (settings.getbool("NEWSBOT_RECRAWL_ENABLED")
                   and settings.getbool("NEWSBOT_STORE_ENABLED"))
        return cls(crawler, enabled, settings.getint("NEWSBOT_RECRAWL_MAX_PER_RUN"))

    @property
    def archive(self) -> CrawlArchive | None:
        if self._archive is None and self.enabled:
            self._archive = archive_of(self.crawler)
        return self._archive if self.enabled else None

    async def due(self, sources: Iterable[str]) -> list[DueArticle]:
        if self.archive is None:
            return []
        sources = list(sources)
        due = await self.archive.ask(
            "recrawl planning", lambda conn: RecrawlQueue(conn).due(sources, self.max_per_run), [])
        self.crawler.stats.inc_value("newsbot/recrawl/due", len(due))
        return due

    async def not_to_fetch(self, urls: dict[str, str | None], source) -> set[str]:
        """The URLs among ``urls`` (URL -> sitemap lastmod or None) not to request now."""
        skip = await self.already_stored(list(urls))
        rest = [url for url in urls if url not in skip]
        if self.archive is None or not rest:
            return skip
        schedule = source.recrawl_schedule
        within = schedule[0] if schedule else DEFAULT_REFUSAL_MEMORY
        refused = await self.archive.ask(
            "recrawl planning", lambda conn: RecrawlQueue(conn).refused(rest, within), {})
        again = {url for url, refused_at in refused.items()
                 if not _changed_since(urls[url], refused_at)}
        if again:
            self.crawler.stats.inc_value("newsbot/recrawl/skipped_refused", len(again))
        return skip | again

    async def already_stored(self, urls: list[str]) -> set[str]:
        """The URLs among ``urls`` whose article is stored, or that are aliases of one.

        Listings name them again and again; they are revisited only through
        ``due()``, on their schedule and with a conditional request. Fetching
        a stored page again costs a request, never a duplicate: the writer's
        upsert is idempotent. This is the one lookup for a listed URL (one
        statement, ``newsbot.dedupe.known_urls``): its
        request is marked (``ARCHIVE_CHECKED_META``) so the dedupe request
        middleware does not ask again; a known alias (matched by ``url_key``,
        so its tracking, AMP and mobile variants too) is counted as the
        middleware would count it.
        """
        if self.archive is None:
            return set()

        known = await self.archive.ask("recrawl planning", lambda conn: known_urls(conn, urls), {})
        aliases = {url for url, hit in known.items() if hit.is_alias}
        stored = set(known) - aliases
        if aliases:
            self.crawler.stats.inc_value("newsbot/dedupe/request_skipped/known_alias",
                                         len(aliases))
        if stored:
            self.crawler.stats.inc_value("newsbot/recrawl/skipped_stored", len(stored))
        return stored | aliases

    @property
    def checks_listings(self) -> bool:
        """Whether listed URLs are looked up here (and need no other lookup)."""
        return self.archive is not None
