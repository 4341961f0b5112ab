"""Site templates in the archive: what ``newsbot.extraction.templates`` learned, kept across crawls.

The crawl (``pipelines/templates.py``) loads the recurring blocks when it
starts and writes new sightings in batches, with async psycopg so the
reactor never waits; ``newsbot reextract`` reads a site's template with the
sync API. The table is ``site_template_blocks`` (migration 0004).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

import psycopg
from psycopg.rows import class_row

from newsbot.archive.queries import load_query, nul_free
from newsbot.extraction.templates import DEFAULT_MIN_PAGES, MAX_PAGE_KEYS, BlockSighting

# Seconds to wait for the server: a flush that cannot connect is retried at
# the next one, and must not hold the crawl up meanwhile.
CONNECT_TIMEOUT = 5


@dataclass(frozen=True, slots=True)
class TemplateBlockRow:
    site: str
    fingerprint: int
    page_keys: list[int]
    page_count: int


def _record_params(sightings: Iterable[BlockSighting]) -> list[dict]:
    """One row per (site, block), its new pages together: fewer statements, one lock each."""
    pages: dict[tuple[str, int], list[int]] = defaultdict(list)
    samples: dict[tuple[str, int], str] = {}
    for sighting in sightings:
        slot = (sighting.site, sighting.fingerprint)
        if sighting.page_key not in pages[slot]:
            pages[slot].append(sighting.page_key)
        samples.setdefault(slot, nul_free(sighting.sample))
    # Sorted: two crawls writing the same blocks lock them in the same order.
    return [
        {"site": site, "fingerprint": fingerprint, "page_keys": keys[:MAX_PAGE_KEYS],
         "sample": samples[(site, fingerprint)], "max_page_keys": MAX_PAGE_KEYS}
        for (site, fingerprint), keys in sorted(pages.items())
    ]


class TemplateArchive:
    """Async access for the crawl: a connection per call, so an outage costs one flush, not the crawl.

    ``connection``: where to get one (the crawl's pool, ``CrawlArchive.connection``);
    else a new connection to ``conninfo`` each time.
    """

    def __init__(self, conninfo: str | None = None, *,
                 connection: Callable[[], AbstractAsyncContextManager] | None = None):
        self.conninfo = conninfo
        self.connection = connection

    @asynccontextmanager
    async def _connect(self) -> AsyncIterator[psycopg.AsyncConnection]:
        if self.connection is not None:
            async with self.connection() as conn:
                yield conn
            return
        async with await psycopg.AsyncConnection.connect(self.conninfo,
                                                         connect_timeout=CONNECT_TIMEOUT) as conn:
            yield conn

    async def load(self, min_count: int = 2) -> list[TemplateBlockRow]:
        async with self._connect() as conn:
            cursor = conn.cursor(row_factory=class_row(TemplateBlockRow))
            await cursor.execute(load_query("templates_load"), {"min_count": min_count})
            return await cursor.fetchall()

    async def record(self, sightings: Sequence[BlockSighting]) -> list[TemplateBlockRow]:
        """Write the sightings in one transaction; returns the merged rows."""
        params = _record_params(sightings)
        if not params:
            return []
        rows: list[TemplateBlockRow] = []
        async with self._connect() as conn:
            cursor = conn.cursor(row_factory=class_row(TemplateBlockRow))
            await cursor.executemany(load_query("templates_record"), params, returning=True)
            while True:
                rows.extend(await cursor.fetchall())
                if not cursor.nextset():
                    break
        return rows

    async def forget(self, days: int) -> int:
        """Delete blocks seen on one page only and not for ``days``; returns how many."""
        async with self._connect() as conn:
            cursor = await conn.execute(load_query("templates_forget"), {"days": days})
            return cursor.rowcount


def site_boilerplate(conn: psycopg.Connection, site: str, min_pages: int = DEFAULT_MIN_PAGES) -> frozenset[int]:
    """The fingerprints that are ``site``'s template (sync, for the CLI)."""
    rows = conn.execute(load_query("templates_site_boilerplate"), {"site": site, "min_pages": min_pages})
    return frozenset(fingerprint for (fingerprint,) in rows)
