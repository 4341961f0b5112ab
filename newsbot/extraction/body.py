"""The article body as paragraphs: trafilatura on the pruned tree, checked against readability."""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from typing import NamedTuple

import trafilatura
from trafilatura.settings import Extractor
from lxml import etree
from lxml.etree import _Element
from lxml.html import HtmlElement

from newsbot.extraction._html import element_text, squash_space
from newsbot.extraction.agreement import (
    edges_need_judging,
    edges_settled,
    readability_paragraphs,
    trim_unsupported_edges,
)
from newsbot.extraction.boilerplate import remove_boilerplate
from newsbot.extraction.continuation import Continuation
from newsbot.extraction.candidates import fast_body_looks_wrong, fuller_body, needs_second_look
from newsbot.extraction.links import drop_teasers, drop_trailing_teasers, is_teaser, link_texts
from newsbot.extraction.rules import SiteRules, drop_selected, kept_tree
from newsbot.extraction.structured_data import JsonLd

# trafilatura's output vocabulary: these hold one paragraph each unless they
# contain other blocks (a <quote> of several <p>, an <item> with a sub-list).
BLOCK_TAGS = frozenset({"p", "head", "item", "quote", "code", "row", "list", "table", "div", "figure"})
LEAF_BLOCK_TAGS = frozenset({"p", "head", "item", "quote", "code", "row"})
LINE_BREAK_TAG = "lb"
CELL_TAG = "cell"
LOOSE_TEXT_TAG = "text"
# JSON-LD articleBody: a reference for the body's edges, and the body when
# trafilatura finds nothing; shorter than this, it is a teaser, not the text.
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
    """Inline elements, and blocks with no block inside, are one paragraph.

    A table cell holding paragraphs is a layout cell (old sites set the
    whole article in one): its paragraphs stay paragraphs.
    """
    if element.tag == CELL_TAG:
        return not any(d.tag in LEAF_BLOCK_TAGS for d in element.iterdescendants())
    if element.tag not in BLOCK_TAGS:
        return True
    return element.tag in LEAF_BLOCK_TAGS and not any(d.tag in BLOCK_TAGS for d in element.iterdescendants())


class Block(NamedTuple):
    """One paragraph of trafilatura's body and the element it came from ("p", "head", "item", ...)."""

    text: str
    tag: str


def body_blocks(body: _Element) -> list[Block]:
    """Flatten trafilatura's XML body to one block per paragraph, in order.

    Loose text between blocks (trafilatura keeps a heading's tail as text of
    the container) becomes a block of its own, tagged "text".
    """
    blocks: list[Block] = []
    stack: list[_Element | str] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # loose text, queued in document order
            blocks.append(Block(node, LOOSE_TEXT_TAG))
        elif node is not body and _is_leaf(node):
            tag = node.tag if isinstance(node.tag, str) else ""
            blocks.extend(Block(line, tag) for line in _leaf_lines(node))
        else:
            pending: list[_Element | str] = [node.text] if node.text and node.text.strip() else []
            for child in node:
                pending.append(child)
                if child.tail and child.tail.strip():
                    pending.append(child.tail)
            stack.extend(reversed(pending))
    return [Block(text, block.tag) for block in blocks if (text := squash_space(block.text))]


def body_paragraphs(body: _Element) -> list[str]:
    """The text of each of ``body_blocks``."""
    return [block.text for block in body_blocks(body)]


# trafilatura's options, built once (building them per page is measurable).
# fast: skip trafilatura's readability/justext comparison; we compare with
# readability ourselves (``agreement``), paragraph by paragraph. Recall mode:
# the agreement trims what it over-takes, and it skips the balanced mode's
# second pass over the page.
FAST_OPTIONS = Extractor(comments=False, tables=True, images=False, fast=True, recall=True, with_metadata=False)
# trafilatura's default mode, with its own fallback comparison: the second
# try when the fast result looks wrong (``candidates``).
FULL_OPTIONS = Extractor(comments=False, tables=True, images=False, with_metadata=False)


def _trafilatura_body(tree: HtmlElement, url: str, options: Extractor = FAST_OPTIONS) -> list[Block]:
    # The page's URL is left out of the shared options: trafilatura uses it
    # only for links, which newsbot does not keep.
    try:
        document = trafilatura.bare_extraction(tree, options=options)
    except Exception:  # trafilatura is third-party code on hostile input: never lose the page over it
        logger.debug("trafilatura failed on %s", url, exc_info=True)
        return []
    if document is None or getattr(document, "body", None) is None:
        return []
    return body_blocks(document.body)


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


def _kept_body(kept: HtmlElement, url: str) -> tuple[str, ...]:
    # The operator named the body's container: no teaser or edge trimming,
    # whose guesses are what the rule overrides.
    _unnest_paragraphs(kept)
    blocks = _trafilatura_body(kept, url)
    if blocks:
        return tuple(text for text, _ in blocks)
    return tuple(_harvest_paragraphs(kept))


def extract_body(
    tree: HtmlElement, url: str, jsonld: JsonLd, *, scan_dom: bool = True, rules: SiteRules | None = None
) -> tuple[str, ...]:
    """Main text, one paragraph per block. Prunes ``tree`` in place: call it last.

    trafilatura (fast mode) reads the pruned page; linked headlines of other
    stories are dropped from what it found. A short or link-heavy result
    gets a second look (``candidates``): if readability or the JSON-LD
    ``articleBody`` says it is far too short or the wrong block,
    trafilatura's default mode runs and the fullest agreeing candidate is
    kept. Then the first and last paragraphs are cut where neither
    readability nor ``articleBody`` supports them (``agreement``).
    ``articleBody`` is the body outright only when trafilatura finds nothing. ``rules``
    (the source's selectors) drop elements first, and where a kept element
    matches, the body is its text alone.

    ``scan_dom=False`` (pathologically large pages) skips pruning and
    trafilatura, whose cost grows faster than the page, and takes JSON-LD
    ``articleBody`` or the page's <p> elements outside nav/header/footer.
    """
    if rules is not None and rules.drop_selectors:
        drop_selected(tree, rules.drop_selectors)
    if rules is not None and rules.keep_selectors:
        kept = kept_tree(tree, rules.keep_selectors)
        if kept is not None:
            return _kept_body(kept, url)
    if not scan_dom:
        return tuple(_jsonld_body(jsonld) or _harvest_paragraphs(tree))
    remove_boilerplate(tree, url)
    _unnest_paragraphs(tree)
    links = link_texts(tree)
    continuation = Continuation(tree)
    blocks = _trafilatura_body(tree, url)
    jsonld_body = _jsonld_body(jsonld)
    if not blocks:
        return tuple(jsonld_body)
    kept = drop_teasers(blocks, links)
    # drop_teasers refuses to take most of a body; then the body is mostly links.
    link_heavy = len(kept) == len(blocks) and len(blocks) > 1 and sum(
        is_teaser(text, tag, links) for text, tag in blocks) * 2 >= len(blocks)
    paragraphs = drop_trailing_teasers([text for text, _ in kept], continuation.element)
    second_look = needs_second_look(paragraphs, link_heavy=link_heavy, jsonld=jsonld_body)
    if not second_look and (not edges_need_judging(paragraphs) or edges_settled(paragraphs, jsonld_body)):
        # Prose at both ends, or articleBody vouches for both: readability's opinion would change nothing.
        return tuple(continuation.extend(paragraphs))
    # readability rewrites the tree it reads: on a copy when trafilatura may need the tree again.
    judge = readability_paragraphs(copy.deepcopy(tree) if second_look else tree)
    if second_look and fast_body_looks_wrong(paragraphs, judge, jsonld_body, link_heavy=link_heavy):
        full = [text for text, _ in drop_teasers(_trafilatura_body(tree, url, FULL_OPTIONS), links)]
        paragraphs = fuller_body(paragraphs, full, judge, jsonld_body)
    return tuple(continuation.extend(trim_unsupported_edges(paragraphs, (judge, jsonld_body))))
