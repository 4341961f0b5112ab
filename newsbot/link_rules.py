"""Which links on a listing page are articles, and which lead to the next page.

Pure functions over URLs and link text, so they are tested without a crawl.
A source's ``article_url_patterns`` overrides the generic guess below.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

# Path segments of pages that list, explain or gate content; never articles.
_NON_ARTICLE_SEGMENTS = frozenset({
    "about", "about-us", "account", "author", "authors", "category", "categories",
    "contact", "cookie-policy", "feed", "feeds", "login", "logout", "newsletter",
    "newsletters", "page", "privacy", "privacy-policy", "register", "rss", "search",
    "signin", "sign-in", "signup", "subscribe", "tag", "tags", "terms", "topic",
    "topics", "wp-admin", "wp-login.php", "sitemap", "live-tv", "podcasts",
})
_NON_HTML_EXTENSION = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|pdf|xml|rss|json|js|css|zip|gz|mp[34]|m3u8|ics)$", re.I)
_EXTENSION = re.compile(r"\.(s?html?|php|aspx?)$")
_DATE_IN_PATH = re.compile(r"/(19|20)\d{2}/(0?[1-9]|1[0-2])(/|$)|/(19|20)\d{2}-\d{2}-\d{2}")
_NUMERIC_ID = re.compile(r"(^|[-_/])\d{5,}([-_.]|$)")
_SLUG_WORDS = 3

_NEXT_TEXT = re.compile(
    r"^\s*(next( page)?|older( posts| entries)?|more( stories)?|load more|[›»>→]+)\s*[›»>→]*\s*$",
    re.I)
_PAGE_IN_PATH = re.compile(r"/page/?\d+/?$|[/-]page-?\d+(\.html?)?$|/p/?\d+/?$", re.I)
_PAGE_PARAMS = ("page", "p", "pg", "paged")


def looks_like_article_url(url: str, patterns: tuple[str, ...] = ()) -> bool:
    """Guess from the URL alone whether it points at one article."""
    path = urlsplit(url).path
    if patterns:
        return any(re.search(pattern, path) for pattern in patterns)
    if _NON_HTML_EXTENSION.search(path):
        return False
    segments = [s for s in path.lower().split("/") if s]
    if not segments or has_non_article_segment(url):
        return False
    last = re.sub(r"\.(s?html?|php|aspx?)$", "", segments[-1])
    if last in {"index", "default", "home"}:
        return False
    if _DATE_IN_PATH.search(path) or _NUMERIC_ID.search(path):
        return True
    return len(re.split(r"[-_]+", last)) >= _SLUG_WORDS


def has_non_article_segment(url: str) -> bool:
    """Whether a path segment names a page that lists, explains or gates (``/tag/``, ``/about.html``)."""
    segments = [s for s in urlsplit(url).path.lower().split("/") if s]
    return any(s in _NON_ARTICLE_SEGMENTS or _EXTENSION.sub("", s) in _NON_ARTICLE_SEGMENTS
               for s in segments)


def is_pagination_link(url: str, text: str, rel: str, listing_url: str) -> bool:
    """Whether a link on ``listing_url`` leads to its next page."""
    if "next" in rel.lower().split():
        return True
    target, listing = urlsplit(url), urlsplit(listing_url)
    if target.netloc != listing.netloc:
        return False
    if _NEXT_TEXT.match(text or ""):
        return True
    if _PAGE_IN_PATH.search(target.path):
        return True
    query = parse_qs(target.query)
    same_path = target.path.rstrip("/") == listing.path.rstrip("/")
    return same_path and any(
        key in query and query[key][0].isdigit() for key in _PAGE_PARAMS)
