"""``extract_article``: one HTML page in, one ``Article`` out. Pure: no I/O, no clock."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TypeVar

from lxml import etree

from newsbot.extraction._html import close_swallowing_title, parse_html, title_swallows_page
from newsbot.extraction.article import Article
from newsbot.extraction.authors import extract_authors
from newsbot.extraction.body import extract_body
from newsbot.extraction.dates import extract_modified_at, extract_published_at
from newsbot.extraction.decoding import decode_html
from newsbot.extraction.language import extract_language, header_value
from newsbot.extraction.metadata import (
    PageMeta,
    extract_image_url,
    extract_section,
    extract_site_name,
    extract_summary,
    extract_tags,
    extract_title,
    read_page_meta,
    without_kicker_headline,
)
from newsbot.extraction.rules import SiteRules
from newsbot.extraction.signals import extract_article_signals
from newsbot.extraction.structured_data import JsonLd, read_jsonld
from newsbot.extraction.urls import extract_canonical_url

logger = logging.getLogger(__name__)
# News pages have 500-5,000 elements (the benchmark's largest: 1,600); a
# page with 30,000 takes trafilatura about a second.
MAX_SCANNED_ELEMENTS = 30_000
COUNT_ELEMENTS = etree.XPath("count(//*)")
T = TypeVar("T")


class _FieldReader:
    """Runs one field's reader at a time; a reader that raises leaves the default and is recorded.

    One field's bug on a hostile page must not cost the others (or the
    body), but it must not pass unseen either: the names end up in
    ``Article.field_failures``, which the extract pipeline counts.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.failures: list[str] = []

    def __call__(self, name: str, default: T, compute: Callable[[], T]) -> T:
        try:
            return compute()
        except Exception:
            logger.warning("extracting %s failed for %s", name, self.url, exc_info=True)
            self.failures.append(name)
            return default


def extract_article(
    html: str | bytes, url: str, headers: Mapping[str, str] | None = None, *, rules: SiteRules | None = None
) -> Article:
    """Read one article page: metadata from JSON-LD, OpenGraph and <meta>, body via trafilatura
    checked against readability.

    ``headers`` (optional, any case) supplies Content-Language and Date;
    ``rules`` (optional) are the site's keep/drop selectors for the body and
    the zone of its dates that state no offset. A
    page that cannot be parsed gives an ``Article`` with only its URL; this
    never raises.
    """
    if isinstance(html, (bytes, bytearray)):
        html = decode_html(bytes(html), header_value(headers, "Content-Type"))
    html = html if isinstance(html, str) else ""
    tree = parse_html(html)
    if tree is None:
        return Article(url=url, canonical_url=url)
    repairs: list[str] = []
    if title_swallows_page(tree):
        repaired_html = close_swallowing_title(html)
        repaired = parse_html(repaired_html) if repaired_html is not None else None
        if repaired is not None:
            tree = repaired
            repairs.append("unclosed_title")
    # Heuristic DOM scans (trafilatura above all) grow faster than the page;
    # past this size only structured data and a cheap body are read.
    scan = COUNT_ELEMENTS(tree) <= MAX_SCANNED_ELEMENTS
    read_field = _FieldReader(url)
    page = read_field("meta", PageMeta(), lambda: read_page_meta(tree, url))
    jsonld = read_field("jsonld", JsonLd(), lambda: read_jsonld(tree))
    site_zone = rules.timezone if rules is not None else None
    published = read_field(
        "published_at", None,
        lambda: extract_published_at(tree, page, jsonld, url, headers, scan_dom=scan, site_zone=site_zone)
    )
    modified = read_field(
        "modified_at", None, lambda: extract_modified_at(tree, page, jsonld, scan_dom=scan, site_zone=site_zone)
    )
    signals = read_field(
        "article_signals", (), lambda: extract_article_signals(tree, page, jsonld, published, scan_dom=scan)
    )
    authors = read_field("authors", (), lambda: extract_authors(tree, page, jsonld, scan_dom=scan))
    # Last: body extraction prunes boilerplate from the tree in place.
    body = read_field("body", (), lambda: extract_body(tree, url, jsonld, scan_dom=scan, rules=rules))
    title = read_field("title", None, lambda: extract_title(page, jsonld))
    body = read_field("body", body, lambda: without_kicker_headline(body, title, jsonld))
    return Article(
        url=url,
        canonical_url=read_field("canonical_url", url, lambda: extract_canonical_url(page, jsonld, url)),
        title=title,
        authors=authors,
        published_at=published.value if published else None,
        modified_at=modified.value if modified else None,
        section=read_field("section", None, lambda: extract_section(page, jsonld)),
        tags=read_field("tags", (), lambda: extract_tags(page, jsonld)),
        language=read_field("language", None, lambda: extract_language(page, jsonld, headers)),
        site_name=read_field("site_name", None, lambda: extract_site_name(page, jsonld)),
        body=body,
        summary=read_field("summary", None, lambda: extract_summary(page, jsonld)),
        image_url=read_field("image_url", None, lambda: extract_image_url(page, jsonld, url)),
        article_signals=signals,
        field_failures=tuple(read_field.failures),
        repairs=tuple(repairs),
    )
