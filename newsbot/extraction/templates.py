"""Site-template learning: a text block that recurs across a site's pages is its template.

newsbot reads many pages of each site. A paragraph that appears word for
word on several different articles of one site is not any article's text:
it is the related-posts box, the newsletter offer, the cookie line, the
author's bio. Generic extraction cannot know that from one page; the crawl
can, by counting.

This module is the pure core: fingerprints of blocks, a ``TemplateMemory``
that counts on how many distinct pages of a site each block was seen, the
rule that decides what is template, and the function that strips it. The
crawl keeps the counts in PostgreSQL (``newsbot.archive.templates``), so
what one run learns, the next starts from.

    memory = TemplateMemory(min_pages=3)
    memory.observe(site_key(url), page_key(canonical_url), article.body)
    body = strip_template_blocks(article.body, memory.boilerplate(site_key(url)))
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# A block seen on this many different pages of one site is template.
DEFAULT_MIN_PAGES = 3
# Per block, the page keys kept to tell a new page from a re-fetch; past
# this many the block is long since template, and counts stop mattering.
MAX_PAGE_KEYS = 16
# Blocks whose comparable text is shorter are not fingerprinted: "—", "1",
# "***" recur as separators and table cells of real articles.
MIN_BLOCK_KEY_CHARS = 8
# Never strip more than this share of a body's text: then the page is a
# copy of another (a syndicated or republished story), not a template.
MAX_STRIPPED_SHARE = 0.5
SAMPLE_CHARS = 200
NOT_WORD_RE = re.compile(r"[\W_]+")


def _signed_64(digest: bytes) -> int:
    # PostgreSQL bigint is signed; a 64-bit hash fits either way.
    return int.from_bytes(digest[:8], "big", signed=True)


def block_key(text: str) -> str:
    """Case, punctuation, spacing and Unicode form ignored: the same block however it is marked up."""
    return NOT_WORD_RE.sub("", unicodedata.normalize("NFC", text).casefold())


def block_fingerprint(text: str) -> int | None:
    """A 64-bit fingerprint of a block's comparable text; ``None`` for blocks too short to judge."""
    key = block_key(text)
    if len(key) < MIN_BLOCK_KEY_CHARS:
        return None
    return _signed_64(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest())


def page_key(url: str) -> int:
    """A 64-bit key for one page (its canonical URL), so a re-fetch is not a second page."""
    return _signed_64(hashlib.blake2b(url.encode("utf-8", "replace"), digest_size=8).digest())


def site_key(url: str) -> str:
    """The site a template belongs to: the host without "www.", with its port if not the default."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
        port = parts.port
    except ValueError:
        return ""
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return f"{host}:{port}" if port and port != default else host


def page_fingerprints(paragraphs: Iterable[str]) -> dict[int, str]:
    """Fingerprint -> the block's text (a sample for people), one entry per distinct block."""
    found: dict[int, str] = {}
    for text in paragraphs:
        fingerprint = block_fingerprint(text)
        if fingerprint is not None:
            found.setdefault(fingerprint, text[:SAMPLE_CHARS])
    return found


def is_template(page_count: int, min_pages: int = DEFAULT_MIN_PAGES) -> bool:
    """The rule: seen on at least ``min_pages`` different pages of the site."""
    return page_count >= min_pages


def strip_template_blocks(paragraphs: Sequence[str], boilerplate: frozenset[int]) -> tuple[str, ...]:
    """``paragraphs`` without the site's template blocks (all of them, or none if that is most of the text)."""
    if not boilerplate:
        return tuple(paragraphs)
    kept = [text for text in paragraphs if block_fingerprint(text) not in boilerplate]
    total = sum(len(text) for text in paragraphs)
    removed = total - sum(len(text) for text in kept)
    if removed > MAX_STRIPPED_SHARE * total:
        return tuple(paragraphs)
    return tuple(kept)


@dataclass(frozen=True, slots=True)
class BlockSighting:
    """One block seen on one page: what the archive records."""

    site: str
    fingerprint: int
    page_key: int
    sample: str


@dataclass
class TemplateMemory:
    """Per site, on which pages each block was seen; pure and in memory.

    ``load`` seeds it with what the archive knows; ``observe`` adds a page
    and returns the sightings that are new (to be written back).
    """

    min_pages: int = DEFAULT_MIN_PAGES
    _pages: dict[tuple[str, int], set[int]] = field(default_factory=dict)
    # Counts beyond the page keys kept (the archive's page_count).
    _extra: dict[tuple[str, int], int] = field(default_factory=dict)
    _template: dict[str, set[int]] = field(default_factory=dict)

    def load(self, site: str, fingerprint: int, page_keys: Iterable[int], page_count: int) -> None:
        keys = set(page_keys)
        slot = (site, fingerprint)
        self._pages[slot] = keys | self._pages.get(slot, set())
        self._extra[slot] = max(0, page_count - len(keys))
        self._update(site, fingerprint)

    def observe(self, site: str, page: int, paragraphs: Iterable[str]) -> list[BlockSighting]:
        new: list[BlockSighting] = []
        for fingerprint, sample in page_fingerprints(paragraphs).items():
            slot = (site, fingerprint)
            pages = self._pages.setdefault(slot, set())
            if page in pages:
                continue
            if len(pages) < MAX_PAGE_KEYS:
                pages.add(page)
            else:
                self._extra[slot] = self._extra.get(slot, 0) + 1
            new.append(BlockSighting(site, fingerprint, page, sample))
            self._update(site, fingerprint)
        return new

    def forget_singletons(self, keep: Iterable[tuple[str, int]] = ()) -> int:
        """Drop blocks seen on one page only (most of them: article text), except ``keep``.

        Once written to the archive they are safe there; the archive's answer
        to the next sighting brings a block back with its count.
        """
        kept = set(keep)
        rare = [slot for slot, pages in self._pages.items()
                if len(pages) + self._extra.get(slot, 0) <= 1 and slot not in kept]
        for slot in rare:
            del self._pages[slot]
            self._extra.pop(slot, None)
        return len(rare)

    def page_count(self, site: str, fingerprint: int) -> int:
        slot = (site, fingerprint)
        return len(self._pages.get(slot, ())) + self._extra.get(slot, 0)

    def boilerplate(self, site: str) -> frozenset[int]:
        """The fingerprints that are ``site``'s template now."""
        return frozenset(self._template.get(site, ()))

    def _update(self, site: str, fingerprint: int) -> None:
        if is_template(self.page_count(site, fingerprint), self.min_pages):
            self._template.setdefault(site, set()).add(fingerprint)
