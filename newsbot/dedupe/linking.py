"""Deciding what an article duplicates, and recording it, inside the store transaction.

For each article the archive writer stores, an ``ArticleDedupe`` runs in
the same transaction, in two steps:

1. ``resolve`` (before the article row is written): lock the signature's
   keys, look up candidates, and if the same normalised body is already
   stored under another URL of the same site, point the article at that
   article's canonical URL. The writer then records this fetch on the
   existing article (no new article row; a new version only if the content
   differs), and the fetched URL becomes an alias.
2. ``link`` (after): record the URLs, store the signature if the body
   changed, and give an article without a story one: the story of its
   closest earlier copy at or above the threshold (each outlet keeps its own
   article), or a new story.

Stories are never merged or split afterwards, so a story_id an analyst
wrote down keeps meaning the same thing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from psycopg import AsyncConnection

from newsbot.dedupe import archive
from newsbot.dedupe.archive import Candidate
from newsbot.dedupe.signatures import SCHEME, Fingerprint, candidate_probability, similarity
from newsbot.dedupe.urls import outlet_key, url_key
from newsbot.extraction.article import Article

DEFAULT_THRESHOLD = 0.3
DEFAULT_MAX_CANDIDATES = 100
# Below this the LSH bands miss more than one copy in eight (candidate_probability).
LOWEST_USEFUL_THRESHOLD = 0.25


@dataclass(frozen=True)
class DedupeConfig:
    """Dedupe options, checked once when the crawl starts.

    ``threshold``: estimated Jaccard similarity of 3-word shingles at or above
    which an article joins the story of an earlier one. ``max_candidates``:
    most band-sharing articles compared per lookup.
    """

    threshold: float = DEFAULT_THRESHOLD
    max_candidates: int = DEFAULT_MAX_CANDIDATES

    @classmethod
    def from_settings(cls, settings) -> DedupeConfig:
        return cls(threshold=settings.getfloat("NEWSBOT_DEDUPE_THRESHOLD"),
                   max_candidates=settings.getint("NEWSBOT_DEDUPE_MAX_CANDIDATES"))

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"NEWSBOT_DEDUPE_THRESHOLD must be in (0, 1], got {self.threshold}")
        if self.threshold < LOWEST_USEFUL_THRESHOLD:
            raise ValueError(
                f"NEWSBOT_DEDUPE_THRESHOLD {self.threshold} is below {LOWEST_USEFUL_THRESHOLD}: "
                f"the LSH bands would find only {candidate_probability(self.threshold):.0%} "
                "of the copies at that similarity")
        if self.max_candidates < 1:
            raise ValueError(f"NEWSBOT_DEDUPE_MAX_CANDIDATES must be >= 1, got {self.max_candidates}")


@dataclass(frozen=True)
class Match:
    article_id: int
    story_id: int
    similarity: float


def exact_alias_target(candidates: Sequence[Candidate], fingerprint: Fingerprint,
                       canonical_url: str) -> Candidate | None:
    """The stored article of the same site with this exact body under another URL, if any.

    Not when the article's own URL is already stored with this body: a known
    article keeps its identity.
    """
    own_key, own_site = url_key(canonical_url), outlet_key(canonical_url)
    same_body = [c for c in candidates if c.body_hash == fingerprint.body_hash]
    if any(url_key(c.canonical_url) == own_key for c in same_body):
        return None
    same_site = [c for c in same_body if outlet_key(c.canonical_url) == own_site]
    return min(same_site, key=lambda c: c.article_id, default=None)


def closest_match(candidates: Sequence[Candidate], fingerprint: Fingerprint, threshold: float,
                  article_id: int) -> Match | None:
    """The most similar other article with a story, if it reaches ``threshold``; ties go to the oldest."""
    best: Match | None = None
    for candidate in candidates:
        if candidate.article_id == article_id or candidate.story_id is None:
            continue
        score = similarity(fingerprint.minhash, candidate.minhash)
        if score < threshold:
            continue
        if best is None or (score, -candidate.article_id) > (best.similarity, -best.article_id):
            best = Match(candidate.article_id, candidate.story_id, score)
    return best


class ArticleDedupe:
    """The dedupe work for one article, run by ``ArchiveWriter.store`` in its transaction.

    Made by the store when it writes the article (never carried on the item):
    the item's signature, the crawl's ``DedupeConfig``. ``on_event`` receives
    ``exact_duplicate``, ``url_alias``, ``signed``, ``near_duplicate`` and
    ``new_story`` (the store counts them as stats, for spooled items too).
    """

    def __init__(self, fingerprint: Fingerprint, config: DedupeConfig, fetched_url: str,
                 on_event: Callable[[str], None] | None = None):
        self.fingerprint = fingerprint
        self.config = config
        self.fetched_url = fetched_url
        self.on_event = on_event or _ignore_event
        self.candidates: list[Candidate] = []

    async def look_up(self, conn: AsyncConnection) -> None:
        """Lock the signature's keys and find its candidates."""
        await archive.lock_fingerprint(conn, self.fingerprint)
        if not self.fingerprint.is_empty:
            self.candidates = await archive.find_candidates(conn, self.fingerprint,
                                                            self.config.max_candidates)

    async def resolve(self, conn: AsyncConnection, article: Article) -> Article:
        """Lock, look up, and re-point an exact same-site copy at the article it copies."""
        await self.look_up(conn)
        target = exact_alias_target(self.candidates, self.fingerprint, article.canonical_url)
        if target is None:
            return article
        self.on_event("exact_duplicate")
        return dataclasses.replace(article, canonical_url=target.canonical_url)

    async def link(self, conn: AsyncConnection, article_id: int, canonical_url: str,
                   seen_at: datetime) -> None:
        """Record URLs, signature and story of the stored article."""
        await archive.record_url(conn, canonical_url, article_id, "canonical", seen_at)
        if url_key(self.fetched_url) != url_key(canonical_url):
            if await archive.record_url(conn, self.fetched_url, article_id, "alias", seen_at):
                self.on_event("url_alias")
        await self._sign_and_group(conn, article_id, seen_at, regroup=False)

    async def relink(self, conn: AsyncConnection, article_id: int, signed_at: datetime) -> None:
        """Re-extraction: the article's body was read again; refresh its signature and story.

        Not a fetch, so no URL is recorded, and the article is never merged
        into another (``resolve`` is not run). Its story is decided again
        from the new text: it joins the story of its closest other article
        at or above the threshold; with none, an article that started its
        story keeps it and one that had joined another's starts its own.
        Other articles stay where they are.
        """
        await self.look_up(conn)
        await self._sign_and_group(conn, article_id, signed_at, regroup=True)

    async def _sign_and_group(self, conn: AsyncConnection, article_id: int, seen_at: datetime, *,
                              regroup: bool) -> None:
        state = await archive.signature_state(conn, article_id)
        if state.scheme != SCHEME or state.minhash != self.fingerprint.minhash:
            await archive.save_signature(conn, article_id, self.fingerprint, seen_at, state)
            self.on_event("signed")
        if state.story_id is not None and not regroup:
            return
        match = None
        if not self.fingerprint.is_empty:
            match = closest_match(self.candidates, self.fingerprint, self.config.threshold,
                                  article_id)
        if state.story_id is not None and state.duplicate_of is None and (
                match is None or match.story_id == state.story_id):
            return  # it started its story and copies no other story's article: it keeps it
        if match is None:
            await archive.start_story(conn, article_id, seen_at)
            self.on_event("new_story")
        else:
            await archive.join_story(conn, article_id, match.story_id, match.article_id,
                                     match.similarity)
            self.on_event("near_duplicate")


def _ignore_event(event: str) -> None:
    """The callback of a dedupe step whose events nobody counts."""
