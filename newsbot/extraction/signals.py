"""Evidence that a page is one article, not a listing, tag, about or login page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from newsbot.extraction.dates import PageDate
from newsbot.extraction.metadata import PageMeta
from newsbot.extraction.structured_data import ARTICLE_TYPES, JsonLd, node_types

ARTICLE_OG_TYPES = frozenset({"article", "news", "news.article", "blog", "blogpost"})
OUTERMOST_ARTICLES = etree.XPath("//article[not(ancestor::article)]")
PARAGRAPHS = etree.XPath(".//p")
MICRODATA_ITEMTYPES = etree.XPath("//*[@itemscope][@itemtype]/@itemtype")
# One <article> holding several real paragraphs is a single story; a listing
# has many <article> teasers of one excerpt each.
MIN_ARTICLE_PARAGRAPHS = 3
MIN_PARAGRAPH_CHARS = 80
# htmldate guesses a date from URL patterns and loose markup; a listing page
# can get one that way, so only dates the page declares count as evidence.
DECLARED_DATE_SOURCES = frozenset({"jsonld", "meta", "markup"})


def _substantial_paragraphs(article: HtmlElement) -> int:
    return sum(1 for p in PARAGRAPHS(article) if len(p.text_content().strip()) >= MIN_PARAGRAPH_CHARS)


def _single_article_element(tree: HtmlElement) -> bool:
    full = [a for a in OUTERMOST_ARTICLES(tree)[:50] if _substantial_paragraphs(a) >= MIN_ARTICLE_PARAGRAPHS]
    return len(full) == 1


def _microdata_article_types(tree: HtmlElement) -> list[str]:
    names = [str(t).strip().rstrip("/").rsplit("/", 1)[-1] for t in MICRODATA_ITEMTYPES(tree)]
    articles = [name for name in names if name in ARTICLE_TYPES]
    # Exactly one: several article items are the teasers of a listing.
    return articles if len(articles) == 1 else []


def extract_article_signals(
    tree: HtmlElement, page: PageMeta, jsonld: JsonLd, published: PageDate | None, *, scan_dom: bool = True
) -> tuple[str, ...]:
    """E.g. ("jsonld:NewsArticle", "og:type=article", "published_at", "article_tag").

    ``scan_dom=False`` (pathologically large pages) skips the markup checks.
    """
    signals: list[str] = []
    if jsonld.article is not None:
        signals.extend(f"jsonld:{name}" for name in sorted(node_types(jsonld.article) & ARTICLE_TYPES))
    og_type = (page.first("og:type") or "").strip().lower()
    if og_type in ARTICLE_OG_TYPES:
        signals.append(f"og:type={og_type}")
    if scan_dom:
        signals.extend(f"microdata:{name}" for name in _microdata_article_types(tree))
    if published is not None and published.source in DECLARED_DATE_SOURCES:
        signals.append("published_at")
    if scan_dom and _single_article_element(tree):
        signals.append("article_tag")
    return tuple(signals)


# -- page shape (used by the validate pipeline) -----------------------------

# What a page that is not an article looks like, whatever listed it.
PASSWORD_INPUTS = etree.XPath("//input[translate(@type, 'PASWORD', 'pasword') = 'password']")
TITLE_AND_HEADINGS = etree.XPath("//title//text() | //h1//text()")
LINKS = etree.XPath("//a[@href]")
_ERROR_TITLE = re.compile(
    r"\b(404|410|page not found|not found|page (does not|doesn't) exist|no longer available|"
    r"nicht gefunden|page introuvable|página no encontrada|pagina non trovata|error 404)\b", re.I)
# A listing: many links with headline-like text, against little prose of its own.
_HEADLINE_MIN_CHARS = 25
MIN_LISTING_HEADLINES = 8


@dataclass(frozen=True)
class PageShape:
    """What the HTML says about the kind of page, beside the article signals."""

    login_form: bool = False
    error_title: bool = False
    # Texts of links that read like headlines (one per target).
    headlines: frozenset[str] = frozenset()

    def headline_share(self, body: tuple[str, ...]) -> float:
        """The share of the body's characters in paragraphs that are one of the page's headlines.

        High on a listing, whose "body" is its teasers; low on an article,
        however big its menus, since they stay out of the body.
        """
        total = sum(len(p) for p in body)
        if not total or len(self.headlines) < MIN_LISTING_HEADLINES:
            return 0.0
        covered = sum(len(p) for p in body
                      if any(h in p for h in self.headlines if len(h) <= len(p)))
        return covered / total


def read_page_shape(tree: HtmlElement) -> PageShape:
    headings = " ".join(t.strip() for t in TITLE_AND_HEADINGS(tree)[:20] if t.strip())
    headlines: dict[str, str] = {}
    for link in LINKS(tree)[:2000]:
        text = " ".join(link.text_content().split())
        if len(text) >= _HEADLINE_MIN_CHARS:
            headlines.setdefault(link.get("href"), text)
    return PageShape(login_form=bool(PASSWORD_INPUTS(tree)),
                     error_title=bool(_ERROR_TITLE.search(headings)),
                     headlines=frozenset(headlines.values()))
