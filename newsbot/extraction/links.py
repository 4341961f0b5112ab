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
from collections.abc import Callable, Sequence

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
# A teaser box: the paragraph's parent or grandparent also holds a linked headline.
TEASER_BOX = etree.XPath(
    "../descendant::*[self::h2 or self::h3 or self::h4][.//a or ancestor::a]"
    " or ../../descendant::*[self::h2 or self::h3 or self::h4][.//a or ancestor::a]"
)


def text_key(text: str) -> str:
    return NOT_WORD_RE.sub("", text.casefold())


def link_texts(tree: HtmlElement) -> frozenset[str]:
    """Keys of the page's link texts long enough to be headlines."""
    # A key is never longer than its case-folded text: short link texts ("Home", "Next") skip the regex.
    texts = (link.text_content() for link in LINKS(tree))
    keys = (text_key(text) for text in texts if len(text.casefold()) >= MIN_LINK_KEY_CHARS)
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


def drop_trailing_teasers(paragraphs: Sequence[str], element: Callable[[str], HtmlElement | None]) -> list[str]:
    """``paragraphs`` without the teaser summaries that end them.

    Under an article, sites list other stories as a linked headline and a
    line of summary. trafilatura often drops the linked headline and keeps
    the summary, which reads like prose. ``element`` finds the page's <p>
    for a paragraph; a short one that sits in a box with a linked headline,
    not in a box holding the body's other paragraphs, is a teaser's summary. Only the end
    of the body is trimmed, and never most of it.
    """
    found = [element(text) for text in paragraphs]
    # The body's own boxes: parents of two or more of its paragraphs. A teaser sits elsewhere.
    parents = [p.getparent() for p in found if p is not None]
    boxes = {parent for parent in parents if parents.count(parent) >= 2}

    def teaser(index: int) -> bool:
        p = found[index]
        return (p is not None and len(paragraphs[index]) <= MAX_TEASER_CHARS and p.getparent() not in boxes
                and bool(TEASER_BOX(p)))

    end = len(paragraphs)
    while end > 0 and teaser(end - 1):
        end -= 1
    removed = sum(len(text) for text in paragraphs[end:])
    if removed > MAX_REMOVED_SHARE * sum(len(text) for text in paragraphs):
        return list(paragraphs)
    return list(paragraphs[:end])
