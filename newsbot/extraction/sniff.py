"""Cheap checks on a raw response before anyone parses it.

Servers label almost anything text/html: error blobs, PDFs, images,
truncated gzip. Parsing such bodies wastes CPU at best and stores junk at
worst, so each is refused with a reason the crawl stats can count.
"""

from __future__ import annotations

from newsbot.extraction.decoding import utf16_without_bom

_SNIFF_BYTES = 4096
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Share of control bytes above which a body is binary: text in any encoding
# has next to none besides tab, CR and LF.
_MAX_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def page_problem(body: bytes, content_type: str | None, max_bytes: int) -> str | None:
    """Why ``body`` cannot be an HTML article, or None if it may be one."""
    if not body.strip():
        return "empty_body"
    if len(body) > max_bytes:
        return "too_large"
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type and media_type not in _HTML_TYPES:
        return "not_html"
    if looks_binary(body[:_SNIFF_BYTES]):
        return "binary_body"
    return None


def looks_binary(sample: bytes) -> bool:
    if utf16_without_bom(sample):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls > _MAX_CONTROL_SHARE * max(len(sample), 1)
