"""A feed's text, decoded by what it declares: a BOM, the HTTP charset, or its XML declaration.

Handing lxml the raw bytes as text (``Selector(text=response.body)``) read
every feed as UTF-8, so an ISO-8859-1 feed's "café" came out as "caf\\ufffd".
Scrapy's ``TextResponse.text`` already follows the declarations (w3lib); a
response Scrapy did not take for text gets the same rules here.
"""

from __future__ import annotations

import scrapy
from scrapy.http import Response, TextResponse
from w3lib.encoding import html_to_unicode


def feed_selector(response: Response) -> scrapy.Selector:
    """An XML selector over the decoded feed; raises ValueError when it is not XML."""
    if isinstance(response, TextResponse):
        text = response.text
    else:
        content_type = response.headers.get("Content-Type")
        _, text = html_to_unicode(content_type.decode("latin-1") if content_type else None,
                                  response.body)
    return scrapy.Selector(type="xml", text=text)
