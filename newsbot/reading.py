"""From a fetched page to a validated, cleaned, signed article: the steps every reader shares.

The crawl runs these steps as its pipeline stages (``pipelines/``: extract,
validate, templates, clean, dedupe), each counting what it did;
``newsbot reextract`` runs them in one call, ``read_article``, on a stored
capture. Both therefore store the same article and the same dedupe
signature for the same page, source rules and site template. Pure: no
Scrapy, no database.

    read = read_article(page, min_words=40)
    read.refused or (read.article.text, read.signature.body_hash)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from newsbot.cleaning import clean_article
from newsbot.dedupe.signatures import Fingerprint, fingerprint
from newsbot.dedupe.urls import canonicalize_url
from newsbot.extract_pool import extract_from_response, first_headers
from newsbot.extraction import SiteRules
from newsbot.extraction.article import Article
from newsbot.extraction.sniff import page_problem
from newsbot.items import ArticleItem, FetchedPage
from newsbot.settings import NEWSBOT_EXTRACT_MAX_BYTES
from newsbot.validation import rejection_reason


def with_listed_title(article: Article, page: FetchedPage) -> Article:
    """A page that carries no title takes the one its listing gave (feed entry, news sitemap)."""
    listed = (page.listed_title or "").strip()
    if listed and not (article.title or "").strip():
        return replace(article, title=listed)
    return article


def clean(article: Article, *, boilerplate: frozenset[int] = frozenset(),
          source_language: str | None = None) -> Article:
    """The clean stage: ``clean_article``, and the source's language for a page that declares none.

    ``boilerplate``: the site's learned template blocks, stripped first (the
    templates stage does that separately in the crawl; the result is the same).
    """
    cleaned = clean_article(article, boilerplate=boilerplate)
    if not cleaned.language and source_language:
        # Extraction reports only what the page declares; many pages declare
        # no language, and their outlet's configured one is right.
        cleaned = replace(cleaned, language=source_language)
    return cleaned


def sign(article: Article, fetched_url: str) -> tuple[Article, Fingerprint]:
    """The dedupe stage: the canonical URL in canonical form, and the body's signature."""
    canonical = canonicalize_url(article.canonical_url or fetched_url)
    if canonical != article.canonical_url:
        article = replace(article, canonical_url=canonical)
    return article, fingerprint(article.text)


@dataclass(frozen=True, slots=True)
class ReadArticle:
    """What reading one page gave: the article, or why it is none, and its signature."""

    article: Article
    # The validate stage's reason (``newsbot.validation``), or ``empty_body``
    # when cleaning left no title or body; None for an article.
    refused: str | None
    signature: Fingerprint | None


def read_article(page: FetchedPage, *, min_words: int, rules: SiteRules | None = None,
                 boilerplate: frozenset[int] = frozenset(), source_language: str | None = None,
                 trust_listings: bool = True, url_patterns: tuple[str, ...] = (),
                 max_bytes: int = NEWSBOT_EXTRACT_MAX_BYTES) -> ReadArticle:
    """Extract, validate, strip the site template, clean and sign ``page``, in the crawl's order."""
    content_type = page.header("Content-Type")
    problem = page_problem(page.body, content_type, max_bytes)
    if problem:
        return ReadArticle(Article(url=page.url, canonical_url=page.url), problem, None)
    article = extract_from_response(page.body, content_type, page.url, first_headers(page.headers), rules)
    article = with_listed_title(article, page)
    refused = rejection_reason(ArticleItem(page, article), min_words, trust_listings, url_patterns)
    if refused:
        return ReadArticle(article, refused, None)
    article = clean(article, boilerplate=boilerplate, source_language=source_language)
    if not article.body or not article.title:
        return ReadArticle(article, "empty_body", None)
    article, signature = sign(article, page.url)
    return ReadArticle(article, None, signature)
