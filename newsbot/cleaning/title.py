"""Headline cleaning: strip the site and section decoration CMSs wrap around it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsbot.cleaning.text import comparable, normalize_text
from newsbot.extraction._html import DOMAIN_LIKE_RE

# Separators between headline and decoration; only with spaces around them,
# since "COVID-19" or "9/11" use the same characters inside words.
# Full-width separators (CJK titles) need no spaces: no word contains them.
SEPARATOR_RE = re.compile(r"\s+(?:\||-|–|—|::|»|«|·|•|/|~)\s+|\s*[｜︱│]\s*")
# A trailing dateline segment ("Headline – DW – 03/12/2024", "... | 12 March 2024").
DATE_SEGMENT_RE = re.compile(r"^(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\.? \w+\.? \d{4}|\w+\.? \d{1,2},? \d{4})$")
# "The Mirror" is named "Mirror" as often as not.
LEADING_ARTICLE_RE = re.compile(r"^the\s+", re.IGNORECASE)
# A breadcrumb segment between headline and site ("Headline | World | Site").
MAX_SECTION_WORDS = 3
MIN_SITE_WORD_CHARS = 3


def _segments(title: str) -> tuple[list[str], list[str]]:
    """Split into segments and the separators between them."""
    parts = SEPARATOR_RE.split(title)
    separators = SEPARATOR_RE.findall(title)
    return parts, separators


def _join(parts: list[str], separators: list[str]) -> str:
    out = parts[0]
    for separator, part in zip(separators, parts[1:]):
        out += separator + part
    return out


def _site_keys(site_name: str | None, host: str | None) -> set[str]:
    keys = {comparable(site_name), comparable(LEADING_ARTICLE_RE.sub("", site_name))} if site_name else set()
    if host:
        host = host.lower().removeprefix("www.")
        keys.add(comparable(host))
        labels = host.split(".")
        # "bbc.co.uk" -> "bbc"; "london-news-net.preview-domain.com" -> "londonnewsnet"
        keys.update(comparable(label) for label in labels if len(label) > 3 or label == labels[0])
    keys.discard("")
    return keys


def _is_site_segment(segment: str, site_keys: set[str], *, domain_like: bool = True) -> bool:
    key = comparable(segment)
    if not key:
        return False
    return key in site_keys or comparable(LEADING_ARTICLE_RE.sub("", segment.strip())) in site_keys or (domain_like and DOMAIN_LIKE_RE.match(segment.strip()) is not None)


def _names_site_first(segment: str, site_keys: set[str]) -> bool:
    """A short trailing segment that starts with the site's name: "NTV Haber", "Mirror Online"."""
    words = segment.split()
    return 1 < len(words) <= MAX_SECTION_WORDS and len(comparable(words[0])) >= MIN_SITE_WORD_CHARS and (
        comparable(words[0]) in site_keys)


def _confirmed_by_candidate(title: str, candidates: Iterable[str]) -> str | None:
    """A candidate headline that the title starts or ends with, at a separator boundary."""
    best: str | None = None
    for candidate in candidates:
        candidate = normalize_text(candidate)
        if not candidate or len(candidate) > len(title):
            continue
        if title == candidate:
            return candidate
        rest = None
        if title.startswith(candidate):
            rest = title[len(candidate) :]
            boundary = SEPARATOR_RE.match(rest)
        elif title.endswith(candidate):
            rest = title[: -len(candidate)]
            boundary = SEPARATOR_RE.search(rest)
            boundary = boundary if boundary and boundary.end() == len(rest) else None
        else:
            boundary = None
        if rest is not None and boundary is not None and (best is None or len(candidate) > len(best)):
            best = candidate
    return best


def clean_title(
    title: str | None,
    *,
    site_name: str | None = None,
    section: str | None = None,
    headline_candidates: Iterable[str] = (),
    host: str | None = None,
) -> str:
    """"Headline | World | example.com" -> "Headline".

    A segment that equals an h1/og:title candidate wins outright. Otherwise
    segments naming the site (its name, host or a domain) or the section are
    peeled off both ends, and a short segment that sat between the headline
    and a removed site name is taken for a breadcrumb section.
    """
    text = normalize_text(title)
    if not text:
        return ""
    confirmed = _confirmed_by_candidate(text, headline_candidates)
    if confirmed:
        return confirmed
    text = _without_literal_site_name(text, site_name)
    parts, separators = _segments(text)
    site_keys = _site_keys(site_name, host)
    section_key = comparable(section) if section else ""
    site_removed = False
    while len(parts) > 1:
        if DATE_SEGMENT_RE.match(parts[-1].strip()) and any(ch.isdigit() for ch in parts[-1]):
            parts, separators = parts[:-1], separators[:-1]
        elif _is_site_segment(parts[-1], site_keys) or _names_site_first(parts[-1], site_keys):
            parts, separators, site_removed = parts[:-1], separators[:-1], True
        # Leading segments must name this site: a headline may start with "Amazon.com".
        elif _is_site_segment(parts[0], site_keys, domain_like=False):
            parts, separators, site_removed = parts[1:], separators[1:], True
        elif section_key and comparable(parts[-1]) == section_key:
            parts, separators = parts[:-1], separators[:-1]
        elif section_key and comparable(parts[0]) == section_key:
            parts, separators = parts[1:], separators[1:]
        elif site_removed and _looks_like_section(parts[-1], parts[0]):
            parts, separators = parts[:-1], separators[:-1]
        else:
            break
    return _join(parts, separators).strip()


def _without_literal_site_name(title: str, site_name: str | None) -> str:
    """"Story - Site - Tagline | Site - Tagline" -> "Story" when the site name itself holds separators.

    Segment matching cannot see such a name as one segment, so it is taken
    off whole first, as often as it is repeated, at either end.
    """
    name = normalize_text(site_name)
    if not name or not SEPARATOR_RE.search(name):
        return title
    escaped = re.escape(name)
    separator = f"(?:{SEPARATOR_RE.pattern})"
    stripped = re.sub(rf"(?:{separator}{escaped})+$", "", title, flags=re.IGNORECASE)
    stripped = re.sub(rf"^(?:{escaped}{separator})+", "", stripped, flags=re.IGNORECASE)
    return stripped if stripped.strip() else title


def _looks_like_section(segment: str, headline: str) -> bool:
    return len(segment.split()) <= MAX_SECTION_WORDS and len(segment) < len(headline)
