"""Shared value types of the fixture sites: what a crawl must store, and what a site is made of."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._server import RouteTable


@dataclass(frozen=True)
class ExpectedArticle:
    """One article a crawl of the fixture sites must store, with its clean fields."""

    site: str
    url: str
    title: str
    authors: tuple[str, ...]
    published_at: datetime
    section: str | None
    language: str
    body: tuple[str, ...]


@dataclass(frozen=True)
class Story:
    """An article's content before a site template dresses it up.

    ``restricted`` stories live under the site's robots.txt-disallowed path;
    ``number`` is the numeric id that sites with ids in their URLs use.
    """

    slug: str
    title: str
    authors: tuple[str, ...]
    published_at: datetime
    tags: tuple[str, ...]
    body: tuple[str, ...]
    restricted: bool = False
    number: int = 0

    @property
    def summary(self) -> str:
        """The opening paragraph cut to about 25 words, as listings and feeds show it."""
        words = self.body[0].split()
        return " ".join(words[:25]) + (" …" if len(words) > 25 else "")


@dataclass(frozen=True)
class SourceEntry:
    """One ``[[source]]`` table of the sources file."""

    name: str
    site_name: str
    home: str
    language: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()


@dataclass
class BuiltSite:
    """Everything one running site serves and promises."""

    name: str
    routes: RouteTable
    source: SourceEntry
    articles: list[ExpectedArticle] = field(default_factory=list)
    disallowed_urls: list[str] = field(default_factory=list)
    non_article_urls: list[str] = field(default_factory=list)
    bad_input_urls: dict[str, str] = field(default_factory=dict)


def slugify(text: str) -> str:
    """WordPress-style slug: ASCII lower case words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def human_date(moment: datetime) -> str:
    """``March 14, 2026``: how themes print a date next to the byline."""
    return f"{moment:%B} {moment.day}, {moment.year}"


def join_names(names: tuple[str, ...]) -> str:
    """``A``, ``A and B``, ``A, B and C``: how bylines list authors."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
