"""Publication and modification dates: structured data first, htmldate as the fallback."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement

from newsbot.extraction._html import in_teaser
from newsbot.extraction.language import header_value
from newsbot.extraction.metadata import PageMeta
from newsbot.extraction.structured_data import PAGE_TYPES, JsonLd, first_text

PUBLISHED_JSONLD_KEYS = ("datePublished", "dateCreated", "uploadDate")
MODIFIED_JSONLD_KEYS = ("dateModified",)
PUBLISHED_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "dc.date",
    "citation_publication_date",
    "date",
)
MODIFIED_META_KEYS = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "modified_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
)
# Microdata and HTML5 markup: <time itemprop="datePublished" datetime="...">, <time pubdate>.
PUBLISHED_MARKUP = etree.XPath(
    "//*[@itemprop='datePublished']/@datetime | //*[@itemprop='datePublished']/@content"
    " | //time[@pubdate]/@datetime | //abbr[contains(concat(' ', @class, ' '), ' published ')]/@title"
    " | //time[contains(concat(' ', normalize-space(@class), ' '), ' published ')]/@datetime"
)
# A page with a single <time datetime> is dated by it (a plain dateline);
# with several (a listing, "updated" stamps, comments) none is taken blindly.
TIME_DATETIMES = etree.XPath("//time/@datetime")
MODIFIED_MARKUP = etree.XPath("//*[@itemprop='dateModified']/@datetime | //*[@itemprop='dateModified']/@content")

# "14:22" in a declared date: it carries a time of day, not just a day.
CLOCK_TIME_RE = re.compile(r"\d{1,2}:\d{2}")
DIGIT_RE = re.compile(r"\d")
ISO_SPACE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]+(\d{1,2}:\d{2})")
TRAILING_ZONE_NAME_RE = re.compile(r"\s*(?:UTC|GMT|Z)$", re.IGNORECASE)
# "...T10:00:00 +05:30" and "+0530" after a space: fromisoformat wants them attached.
SPACED_OFFSET_RE = re.compile(r"\s+([+-]\d{2}:?\d{2})$")
EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?$")
STRPTIME_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%B %d, %Y %I:%M %p",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
)
# A naive date and an offset-stating one this close in wall-clock time are one statement.
SAME_WALL_CLOCK_SECONDS = 60
# A page claiming 1970 has a zero timestamp, one claiming 2999 a typo.
MIN_YEAR, MAX_YEAR = 1980, 2100
# htmldate rejects dates after max_date, which defaults to "now". Extraction
# must not read the clock, so the bound is the response's Date header when
# the caller passes headers, else this fixed far bound.
HTMLDATE_MAX_DATE = "2100-12-31"

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageDate:
    """A date and where it came from: "jsonld", "meta", "markup", or "htmldate" (a heuristic)."""

    value: datetime
    source: str


def parse_datetime(value: str | None) -> datetime | None:
    """ISO 8601, RFC 2822, epoch seconds and a few common formats; naive when the text has no zone."""
    text = " ".join((value or "").split())
    # Every form read here has digits (and int() reads only \d): most texts
    # handed over (a body's short lines) have none, and skip ten strptime tries.
    if not text or len(text) > 64 or DIGIT_RE.search(text) is None:
        return None
    parsed = _parse_iso(text) or _parse_rfc2822(text) or _parse_epoch(text) or _parse_formats(text)
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return parsed


def _parse_iso(text: str) -> datetime | None:
    iso = ISO_SPACE_RE.sub(r"\1T\2", text)
    zone_named = TRAILING_ZONE_NAME_RE.search(iso) is not None
    iso = SPACED_OFFSET_RE.sub(r"\1", TRAILING_ZONE_NAME_RE.sub("", iso))
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return parsed.replace(tzinfo=timezone.utc) if zone_named and parsed.tzinfo is None else parsed


def _parse_rfc2822(text: str) -> datetime | None:
    if "," not in text and not text[:1].isdigit():
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed


def _parse_epoch(text: str) -> datetime | None:
    if not EPOCH_RE.match(text):
        return None
    seconds = int(text[:10])
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _parse_formats(text: str) -> datetime | None:
    for date_format in STRPTIME_FORMATS:
        try:
            return datetime.strptime(text, date_format)
        except ValueError:
            continue
    return None


def _candidates(
    tree: HtmlElement | None, page: PageMeta, jsonld: JsonLd, jsonld_keys: tuple[str, ...],
    meta_keys: tuple[str, ...], markup: etree.XPath,
) -> Iterable[tuple[str, str]]:
    for key in jsonld_keys:
        yield "jsonld", first_text(jsonld.article_value(key)) or ""
    for value in page.values(*meta_keys):
        yield "meta", value
    # Yoast and others put the dates on the WebPage node, not the article's;
    # a fact-check page's main node is its ClaimReview.
    for node in jsonld.nodes_of_type(*PAGE_TYPES, "ClaimReview"):
        for key in jsonld_keys:
            yield "jsonld", first_text(node.get(key)) or ""
    if tree is not None:
        for value in _markup_dates(tree, markup):
            # A date in a teaser card dates another article: a tag page with
            # one story on it carries exactly that story's markup.
            if not in_teaser(value.getparent()):
                yield "markup", str(value)


def _markup_dates(tree: HtmlElement, markup: etree.XPath) -> list[Any]:
    values = list(markup(tree)[:5])
    if markup is PUBLISHED_MARKUP:
        times = TIME_DATETIMES(tree)
        values += times if len(times) == 1 else []
    return values


def _dates_are_teasers(tree: HtmlElement) -> bool:
    """True when the page's date markup all belongs to teaser cards (a listing)."""
    values = _markup_dates(tree, PUBLISHED_MARKUP) or TIME_DATETIMES(tree)[:5]
    return bool(values) and all(in_teaser(value.getparent()) for value in values)


def _first_parsed(candidates: Iterable[tuple[str, str]]) -> tuple[datetime, str] | None:
    """The first date that parses; if it is a bare day, a later one of that day with a time wins.

    A naive first date takes the offset of a later candidate stating the
    same wall-clock time with an offset (JSON-LD "2024-08-05 20:59:59" beside
    a <meta> "2024-08-05T20:59:59+02:00"): the page's own zone, not UTC.
    """
    first: tuple[datetime, str] | None = None
    first_has_time = False
    for source, raw in candidates:
        parsed = parse_datetime(raw)
        if parsed is None:
            continue
        has_time = CLOCK_TIME_RE.search(raw) is not None
        if first is None:
            first, first_has_time = (parsed, source), has_time
            if has_time and parsed.tzinfo is not None:
                return first
        elif not first_has_time and has_time and parsed.date() == first[0].date():
            return parsed, first[1]
        elif first_has_time and parsed.tzinfo is not None and _same_wall_clock(parsed, first[0]):
            return first[0].replace(tzinfo=parsed.tzinfo), first[1]
    return first


def _same_wall_clock(aware: datetime, naive: datetime) -> bool:
    return abs((aware.replace(tzinfo=None) - naive).total_seconds()) < SAME_WALL_CLOCK_SECONDS


def _page_timezone(*found: tuple[datetime, str] | None, site_zone: str | None = None) -> tzinfo:
    # A naive date on a page that states an offset elsewhere (often
    # dateModified has one and datePublished not) is in that offset; only
    # when the page gives none do we take the site's configured zone, or
    # else UTC, the common CMS storage zone.
    for item in found:
        if item is not None and item[0].tzinfo is not None:
            return item[0].tzinfo
    return _zone(site_zone) if site_zone else timezone.utc


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


def _aware(found: tuple[datetime, str], zone: tzinfo) -> PageDate:
    value, source = found
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=zone)
    return PageDate(value, source)


def _structured_dates(
    tree: HtmlElement | None, page: PageMeta, jsonld: JsonLd
) -> tuple[tuple[datetime, str] | None, tuple[datetime, str] | None]:
    published = _first_parsed(
        _candidates(tree, page, jsonld, PUBLISHED_JSONLD_KEYS, PUBLISHED_META_KEYS, PUBLISHED_MARKUP)
    )
    modified = _first_parsed(_candidates(tree, page, jsonld, MODIFIED_JSONLD_KEYS, MODIFIED_META_KEYS, MODIFIED_MARKUP))
    return published, modified


def extract_published_at(
    tree: HtmlElement,
    page: PageMeta,
    jsonld: JsonLd,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    scan_dom: bool = True,
    site_zone: str | None = None,
) -> PageDate | None:
    """JSON-LD, <meta>, date markup; htmldate only when the page declares none.

    ``scan_dom=False`` (pathologically large pages) reads JSON-LD and <meta> only.
    ``site_zone`` (an IANA name) places a time the page gives without an offset,
    when the page states no offset anywhere.
    """
    published, modified = _structured_dates(tree if scan_dom else None, page, jsonld)
    zone = _page_timezone(published, modified, site_zone=site_zone)
    if published is not None:
        return _aware(published, zone)
    # htmldate would date a listing by its first teaser; such a page has no date of its own.
    if not scan_dom or _dates_are_teasers(tree):
        return None
    found = _htmldate(tree, url, headers)
    return _aware((found, "htmldate"), zone) if found is not None else None


def extract_modified_at(tree: HtmlElement, page: PageMeta, jsonld: JsonLd, *, scan_dom: bool = True,
                        site_zone: str | None = None) -> PageDate | None:
    tree = tree if scan_dom else None
    modified = _first_parsed(_candidates(tree, page, jsonld, MODIFIED_JSONLD_KEYS, MODIFIED_META_KEYS, MODIFIED_MARKUP))
    if modified is None:
        return None
    if modified[0].tzinfo is not None:
        return PageDate(*modified)
    # A naive time takes the offset the publication time states, if any.
    published = _first_parsed(
        _candidates(tree, page, jsonld, PUBLISHED_JSONLD_KEYS, PUBLISHED_META_KEYS, PUBLISHED_MARKUP))
    return _aware(modified, _page_timezone(modified, published, site_zone=site_zone))


def _htmldate(tree: HtmlElement, url: str, headers: Mapping[str, str] | None) -> datetime | None:
    fetched = parse_datetime(header_value(headers, "Date"))
    max_date = fetched.strftime("%Y-%m-%d") if fetched else HTMLDATE_MAX_DATE
    try:
        # Fast mode only: the extensive search guesses from any date-like text
        # (comment dates, "© 2019"), which on a listing page invents a date.
        found = find_date(tree, extensive_search=False, original_date=True, url=url, max_date=max_date)
    except Exception:  # htmldate is a heuristic; a failure there must not lose the article
        logger.debug("htmldate failed on %s", url, exc_info=True)
        return None
    # htmldate gives a bare date; it becomes midnight in the zone the caller decides.
    return parse_datetime(found)

