"""Teasers: paragraphs of the body that are nothing but a link to another page.

Sites drop linked headlines of other stories into the text ("SEAN SPICER
ELIMINATED FROM 'DANCING WITH THE STARS'", "Who will make the Rock Hall in
2020?") and put lists of them around it. trafilatura keeps their text but not
that it was a link, so the page's link texts are collected first and a body
paragraph that is exactly one of them is a teaser. List items and table
cells are kept: a list of linked product names or a table of linked results
is content, and a bare URL printed as its own link is text the author wrote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree
from lxml.html import HtmlElement

# A key for "same text": case, punctuation and spacing ignored.
NOT_WORD_RE = re.compile(r"[\W_]+")
# Shorter link texts ("Home", "Next", "Read more") are matched by the text cleaners' phrase lists.
MIN_LINK_KEY_CHARS = 12
MAX_TEASER_CHARS = 250
KEPT_TAGS = frozenset({"item", "cell", "row"})
URL_LIKE_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# Never let teaser removal take most of a body: then the page is a link list or wraps its text in a link.
MAX_REMOVED_SHARE = 0.5
LINKS = etree.XPath("//a[@href]")


def text_key(text: str) -> str:
    return NOT_WORD_RE.sub("", text.casefold())


def link_texts(tree: HtmlElement) -> frozenset[str]:
    """Keys of the page's link texts long enough to be headlines."""
    keys = (text_key(link.text_content()) for link in LINKS(tree))
    return frozenset(key for key in keys if len(key) >= MIN_LINK_KEY_CHARS)


def is_teaser(text: str, tag: str, links: frozenset[str]) -> bool:
    """Whether a body paragraph (``tag`` as trafilatura names its element) is a linked headline."""
    return (
        tag not in KEPT_TAGS
        and len(text) <= MAX_TEASER_CHARS
        and URL_LIKE_RE.match(text) is None
        and text_key(text) in links
    )


def drop_teasers(blocks: Sequence[tuple[str, str]], links: frozenset[str]) -> list[tuple[str, str]]:
    """``(text, tag)`` blocks without the linked headlines of other pages."""
    if not links:
        return list(blocks)
    kept = [block for block in blocks if not is_teaser(block[0], block[1], links)]
    total = sum(len(text) for text, _ in blocks)
    removed = total - sum(len(text) for text, _ in kept)
    return list(blocks) if removed > MAX_REMOVED_SHARE * total else kept
