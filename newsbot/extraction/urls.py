"""The canonical URL: what the page says it is, if that is on the same site."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import extract_domain

from newsbot.extraction._html import join_url
from newsbot.extraction.metadata import PageMeta
from newsbot.extraction.structured_data import JsonLd, first_url

CANONICAL_META_KEYS = ("og:url", "twitter:url")
# Campaign tracking parameters (Google Analytics' utm_*): the same article
# shared in two campaigns must keep one identity.
TRACKING_PARAMETER_PREFIX = "utm_"


def without_tracking(url: str) -> str:
    """``url`` without ``utm_*`` query parameters; the rest of the query kept in order."""
    parts = urlsplit(url)
    if TRACKING_PARAMETER_PREFIX not in parts.query.lower():
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING_PARAMETER_PREFIX)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def registrable_domain(url: str) -> str | None:
    """"www.bbc.co.uk" and "news.bbc.co.uk" -> "bbc.co.uk"; ``None`` for IPs and localhost."""
    try:
        return extract_domain(url)
    except (ValueError, AttributeError):
        return None


def same_site(url: str, other: str) -> bool:
    """True when both URLs belong to one registrable domain (or, for IPs/localhost, one host:port)."""
    try:
        first, second = urlsplit(url), urlsplit(other)
    except ValueError:
        return False
    if first.scheme not in ("http", "https") or second.scheme not in ("http", "https"):
        return False
    domain, other_domain = registrable_domain(url), registrable_domain(other)
    if domain and other_domain:
        return domain == other_domain
    return (first.hostname, first.port) == (second.hostname, second.port)


def extract_canonical_url(page: PageMeta, jsonld: JsonLd, url: str) -> str:
    """rel=canonical, then og:url, then JSON-LD ``url``, resolved against the page.

    A canonical on another site (syndicated copies point at the original
    publisher, some CMSs leak a staging host) is not this page's identity for
    deduplication, so it is ignored and the fetched URL kept.
    """
    base = page.base_url or url
    jsonld_url = first_url(jsonld.article_value("url", "mainEntityOfPage"))
    candidates = (page.canonical_href, *(page.first(k) for k in CANONICAL_META_KEYS), jsonld_url)
    for candidate in candidates:
        if not candidate:
            continue
        if _names_another_site(candidate, candidates, url):
            continue
        resolved = join_url(base, candidate)
        if resolved is None:
            continue
        resolved = without_tracking(resolved.split("#", 1)[0])
        if same_site(resolved, url):
            return resolved
    return url


def _names_another_site(candidate: str, candidates, url: str) -> bool:
    """A relative canonical whose path an absolute one gives on another site.

    A page saved from its site and served elsewhere (a mirror, an archive
    copy) keeps ``<link rel=canonical href="/news/x.html">`` beside
    ``og:url = https://original.example/news/x.html``: the path is the
    original site's, and resolved here it names a page that does not exist.
    """
    if urlsplit(candidate.strip()).netloc:
        return False
    path = urlsplit(candidate.strip()).path
    for other in candidates:
        parts = urlsplit((other or "").strip())
        if parts.netloc and parts.path == path and not same_site(other.strip(), url):
            return True
    return False
