"""The rest of an article the page splits into several boxes.

Many templates break a long article into boxes of the same kind, with an
advertisement, a pull quote or an embed between them: two or more
``<div class="article-body">`` in a row, or paragraphs that all carry the
same class. trafilatura takes the best-scoring box and leaves the others.
Their paragraphs are recognised by their markup alone: the same tag and
class as the box the body came from, or the same class as the body's own
paragraphs, after the body's first one (what comes before the start is a
claim, a teaser or a lead that trafilatura judged apart). Only paragraphs
of prose join (not links, not a few words), and only when they add a real
amount of text. Nothing here knows a site.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from lxml.html import HtmlElement

from newsbot.extraction._html import BLOCK_TAGS, SKIPPED_TAGS, element_text, squash_space

# A paragraph of another box joins when it has this many characters ...
MIN_PARAGRAPH_CHARS = 80
# ... and at most this share of them linked.
MAX_LINKED_SHARE = 0.3
# The boxes together must add this much text, or they are not the article's rest.
MIN_ADDED_CHARS = 300
# The body's box: the parent of this many of the body's paragraphs at least.
MIN_MATCHED_PARAGRAPHS = 2


def _has_blocks(p: HtmlElement) -> bool:
    # Where element_text and text_content() differ: a block or <br> splits words, script text is not text.
    return any(isinstance(node.tag, str) and (node.tag in BLOCK_TAGS or node.tag in SKIPPED_TAGS)
               for node in p.iterdescendants())


class _Paragraph(NamedTuple):
    index: int  # document position
    text: str
    css_class: str | None
    element: HtmlElement
    parent: HtmlElement | None  # held here: the tree is pruned before ``extend`` runs
    parent_key: tuple[str, str | None] | None  # (tag, class)
    linked_chars: int


class Continuation:
    """Paragraphs of the page, read before the tree is pruned, to extend a body with later."""

    def __init__(self, tree: HtmlElement) -> None:
        self.paragraphs: list[_Paragraph] = []
        for index, p in enumerate(tree.iter("p")):
            # A paragraph with only inline markup, the common case, reads the
            # same through libxml2's text_content(), at a fraction of the cost.
            text = element_text(p) if _has_blocks(p) else squash_space(p.text_content())
            if not text:
                continue
            parent = p.getparent()
            linked = sum(len(squash_space(a.text_content())) for a in p.iter("a")) if len(
                text) >= MIN_PARAGRAPH_CHARS else 0
            key = (parent.tag, parent.get("class")) if parent is not None else None
            self.paragraphs.append(_Paragraph(index, text, p.get("class"), p, parent, key, linked))
        self._by_text = {paragraph.text: paragraph.element for paragraph in reversed(self.paragraphs)}

    def element(self, text: str) -> HtmlElement | None:
        """The page's first <p> with exactly this text, if any."""
        return self._by_text.get(text)

    def extend(self, body: Sequence[str]) -> list[str]:
        """``body`` with the prose paragraphs of its sister boxes inserted in document order."""
        wanted = set(body)
        matched = [p for p in self.paragraphs if p.text in wanted]
        if len(matched) < MIN_MATCHED_PARAGRAPHS:
            return list(body)
        parents = Counter(p.parent for p in matched if p.parent is not None)
        box_key = None
        if parents:
            box, count = parents.most_common(1)[0]
            if count >= MIN_MATCHED_PARAGRAPHS and box.get("class"):
                box_key = (box.tag, box.get("class"))
        classes = Counter(p.css_class for p in matched if p.css_class)
        paragraph_class = next((c for c, n in classes.most_common(1) if n >= MIN_MATCHED_PARAGRAPHS), None)
        if box_key is None and paragraph_class is None:
            return list(body)
        start = min(p.index for p in matched)
        extra = [
            (p.index, p.text) for p in self.paragraphs
            if p.index > start and p.text not in wanted and len(p.text) >= MIN_PARAGRAPH_CHARS
            and p.parent not in parents
            and p.linked_chars <= MAX_LINKED_SHARE * len(p.text)
            and ((box_key is not None and p.parent_key == box_key)
                 or (paragraph_class is not None and p.css_class == paragraph_class))
        ]
        if sum(len(text) for _, text in extra) < MIN_ADDED_CHARS:
            return list(body)
        position: dict[str, int] = {}
        for p in matched:
            position.setdefault(p.text, p.index)
        merged: list[str] = []
        pending = sorted(extra)
        for text in body:
            at = position.get(text)
            while at is not None and pending and pending[0][0] < at:
                merged.append(pending.pop(0)[1])
            merged.append(text)
        merged.extend(text for _, text in pending)
        return merged
