"""``clean_article``: the cleaning pipeline's whole job on one ``Article``."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from newsbot.cleaning.body import clean_body
from newsbot.cleaning.text import normalize_text
from newsbot.cleaning.title import clean_title
from newsbot.extraction.article import Article


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _optional(text: str | None) -> str | None:
    return normalize_text(text) or None


def clean_article(article: Article, *, boilerplate: frozenset[int] = frozenset()) -> Article:
    """Title without site/section decoration, cleaned body, normalised text fields.

    ``boilerplate``: the site's learned template blocks (``newsbot.extraction.templates``).
    """
    title = clean_title(
        article.title,
        site_name=article.site_name,
        section=article.section,
        host=_host(article.canonical_url) or _host(article.url),
    ) or None
    authors = tuple(dict.fromkeys(a for name in article.authors if (a := normalize_text(name))))
    return replace(
        article,
        title=title,
        body=clean_body(article.body, title=title, authors=authors, boilerplate=boilerplate),
        authors=authors,
        section=_optional(article.section),
        tags=tuple(dict.fromkeys(t for tag in article.tags if (t := normalize_text(tag)))),
        site_name=_optional(article.site_name),
        summary=_optional(article.summary),
    )
