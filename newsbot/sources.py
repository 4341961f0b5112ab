"""The sources config: which outlets to crawl, and where their articles are listed.

A sources file is TOML: an optional ``[defaults]`` table, then one
``[[source]]`` table per outlet. Loading turns it into frozen ``Source``
objects and refuses anything doubtful with an error that names the file, the
source and the field, because a nightly job that half-reads its config
silently crawls the wrong thing for weeks.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from courlan.urlutils import get_tldinfo

from newsbot.addresses import PRIVATE, literal_kind
from newsbot.extraction.rules import SiteRules, selector_problem
from newsbot.toml_files import read_toml
from newsbot.versions.recrawl import DEFAULT_RECRAWL_AFTER, parse_interval

DEFAULT_SOURCES_PATH = Path(__file__).with_name("sources.toml")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class SourcesConfigError(ValueError):
    """The sources file is missing, not TOML, or has a bad entry."""


@dataclass(frozen=True)
class Source:
    """One outlet and the places where it lists its articles."""

    name: str
    home: str
    site_name: str | None = None
    language: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    # Regular expressions over the URL path; when given, only matching links
    # on section pages are taken for articles (the generic guess otherwise).
    article_url_patterns: tuple[str, ...] = ()
    # Pagination pages followed per section listing.
    max_section_pages: int = 5
    # Link hops from a listing: 1 fetches the articles it lists and follows
    # no link inside them (most such links lead to tags, authors or nowhere).
    max_depth: int = 1
    # A page the source's feed or sitemap lists (or a section link matching
    # article_url_patterns) counts as an article without structured data;
    # false: only the page's own signals count (see pipelines/validate.py).
    trust_listings: bool = True
    # Loopback and private addresses are refused unless the source says so
    # (the local test sites do); this keeps a hostile feed from pointing the
    # crawler into the operator's own network.
    allow_private_addresses: bool = False
    # Ages after first sight at which a stored article is fetched again
    # (conditionally); after the last one it is left alone.
    recrawl_after: tuple[str, ...] = DEFAULT_RECRAWL_AFTER
    # "js" renders the source's section and article pages in a browser, for
    # sites that send an empty shell and build the article with JavaScript;
    # "http" (plain download) is the fast path every other source stays on.
    render: str = "http"
    # Regexes over the URL path: with render = "http", section and article
    # pages that match are rendered in the browser all the same.
    render_js_url_patterns: tuple[str, ...] = ()
    # Extraction overrides for sites where the generic path fails: CSS
    # selectors (XPath when they start with "/") of the elements that hold
    # the article body, and of elements that are never body.
    keep_selectors: tuple[str, ...] = ()
    drop_selectors: tuple[str, ...] = ()
    # Registered domains whose pages are this outlet's too, besides those of
    # its home, feeds, sitemaps and sections (e.g. ["bbc.co.uk"]).
    domains: tuple[str, ...] = ()
    # IANA time zone (e.g. "Europe/Berlin") of the outlet's dates that state
    # no offset, where the page states none anywhere; unset, UTC.
    timezone: str | None = None

    @property
    def extraction_rules(self) -> SiteRules:
        return SiteRules(keep_selectors=self.keep_selectors, drop_selectors=self.drop_selectors,
                         timezone=self.timezone)

    @property
    def recrawl_schedule(self) -> tuple[timedelta, ...]:
        return tuple(parse_interval(text) for text in self.recrawl_after)

    @property
    def origins(self) -> frozenset[str]:
        """Scheme+host+port of every configured URL: what counts as this site."""
        return frozenset(origin_of(url) for url in self._configured_urls)

    def owns(self, url: str) -> bool:
        """Whether ``url`` is on this outlet's site.

        The same origin always is. A named host also is when its registered
        domain (the public-suffix list's, so ``theguardian.ru`` is not
        ``theguardian.com``, and two ``github.io`` sites are two) is one of the
        configured URLs' or listed in ``domains``. Addresses (the local test
        sites) never match by name, because there the port is the site.
        """
        if origin_of(url) in self.origins:
            return True
        host = (urlsplit(url).hostname or "").rstrip(".")
        if not host or literal_kind(host) is not None:
            return False
        return registered_domain(host) in self.registered_domains

    @property
    def registered_domains(self) -> frozenset[str]:
        found = {registered_domain(urlsplit(url).hostname or "") for url in self._configured_urls}
        found.update(registered_domain(domain) for domain in self.domains)
        return frozenset(found - {None})

    def renders_with_js(self, url: str) -> bool:
        """Whether a section or article page at ``url`` is rendered in the browser.

        Feeds, sitemaps and robots.txt never are: they are data, not pages
        built by scripts.
        """
        if self.render == "js":
            return True
        path = urlsplit(url).path
        return any(re.search(pattern, path) for pattern in self.render_js_url_patterns)

    @property
    def _configured_urls(self) -> tuple[str, ...]:
        return (self.home, *self.feeds, *self.sitemaps, *self.sections)

    def as_config(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v
                for k, v in dataclasses.asdict(self).items()}


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    return f"{parts.scheme}://{host}:{port}"


def registered_domain(host: str) -> str | None:
    """``www.theguardian.com`` -> ``theguardian.com``; None for an unknown suffix or an address."""
    host = host.strip().lower().rstrip(".")
    if not host or literal_kind(host) is not None:
        return None
    _, domain = get_tldinfo(f"http://{host}/", fast=False)
    return domain or None


def is_private_host(host: str) -> bool:
    """True for loopback, private, link-local and otherwise non-public literal addresses."""
    return literal_kind(host) == PRIVATE


_FIELDS = frozenset(field.name for field in dataclasses.fields(Source))
_URL_FIELDS = {"home"}
_URL_LIST_FIELDS = {"feeds", "sitemaps", "sections"}
_STRING_LIST_FIELDS = {"article_url_patterns", "render_js_url_patterns"}
_DOMAIN_LIST_FIELDS = {"domains"}
_CHOICE_FIELDS = {"render": ("http", "js")}
_SELECTOR_LIST_FIELDS = {"keep_selectors", "drop_selectors"}
_INTERVAL_LIST_FIELDS = {"recrawl_after"}
_INT_FIELDS = {"max_section_pages", "max_depth"}
_BOOL_FIELDS = {"allow_private_addresses", "trust_listings"}
_OPTIONAL_TEXT_FIELDS = {"site_name", "language"}
_ZONE_FIELDS = {"timezone"}
_DEFAULTABLE = _INT_FIELDS | _BOOL_FIELDS | _INTERVAL_LIST_FIELDS | _ZONE_FIELDS | {"language"}


def load_sources(path: str | Path) -> tuple[Source, ...]:
    """Read and check a sources file."""
    path = Path(path)
    data = read_toml(path, "sources", SourcesConfigError, {"defaults", "source"},
                     "[defaults] and [[source]]")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SourcesConfigError(f"{path}: [defaults] must be a table")
    for key in defaults:
        if key not in _DEFAULTABLE:
            raise SourcesConfigError(f"{path}: [defaults]: field {key!r} cannot have a default "
                                     f"(allowed: {sorted(_DEFAULTABLE)})")
    entries = data.get("source", [])
    if not isinstance(entries, list) or not entries:
        raise SourcesConfigError(f"{path}: no [[source]] entries")

    sources = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = f"{path}: source #{index}"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            where = f"{path}: source {entry['name']!r}"
        source = _parse_source({**defaults, **entry}, where)
        if source.name in seen:
            raise SourcesConfigError(f"{where}: field 'name': duplicate source name")
        seen.add(source.name)
        sources.append(source)
    return tuple(sources)


def _parse_source(entry: dict[str, Any], where: str) -> Source:
    unknown = set(entry) - _FIELDS
    if unknown:
        raise SourcesConfigError(f"{where}: unknown field(s) {sorted(unknown)}")
    for required in ("name", "home"):
        if required not in entry:
            raise SourcesConfigError(f"{where}: field {required!r}: missing")
    values: dict[str, Any] = {}
    for key, value in entry.items():
        values[key] = _check_field(key, value, f"{where}: field {key!r}")
    if not _NAME.match(values["name"]):
        raise SourcesConfigError(f"{where}: field 'name': {values['name']!r} must be lower-case "
                                 "letters, digits, '-' or '_'")
    source = Source(**values)
    if source.render == "js" and source.render_js_url_patterns:
        raise SourcesConfigError(f"{where}: field 'render_js_url_patterns': only applies with "
                                 "render = \"http\"; render = \"js\" already renders every page")
    if not (source.feeds or source.sitemaps or source.sections):
        raise SourcesConfigError(f"{where}: fields 'feeds', 'sitemaps', 'sections': "
                                 "at least one URL is needed to find articles")
    if not source.allow_private_addresses:
        for url in (source.home, *source.feeds, *source.sitemaps, *source.sections):
            if is_private_host(urlsplit(url).hostname or ""):
                raise SourcesConfigError(
                    f"{where}: URL {url!r} is a private or loopback address; "
                    "set allow_private_addresses = true to crawl it")
    return source


def _check_field(key: str, value: Any, where: str) -> Any:
    if key in _URL_FIELDS:
        return _check_url(value, where)
    if key in _URL_LIST_FIELDS:
        return tuple(_check_url(item, f"{where}[{i}]") for i, item in enumerate(_as_list(value, where)))
    if key in _STRING_LIST_FIELDS:
        items = tuple(_check_text(item, f"{where}[{i}]") for i, item in enumerate(_as_list(value, where)))
        for i, pattern in enumerate(items):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SourcesConfigError(f"{where}[{i}]: bad regular expression: {exc}") from None
        return items
    if key in _DOMAIN_LIST_FIELDS:
        items = tuple(_check_text(item, f"{where}[{i}]").lower()
                      for i, item in enumerate(_as_list(value, where)))
        for i, item in enumerate(items):
            if registered_domain(item) != item:
                raise SourcesConfigError(
                    f"{where}[{i}]: {item!r} is not a registered domain (e.g. \"bbc.co.uk\"; "
                    f"its registered domain is {registered_domain(item)!r})")
        return items
    if key in _SELECTOR_LIST_FIELDS:
        items = tuple(_check_text(item, f"{where}[{i}]") for i, item in enumerate(_as_list(value, where)))
        for i, selector in enumerate(items):
            problem = selector_problem(selector)
            if problem:
                raise SourcesConfigError(f"{where}[{i}]: {selector!r}: {problem}")
        return items
    if key in _INTERVAL_LIST_FIELDS:
        items = tuple(_check_text(item, f"{where}[{i}]") for i, item in enumerate(_as_list(value, where)))
        for i, item in enumerate(items):
            try:
                parse_interval(item)
            except ValueError as exc:
                raise SourcesConfigError(f"{where}[{i}]: {exc}") from None
        return items
    if key in _INT_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SourcesConfigError(f"{where}: expected a non-negative integer, got {value!r}")
        return value
    if key in _BOOL_FIELDS:
        if not isinstance(value, bool):
            raise SourcesConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if key in _CHOICE_FIELDS:
        if value not in _CHOICE_FIELDS[key]:
            choices = " or ".join(f'"{choice}"' for choice in _CHOICE_FIELDS[key])
            raise SourcesConfigError(f"{where}: expected {choices}, got {value!r}")
        return value
    if key in _OPTIONAL_TEXT_FIELDS or key == "name":
        return _check_text(value, where)
    if key in _ZONE_FIELDS:
        return _check_zone(_check_text(value, where), where)
    raise AssertionError(key)  # every Source field is listed above


def _check_zone(name: str, where: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SourcesConfigError(f"{where}: {name!r} is not a time zone name "
                                 "(an IANA name such as \"Europe/Berlin\")") from None
    return name


def _as_list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise SourcesConfigError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _check_text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SourcesConfigError(f"{where}: expected a non-empty string, got {value!r}")
    return value.strip()


def _check_url(value: Any, where: str) -> str:
    url = _check_text(value, where)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourcesConfigError(f"{where}: {url!r} is not an http(s) URL")
    return url
