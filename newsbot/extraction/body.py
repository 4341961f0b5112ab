"""The article body as paragraphs, via trafilatura on the boilerplate-pruned tree."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import trafilatura
from lxml import etree
from lxml.etree import _Element
from lxml.html import HtmlElement

from newsbot.extraction._html import element_text, squash_space
from newsbot.extraction.boilerplate import remove_boilerplate
from newsbot.extraction.structured_data import JsonLd

# trafilatura's output vocabulary: these hold one paragraph each unless they
# contain other blocks (a <quote> of several <p>, an <item> with a sub-list).
BLOCK_TAGS = frozenset({"p", "head", "item", "quote", "code", "row", "list", "table", "div", "figure"})
LEAF_BLOCK_TAGS = frozenset({"p", "head", "item", "quote", "code", "row"})
LINE_BREAK_TAG = "lb"
CELL_TAG = "cell"
# JSON-LD articleBody is used only when trafilatura finds nothing; shorter
# than this, it is a teaser rather than the text.
MIN_JSONLD_BODY_CHARS = 200

NESTING_PARAGRAPHS = etree.XPath("//p[.//p]")
# The cheap body for pages too large for trafilatura.
HARVEST_PARAGRAPHS = etree.XPath(
    "//p[not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside or ancestor::form)]"
)
MIN_HARVEST_CHARS = 20

logger = logging.getLogger(__name__)


def _leaf_lines(element: _Element) -> Iterator[str]:
    """Text of a leaf block; <lb> (a <br> in the page) starts a new paragraph."""
    parts: list[str] = []
    cells = 0
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if node.tag == LINE_BREAK_TAG:
                yield squash_space("".join(parts))
                parts = []
            elif node.tag == CELL_TAG:
                parts.append(" | " if cells else "")
                cells += 1
            elif node is not element and node.tag in BLOCK_TAGS:
                parts.append(" ")  # a block inside a cell: keep its words apart
            parts.append(node.text or "")
        elif node is not element and node.tail:
            parts.append(node.tail)
    yield squash_space("".join(parts))


def _is_leaf(element: _Element) -> bool:
    """Inline elements, and blocks with no block inside, are one paragraph."""
    if element.tag not in BLOCK_TAGS:
        return True
    return element.tag in LEAF_BLOCK_TAGS and not any(d.tag in BLOCK_TAGS for d in element.iterdescendants())


def body_paragraphs(body: _Element) -> list[str]:
    """Flatten trafilatura's XML body to one string per block, in order.

    Loose text between blocks (trafilatura keeps a heading's tail as text of
    the container) becomes a paragraph of its own.
    """
    paragraphs: list[str] = []
    stack: list[_Element | str] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # loose text, queued in document order
            paragraphs.append(node)
        elif node is not body and _is_leaf(node):
            paragraphs.extend(_leaf_lines(node))
        else:
            pending: list[_Element | str] = [node.text] if node.text and node.text.strip() else []
            for child in node:
                pending.append(child)
                if child.tail and child.tail.strip():
                    pending.append(child.tail)
            stack.extend(reversed(pending))
    return [text for paragraph in paragraphs if (text := squash_space(paragraph))]


def _trafilatura_body(tree: HtmlElement, url: str) -> list[str]:
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url or None,
            include_comments=False,
            include_tables=True,
            include_images=False,
            # fast: skip trafilatura's readability/justext comparison. On the
            # benchmark it costs a third of the time and, with our pruning and
            # cleaning around it, no F1; precision mode loses recall.
            fast=True,
            with_metadata=False,
        )
    except Exception:  # trafilatura is third-party code on hostile input: never lose the page over it
        logger.debug("trafilatura failed on %s", url, exc_info=True)
        return []
    if document is None or getattr(document, "body", None) is None:
        return []
    return body_paragraphs(document.body)


def _jsonld_body(jsonld: JsonLd) -> list[str]:
    raw = jsonld.article_value("articleBody", "text")
    if not isinstance(raw, str) or len(raw) < MIN_JSONLD_BODY_CHARS:
        return []
    return [line for line in (squash_space(part) for part in raw.splitlines()) if line]


def _unnest_paragraphs(tree: HtmlElement) -> None:
    # libxml2 nests "<p>a<font><p>b" as p(a, font(p(b))) where a browser
    # closes the first paragraph; trafilatura would then merge a and b. As a
    # container, the outer element keeps the paragraphs apart.
    for paragraph in NESTING_PARAGRAPHS(tree):
        paragraph.tag = "div"


def _harvest_paragraphs(tree: HtmlElement) -> list[str]:
    texts = (element_text(p) for p in HARVEST_PARAGRAPHS(tree))
    return [text for text in texts if len(text) >= MIN_HARVEST_CHARS]


def extract_body(tree: HtmlElement, url: str, jsonld: JsonLd, *, scan_dom: bool = True) -> tuple[str, ...]:
    """Main text, one paragraph per block. Prunes ``tree`` in place: call it last.

    ``scan_dom=False`` (pathologically large pages) skips pruning and
    trafilatura, whose cost grows faster than the page, and takes JSON-LD
    ``articleBody`` or the page's <p> elements outside nav/header/footer.
    """
    if not scan_dom:
        return tuple(_jsonld_body(jsonld) or _harvest_paragraphs(tree))
    remove_boilerplate(tree)
    _unnest_paragraphs(tree)
    paragraphs = _trafilatura_body(tree, url) or _jsonld_body(jsonld)
    return tuple(paragraphs)
