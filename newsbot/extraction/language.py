"""The article's language as a bare ISO 639 code ("en", "ru", "pt")."""

from __future__ import annotations

import re
from collections.abc import Mapping

from newsbot.extraction.metadata import PageMeta
from newsbot.extraction.structured_data import JsonLd, first_text

# "en-US", "en_GB", "pt-br", "zh-Hant-TW" -> the primary subtag.
LANGUAGE_RE = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*\s*$")
META_LANGUAGE_KEYS = ("content-language", "language", "dc.language", "og:locale")
# Placeholders that mean "no language" rather than a language.
NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "xx"})


def normalize_language(value: str | None) -> str | None:
    if not value:
        return None
    # Headers and some metas list several ("en, fr"); the first is the main one.
    match = LANGUAGE_RE.match(value.split(",", 1)[0])
    if not match:
        return None
    code = match.group(1).lower()
    return None if code in NOT_LANGUAGES else code


def header_value(headers: Mapping[str, str] | None, name: str) -> str | None:
    """A header's value, name matched case-insensitively; bytes (Scrapy's raw headers) decoded."""
    if not headers:
        return None
    wanted = name.lower()
    for key, value in headers.items():
        if isinstance(key, bytes):
            key = key.decode("latin-1")
        if str(key).lower() != wanted:
            continue
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        return value if isinstance(value, str) else None
    return None


def extract_language(page: PageMeta, jsonld: JsonLd, headers: Mapping[str, str] | None = None) -> str | None:
    """html lang, then <meta>, then JSON-LD ``inLanguage``, then the Content-Language header."""
    candidates = (
        page.html_lang,
        *(page.first(key) for key in META_LANGUAGE_KEYS),
        first_text(jsonld.article_value("inLanguage")),
        header_value(headers, "Content-Language"),
    )
    for candidate in candidates:
        language = normalize_language(candidate)
        if language:
            return language
    return None
