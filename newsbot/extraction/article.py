"""The article record that extraction produces and the pipelines refine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from one HTML page.

    A field the page does not carry is ``None`` (or an empty tuple), never a
    guess. Datetimes are timezone-aware.
    """

    url: str
    canonical_url: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    modified_at: datetime | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    site_name: str | None = None
    body: tuple[str, ...] = ()
    summary: str | None = None
    image_url: str | None = None
    # Why extraction believes this is an article and not a listing or a
    # static page, e.g. ("jsonld:NewsArticle", "og:type=article"); the
    # validate pipeline drops pages without any.
    article_signals: tuple[str, ...] = field(default=())
    # Names of the fields whose reader raised on this page (each left at its
    # default); the extract pipeline counts them per field.
    field_failures: tuple[str, ...] = ()
    # What was wrong with the page's markup and repaired before reading it,
    # e.g. ("unclosed_title",); counted by the extract pipeline.
    repairs: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The body as plain text, paragraphs separated by a blank line."""
        return "\n\n".join(self.body)
