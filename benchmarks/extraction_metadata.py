"""Metadata and unseen-page checks for ``benchmarks/extraction.py``.

Three measurements the body score alone cannot give:

- ``news_metadata``: title, authors, published time and topics on the
  news-articles set, against its truth, for newsbot and trafilatura;

- the fixture sites (``tests/sites``): pages whose fields the crawl tests pin, served on 127.0.0.1 and scored with the same body
  metric, newsbot against trafilatura; plus exact title, published_at (to
  the minute, same UTC offset), authors, section and language;
- the article-extraction pages' metadata where the HTML declares it: the title
  carries no site name, a declared publication time comes out to the minute
  with its offset, declared authors come out as names (no "By", no dates),
  a declared section and language come out.
"""

from __future__ import annotations

import re
import tempfile
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path

from lxml import html as lxml_html

DATE_PROPERTIES = ("article:published_time", "datepublished", "date", "pubdate", "publishdate")
JSONLD_DATE_RE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
# An author the JSON-LD names as a person (organisations and empty objects are not bylines).
PERSON_AUTHOR_RE = re.compile(r'"author"\s*:\s*\[?\s*(?:"[^"]+"|\{[^{}]*"@type"\s*:\s*"Person"[^{}]*"name"\s*:\s*"[^"]+")')
JSONLD_SECTION_RE = re.compile(r'"articleSection"\s*:\s*"?([^",\]]+)')
FIELDS = ("title", "published_at", "authors", "section", "language")
NEWS_FIELDS = ("title", "authors", "published", "topics")
PUBLISHED_TOLERANCE_S = 60
SPACE_RE = re.compile(r"\s+")


def _squashed(text: str | None) -> str:
    return SPACE_RE.sub(" ", text or "").strip()


def _published_right(found: datetime | None, truth: str) -> bool:
    if found is None:
        return False
    expected = datetime.fromisoformat(truth)
    if expected.tzinfo is None:  # the truth gives wall-clock time only: compare that
        found = found.replace(tzinfo=None)
    elif found.tzinfo is None:  # an extractor that gives no offset: read as UTC
        found = found.replace(tzinfo=timezone.utc)
    return abs((found - expected).total_seconds()) <= PUBLISHED_TOLERANCE_S


def _jaccard(found: Iterable[str], truth: Iterable[str]) -> float:
    a = {_squashed(t).casefold() for t in found}
    b = {_squashed(t).casefold() for t in truth}
    return len(a & b) / len(a | b) if a | b else 1.0


def _trafilatura_fields(html: str, url: str):
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url, include_comments=False, with_metadata=True,
        date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "extensive_search": True,
                                "original_date": True})
    if document is None:
        return None, (), None, ()
    authors = tuple(a.strip() for a in (document.author or "").split(";") if a.strip())
    published = None
    if document.date:
        try:
            published = datetime.fromisoformat(document.date)
        except ValueError:
            published = None
    topics = tuple(document.tags or ()) + tuple(document.categories or ())
    return document.title, authors, published, topics


def news_metadata(pages: Iterable) -> dict[str, dict[str, tuple[float, int]]]:
    """Per extractor and field: (score, pages scored) on news-articles pages."""
    from newsbot.cleaning import clean_article
    from newsbot.extraction import extract_article

    def newsbot(html: str, url: str):
        article = clean_article(extract_article(html, url))
        return article.title, article.authors, article.published_at, article.tags

    rows = {}
    for name, read in (("newsbot", newsbot), ("trafilatura", _trafilatura_fields)):
        sums: dict[str, list[float]] = {field: [] for field in NEWS_FIELDS}
        for page in pages:
            truth = page.record
            title, authors, published, topics = read(page.html, page.url)
            sums["title"].append(float(_squashed(title) == _squashed(truth["title"])))
            if truth.get("authors"):
                sums["authors"].append(float({_squashed(a) for a in authors}
                                             == {_squashed(a) for a in truth["authors"]}))
            if truth.get("published"):
                sums["published"].append(float(_published_right(published, truth["published"])))
            if truth.get("topics"):
                sums["topics"].append(_jaccard(topics, truth["topics"]))
        rows[name] = {field: (sum(values) / len(values) if values else 0.0, len(values))
                      for field, values in sums.items()}
    return rows


def fixture_articles(seed_dir: Path | None) -> tuple[list[tuple[object, str, dict[str, str]]], dict[str, str]]:
    """(expected article, HTML, headers) for every article the fixture sites serve, and each site's language."""
    from newsbot.extraction import decode_html
    from newsbot.sources import load_sources
    from tests.sites import FixtureSites

    pages = []
    with FixtureSites(scale=2, seed_dir=seed_dir) as sites, tempfile.TemporaryDirectory() as folder:
        sources = load_sources(sites.write_sources_toml(Path(folder) / "sources.toml"))
        for expected in sites.articles:
            with urllib.request.urlopen(expected.url, timeout=10) as response:  # 127.0.0.1 only
                body, headers = response.read(), dict(response.headers)
            pages.append((expected, decode_html(body, headers.get("Content-Type")), headers))
    return pages, {source.name: source.language for source in sources if source.language}


def _same_minute(found: datetime | None, expected: datetime) -> bool:
    return (found is not None and found.utcoffset() == expected.utcoffset()
            and found.replace(second=0, microsecond=0) == expected.replace(second=0, microsecond=0))


def fixture_metadata(pages, languages: dict[str, str]) -> Counter:
    """Exact-field counts of newsbot on the fixture articles (the source's language as the crawl fills it)."""
    from newsbot.cleaning import clean_article
    from newsbot.extraction import extract_article

    hits: Counter = Counter()
    for expected, html, headers in pages:
        article = clean_article(extract_article(html, expected.url, headers))
        hits["title"] += article.title == expected.title
        hits["published_at"] += _same_minute(article.published_at, expected.published_at)
        hits["authors"] += article.authors == expected.authors
        hits["section"] += article.section == expected.section
        hits["language"] += (article.language or languages.get(expected.site)) == expected.language
    return hits


def _declared_dates(tree, raw: str) -> list[datetime]:
    """Publication times the page states with a time of day and an offset (JSON-LD, <meta>)."""
    values = [m.group(1) for m in JSONLD_DATE_RE.finditer(raw)]
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        if key in DATE_PROPERTIES and element.get("content"):
            values.append(element.get("content"))
    found = []
    for value in values:
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        # Placeholders ("0001-01-01") are not dates.
        if moment.tzinfo is not None and moment.year >= 1990 and ":" in value:
            found.append(moment)
    return found


def _has_site_affix(title: str, site: str) -> bool:
    """"Headline | Site" or "Site - Headline": the site name as a segment at either end."""
    if not site:
        return False
    name = re.escape(site.strip())
    return re.search(rf"(?:^{name}\s*[|\-–—:·•»]\s|\s[|\-–—:·•»]\s*{name}$)", title, re.IGNORECASE) is not None


def benchmark_metadata(pages: Iterable, extract: Callable) -> dict[str, tuple[int, int]]:
    """Per check, (pages passing, pages where the HTML declares the field)."""
    checks: dict[str, list[int]] = {name: [0, 0] for name in
                                    ("title without site name", "published_at to the minute",
                                     "authors as names", "section", "language")}

    def count(name: str, ok: bool) -> None:
        checks[name][0] += ok
        checks[name][1] += 1

    for page in pages:
        article = extract(page.html, page.url)
        try:
            tree = lxml_html.fromstring(page.html.encode("utf-8"))
        except (ValueError, lxml_html.etree.ParserError):
            continue
        site = (tree.xpath("string(//meta[@property='og:site_name']/@content)") or "").strip()
        title_tag = (tree.xpath("string(//title)") or "").strip()
        if title_tag:
            count("title without site name", bool(article.title) and not _has_site_affix(article.title, site))
        declared = _declared_dates(tree, page.html)
        if declared:
            # Some pages state two different times (a WebPage and a meta tag); either is the page's word.
            count("published_at to the minute", any(_same_minute(article.published_at, d) for d in declared))
        if PERSON_AUTHOR_RE.search(page.html) or tree.xpath("//meta[@name='author']/@content"):
            count("authors as names", bool(article.authors) and all(
                not name.lower().startswith("by ") and not re.search(r"\d", name) for name in article.authors))
        if JSONLD_SECTION_RE.search(page.html) or tree.xpath("//meta[@property='article:section']/@content"):
            count("section", bool(article.section))
        if tree.get("lang") or tree.xpath("//meta[@http-equiv='content-language']/@content"):
            count("language", bool(article.language))
    return {name: (passed, total) for name, (passed, total) in checks.items()}
