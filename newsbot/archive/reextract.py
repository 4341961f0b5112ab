"""Re-extraction: read stored raw captures again with the current extractor.

Every snapshot keeps the HTTP response it was read from. When extraction
improves (a new ``EXTRACTOR_VERSION``, a source's new keep/drop selectors, a
site template learned since), each article's current version is extracted
again from its capture; where the result differs, a new version is stored
(the same fetch, read better) and becomes the article's current one.

A capture is read by ``newsbot.reading.read_article``, the crawl's own steps
(extract, validate, strip the site template, clean, sign), so the new
version is judged as a crawl judges a page and signed as a crawl signs it.
A new version refers to the version that holds the capture instead of
copying it, and refreshes the article's dedupe signature and story with the
crawl's own code (``ArticleDedupe.relink``). Sync psycopg: this runs from
the command line, one article per transaction.
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

import psycopg
from psycopg.rows import class_row

from newsbot.archive.capture import unpack_capture
from newsbot.archive.content_hash import content_hash
from newsbot.archive.queries import load_query, nul_free
from newsbot.archive.templates import site_boilerplate
from newsbot.dedupe.linking import ArticleDedupe, DedupeConfig
from newsbot.extraction import EXTRACTOR_VERSION, SiteRules
from newsbot.extraction.article import Article
from newsbot.extraction.templates import DEFAULT_MIN_PAGES, site_key
from newsbot.items import FetchedPage
from newsbot.reading import ReadArticle, read_article
from newsbot.settings import NEWSBOT_DEDUPE_MAX_CANDIDATES, NEWSBOT_DEDUPE_THRESHOLD
from newsbot.settings import NEWSBOT_VALIDATE_MIN_WORDS as DEFAULT_MIN_WORDS
from newsbot.tokens import count_words
from newsbot.versions.diff import summarise_change

# Fields compared to decide whether a re-extraction changed anything: what
# readers and analysts see, as the archive stores it.
COMPARED_FIELDS = ("title", "authors", "published_at", "modified_at", "section", "tags", "language",
                   "site_name", "summary", "image_url", "body")


@dataclass(frozen=True, slots=True)
class StoredVersion:
    article_id: int
    canonical_url: str
    snapshot_id: int
    url: str
    content_hash: str
    title: str
    authors: list[str]
    published_at: datetime | None
    modified_at: datetime | None
    section: str | None
    tags: list[str]
    language: str | None
    site_name: str | None
    summary: str | None
    image_url: str | None
    body: str
    extractor_version: str
    raw_response: bytes
    source: str | None
    source_language: str | None
    source_config: dict[str, Any]
    fetched_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Reextraction:
    """What re-reading one article's current version did."""

    article_id: int
    url: str
    old_snapshot_id: int
    new_snapshot_id: int | None
    old_extractor_version: str
    changed_fields: tuple[str, ...]
    words_added: int
    words_removed: int
    # Why the re-extraction is not an article (``newsbot.validation``); the
    # current version then stays current.
    refused: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.changed_fields)


# The crawl's dedupe settings, as shipped.
DEDUPE = DedupeConfig(threshold=NEWSBOT_DEDUPE_THRESHOLD, max_candidates=NEWSBOT_DEDUPE_MAX_CANDIDATES)


def rules_from_config(config: Mapping[str, Any]) -> SiteRules:
    """A source's extraction rules (keep/drop selectors, time zone) from its stored config
    (``sources.config``)."""
    return SiteRules(keep_selectors=tuple(config.get("keep_selectors") or ()),
                     drop_selectors=tuple(config.get("drop_selectors") or ()),
                     timezone=config.get("timezone"))


def stored_page(stored: StoredVersion) -> FetchedPage:
    """The fetch ``stored`` was read from, as the crawl had it (from its raw capture)."""
    capture = unpack_capture(stored.raw_response)
    headers: dict[str, list[str]] = {}
    for name, value in capture.headers:
        headers.setdefault(name, []).append(value)
    # A stored version passed validation once: it was found as an article is,
    # and its title stands for what the listing said of a page that has none.
    return FetchedPage(source=stored.source or "", url=stored.url, requested_url=stored.url,
                       status=capture.status, headers=headers, body=capture.body,
                       fetched_at=datetime.min, discovered_via="recrawl", listed_title=stored.title)


def reextract_version(stored: StoredVersion, boilerplate: frozenset[int] = frozenset(),
                      min_words: int = DEFAULT_MIN_WORDS) -> ReadArticle:
    """``stored``'s capture read as the crawl reads a page: validated, cleaned, signed (pure)."""
    config = stored.source_config
    return read_article(stored_page(stored), min_words=min_words, rules=rules_from_config(config),
                        boilerplate=boilerplate, source_language=stored.source_language,
                        trust_listings=config.get("trust_listings", True),
                        url_patterns=tuple(config.get("article_url_patterns") or ()))


def _stored_fields(stored: StoredVersion) -> dict[str, Any]:
    return {name: getattr(stored, name) for name in COMPARED_FIELDS}


def _new_fields(article: Article) -> dict[str, Any]:
    return {
        "title": article.title or "", "authors": list(article.authors), "published_at": article.published_at,
        "modified_at": article.modified_at, "section": article.section, "tags": list(article.tags),
        "language": article.language, "site_name": article.site_name, "summary": article.summary,
        "image_url": article.image_url, "body": article.text,
    }


def candidate_ids(conn: psycopg.Connection, *, source: str | None, since: datetime | None,
                  limit: int | None) -> list[int]:
    rows = conn.execute(load_query("reextract_candidates"),
                        {"source": source, "since": since, "limit": limit})
    return [article_id for (article_id,) in rows]


def reextract_article(conn: psycopg.Connection, article_id: int, *, dry_run: bool = False,
                      min_pages: int = DEFAULT_MIN_PAGES,
                      boilerplate_cache: dict[str, frozenset[int]] | None = None,
                      min_words: int = DEFAULT_MIN_WORDS,
                      dedupe: DedupeConfig | None = DEDUPE) -> Reextraction | None:
    """Re-extract one article's current version; store a new version if it differs. One transaction.

    A re-extraction the validate stage would drop (no title, too short...) is
    reported with its reason and stored nowhere: a regressed extractor never
    makes an empty body current. A stored one refreshes the article's
    signature and story (``dedupe``; None leaves them as they are).
    """
    cache = boilerplate_cache if boilerplate_cache is not None else {}
    with conn.transaction():
        cursor = conn.cursor(row_factory=class_row(StoredVersion))
        stored = cursor.execute(load_query("reextract_version"), {"article_id": article_id}).fetchone()
        if stored is None:
            return None
        site = site_key(stored.url)
        if site not in cache:
            cache[site] = site_boilerplate(conn, site, min_pages)
        read = reextract_version(stored, cache[site], min_words)
        article = read.article
        old, new = _stored_fields(stored), {k: nul_free(v) for k, v in _new_fields(article).items()}
        changed = tuple(name for name in COMPARED_FIELDS if old[name] != new[name])
        change = summarise_change(stored.title, stored.body, new["title"], new["body"])
        result = Reextraction(article_id, stored.canonical_url, stored.snapshot_id, None,
                              stored.extractor_version, changed, change.words_added, change.words_removed)
        if not changed:
            return result
        if read.refused:
            return replace(result, refused=read.refused)
        if dry_run:
            return result
        snapshot_id = conn.execute(load_query("reextract_insert_snapshot"), {
            **new, "content_hash": content_hash(article), "paragraph_count": len(article.body),
            "word_count": count_words(new["body"]), "extractor_version": EXTRACTOR_VERSION,
            "previous_snapshot_id": stored.snapshot_id, "words_added": change.words_added,
            "words_removed": change.words_removed, "title_changed": change.title_changed,
            "diff": nul_free(change.diff),
        }).fetchone()[0]
        conn.execute(load_query("reextract_make_current"), {
            "article_id": article_id, "snapshot_id": snapshot_id, "previous_snapshot_id": stored.snapshot_id})
        if dedupe is not None:
            relink = ArticleDedupe(read.signature, dedupe, stored.url)
            run_to_completion(relink.relink(SyncAsAsync(conn), article_id, stored.fetched_at))
        return replace(result, new_snapshot_id=snapshot_id)


def reextract_archive(conn: psycopg.Connection, *, source: str | None = None, since: datetime | None = None,
                      limit: int | None = None, dry_run: bool = False,
                      min_pages: int = DEFAULT_MIN_PAGES,
                      min_words: int = DEFAULT_MIN_WORDS,
                      dedupe: DedupeConfig | None = DEDUPE) -> Iterator[Reextraction]:
    """Re-extract the current version of every matching article, yielding what each did.

    Oldest article first, so the article that started a story is read again
    before the copies that joined it.
    """
    cache: dict[str, frozenset[int]] = {}
    for article_id in candidate_ids(conn, source=source, since=since, limit=limit):
        result = reextract_article(conn, article_id, dry_run=dry_run, min_pages=min_pages,
                                   boilerplate_cache=cache, min_words=min_words, dedupe=dedupe)
        if result is not None:
            yield result


# The dedupe steps are written for the crawl's async connection; this
# command is sync. Every await in them is a statement on the connection
# given, so on a sync connection wrapped as below none of them suspends,
# and the coroutine runs to its end in one step: the very same code decides.

T = TypeVar("T")


class _SyncCursor:
    def __init__(self, cursor: psycopg.Cursor):
        self._cursor = cursor

    async def execute(self, query, params=None, **kwargs) -> _SyncCursor:
        self._cursor.execute(query, params, **kwargs)
        return self

    async def fetchone(self):
        return self._cursor.fetchone()

    async def fetchall(self):
        return self._cursor.fetchall()

    async def __aenter__(self) -> _SyncCursor:
        return self

    async def __aexit__(self, *exc_info) -> None:
        self._cursor.close()


class SyncAsAsync:
    """A sync psycopg connection with the async API the dedupe steps use."""

    def __init__(self, conn: psycopg.Connection):
        self._conn = conn

    async def execute(self, query, params=None, **kwargs) -> _SyncCursor:
        return _SyncCursor(self._conn.execute(query, params, **kwargs))

    def cursor(self, **kwargs) -> _SyncCursor:
        return _SyncCursor(self._conn.cursor(**kwargs))


def run_to_completion(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never waits (it only awaits ``SyncAsAsync``) and return its result."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError("a coroutine run on a sync connection waited for something else")
