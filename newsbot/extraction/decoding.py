"""Bytes to text, the way a browser (and Scrapy's TextResponse) would do it."""

from __future__ import annotations

from w3lib.encoding import html_to_unicode

# Tried in order when neither BOM, header nor <meta> names a charset. UTF-8 is
# strict, so it only wins when the bytes really are UTF-8; cp1252 is what
# browsers assume for undeclared legacy pages (the same pair Scrapy tries).
SNIFFED_ENCODINGS = ("utf-8", "cp1252")


def utf16_without_bom(sample: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` for UTF-16 text without a byte-order mark.

    Markup is ASCII, so in UTF-16 every other byte is NUL: on the odd
    positions (little-endian) or the even ones (big-endian), and never on the
    other. No other text encoding does that.
    """
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even_nuls, odd_nuls = sample[0:pairs * 2:2].count(0), sample[1:pairs * 2:2].count(0)
    if odd_nuls >= 0.3 * pairs and even_nuls == 0:
        encoding = "utf-16-le"
    elif even_nuls >= 0.3 * pairs and odd_nuls == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        sample[:pairs * 2 - 2].decode(encoding)  # minus a surrogate pair the cut may split
    except UnicodeDecodeError:
        return None
    return encoding


def _sniff_encoding(body: bytes) -> str | None:
    utf16 = utf16_without_bom(body[:4096])
    if utf16:
        return utf16
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
