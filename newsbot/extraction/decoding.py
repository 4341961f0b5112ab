"""Bytes to text, the way a browser (and Scrapy's TextResponse) would do it."""

from __future__ import annotations

from w3lib.encoding import html_to_unicode

# Tried in order when neither BOM, header nor <meta> names a charset. UTF-8 is
# strict, so it only wins when the bytes really are UTF-8; cp1252 is what
# browsers assume for undeclared legacy pages (the same pair Scrapy tries).
SNIFFED_ENCODINGS = ("utf-8", "cp1252")


def _sniff_encoding(body: bytes) -> str | None:
    for encoding in SNIFFED_ENCODINGS:
        try:
            body.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def decode_html(body: bytes, content_type: str | None) -> str:
    """Decode an HTTP body to text.

    Precedence follows the HTML spec as w3lib implements it: byte-order mark,
    then the ``charset`` of the Content-Type header value (e.g.
    ``"text/html; charset=windows-1251"``), then ``<meta charset>`` or
    ``<meta http-equiv="Content-Type">``, then sniffing. Undecodable bytes
    become U+FFFD; this never raises.
    """
    if not body:
        return ""
    _, text = html_to_unicode(content_type, body, auto_detect_fun=_sniff_encoding)
    return text
