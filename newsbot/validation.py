"""Whether a fetched page holds an article: the evidence, as one pure function.

Used by the validate pipeline (``pipelines/validate.py``, which documents the
reasons and counts them) and by ``newsbot reextract``, so a re-extraction is
judged as a crawl judges a page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsbot.extraction import decode_html
from newsbot.extraction._html import parse_html
from newsbot.extraction.signals import PageShape, read_page_shape
from newsbot.items import ArticleItem
from newsbot.link_rules import has_non_article_segment
from newsbot.tokens import count_words

# Signals that only an article page carries: structured data saying so.
_STRUCTURED = ("jsonld:", "og:type=", "microdata:")
# Ways of being found that count as "the source says this is an article".
LISTED_VIA = frozenset({"feed", "sitemap", "recrawl"})
# Below this many times the minimum words, a login form or an error title
# says what the page is (news pages carry login boxes in their menus).
SHORT_PAGE_FACTOR = 2
# A body made this much of the page's own headline links is a listing.
LISTING_HEADLINE_SHARE = 0.5


def rejection_reason(item: ArticleItem, min_words: int, trust_listings: bool = True,
                     url_patterns: tuple[str, ...] = ()) -> str | None:
    page, article = item.page, item.article
    if page.not_modified:
        return None  # a 304 to a recrawl: the stored article stands
    if page.gone:
        return f"http_{page.status}"
    if item.skip_reason:
        return item.skip_reason
    if not (article.title or "").strip():
        return "no_title"
    structured = any(s.startswith(_STRUCTURED) for s in article.article_signals)
    shape = PageShape() if structured else _page_shape(page.body, page.header("Content-Type"))
    words = count_words(article.text)
    short = words < SHORT_PAGE_FACTOR * min_words
    # A login form or a "not found" title on a page with a story's worth of
    # text is a login box or an unlucky headline, not the page itself.
    if short and shape.login_form:
        return "login_page"
    if short and shape.error_title:
        return "error_page"
    if shape.headline_share(article.body) >= LISTING_HEADLINE_SHARE:
        return "listing_page"
    if not (article.article_signals or (trust_listings and listed_as_article(item, url_patterns))):
        return "no_article_signal"
    if words < min_words:
        return "too_short"
    return None


def listed_as_article(item: ArticleItem, url_patterns: tuple[str, ...]) -> bool:
    """Whether the way the page was found says it is an article."""
    page = item.page
    if has_non_article_segment(page.url):
        return False  # /tag/, /about, /login: a sitemap lists those too
    if page.discovered_via in LISTED_VIA:
        return True
    path = urlsplit(page.url).path
    return page.discovered_via == "section" and any(re.search(p, path) for p in url_patterns)


def _page_shape(body: bytes, content_type: str | None) -> PageShape:
    tree = parse_html(decode_html(body, content_type))
    return PageShape() if tree is None else read_page_shape(tree)
