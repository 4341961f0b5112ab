"""Pure article extraction: HTML in, ``Article`` out (no Scrapy, no database, no I/O, no clock).

    from newsbot.extraction import decode_html, extract_article
    article = extract_article(decode_html(body, content_type), url, headers)

Stages, one module each: ``decoding`` (bytes to text), ``structured_data``
(JSON-LD), ``metadata`` (<meta>, <title>, h1, and the fields read from them),
``urls``, ``language``, ``dates``, ``authors``, ``signals``, ``boilerplate``
(DOM pruning, consent banners), ``rules`` (a site's keep/drop selectors),
``body`` (trafilatura), ``links`` (linked teasers), ``candidates`` (a
second look when the fast body looks wrong) and ``agreement``
(readability's second opinion on the body's edges); ``core`` wires them
and records per-field failures and markup repairs on the ``Article``.
``templates`` decides, from the paragraphs seen across a site's pages,
which recur and are the site's template, not its articles.
``EXTRACTOR_VERSION`` is stored with every snapshot.
"""

from newsbot.extraction.article import Article
from newsbot.extraction.core import extract_article
from newsbot.extraction.dates import parse_datetime
from newsbot.extraction.decoding import decode_html
from newsbot.extraction.rules import SiteRules, selector_problem
from newsbot.extraction.version import EXTRACTOR_VERSION

__all__ = [
    "EXTRACTOR_VERSION",
    "Article",
    "SiteRules",
    "decode_html",
    "extract_article",
    "parse_datetime",
    "selector_problem",
]
