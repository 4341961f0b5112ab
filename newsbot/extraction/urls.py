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
    for candidate in (page.canonical_href, *(page.first(k) for k in CANONICAL_META_KEYS), jsonld_url):
        if not candidate:
            continue
        resolved = join_url(base, candidate)
        if resolved is None:
            continue
        resolved = without_tracking(resolved.split("#", 1)[0])
        if same_site(resolved, url):
            return resolved
    return url
