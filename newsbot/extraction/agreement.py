"""A second opinion on the body, and trimming what only the main extractor believes.

trafilatura (in recall mode) finds the article text on nearly every page,
but at the start and end of the text it also takes what sits next to the
article: a teaser list, a newsletter box, the headline of the next story.
An extractor built on a different idea, readability's scoring of the
densest text block (trafilatura ships a port of it), rarely takes the same
furniture. So paragraphs at the edges of the body that no reference text
supports are cut, as long as the references agree with the body as a whole
(a reference that found another block of the page is no judge of this one).

The references are the readability candidate and, where the page has one,
the JSON-LD ``articleBody``. Paragraphs inside the body are never cut here:
inline furniture is the text cleaners' job.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

import lxml.html
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.readability_lxml import Document as ReadabilityDocument

from newsbot.extraction._html import squash_space
from newsbot.tokens import Shingle, words
from newsbot.tokens import shingles as token_shingles

logger = logging.getLogger(__name__)

SHINGLE_TOKENS = 3
# A paragraph is supported when this share of its shingles is in a reference.
MIN_PARAGRAPH_SUPPORT = 0.5
# A reference judges the edges if it holds this share of the body's shingles ...
MIN_REFERENCE_AGREEMENT = 0.7
# ... or if this share of its own shingles lies inside the body: a body that
# is a third junk still holds the judge's text whole, and then the judge
# knows best where the article starts and ends.
MIN_REFERENCE_INSIDE = 0.9
# A reference this short judges nothing (a caption, a teaser).
MIN_REFERENCE_CHARS = 200
# The guards. Never trim to less than this share of what the body shares
# with a judge ...
MIN_KEPT_SHARE_OF_JUDGE = 0.6
# ... and, where a judge only qualified by lying inside the body (it may
# have found one block of a longer article), never to less than this share
# of the body: a trim that leaves a small block has cut the article, not
# its furniture.
MIN_KEPT_SHARE_OF_BODY = 0.6
# Such a judge must itself be no small block: this share of the body's text.
MIN_INSIDE_JUDGE_SHARE = 0.5
# Trimming stops at a paragraph of real prose this long: readability misses
# parts of long articles (a second text column, a post-script) more often
# than a teaser list looks like finished sentences.
MIN_PROSE_CHARS = 300
SENTENCE_END_RE = re.compile(r"[.!?…]['\"’”»)]*$")
# readability's own minimum paragraph length, as trafilatura calls it.
READABILITY_MIN_TEXT_LENGTH = 25
READABILITY_BLOCK_TAGS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "td", "th", "tr", "dd", "dt", "figcaption", "section", "article", "table", "ul", "ol",
)

NEVER_TEXT_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form",
                   "iframe", "select", "button")
# A <form> holding more than this share of the page's text wraps the page
# (ASP.NET WebForms put everything in one): a container, not a widget.
WRAPPER_FORM_SHARE = 0.5

# One page asks for the same paragraphs' shingles up to four times (the
# edge check, the trim, the second look): remembered for the last few pages.
SHINGLE_CACHE_SIZE = 4096


@lru_cache(maxsize=SHINGLE_CACHE_SIZE)
def shingles(text: str) -> frozenset[Shingle]:
    """Case-folded 3-token shingles; a shorter text is one shingle of what it has."""
    return token_shingles(words(text), SHINGLE_TOKENS)


def shingle_set(paragraphs: Iterable[str]) -> set[Shingle]:
    """The shingles of all ``paragraphs``, each paragraph's own (none spans two)."""
    return set().union(*(shingles(text) for text in paragraphs))


def _support(paragraph: AbstractSet[Shingle], reference: AbstractSet[Shingle]) -> float:
    if not paragraph:
        return 1.0
    return len(paragraph & reference) / len(paragraph)


def _is_prose(text: str) -> bool:
    return len(text) >= MIN_PROSE_CHARS and SENTENCE_END_RE.search(text) is not None


def edges_need_judging(paragraphs: Sequence[str]) -> bool:
    """False when both edges are prose, which trimming never cuts: then no reference is needed."""
    return bool(paragraphs) and not (_is_prose(paragraphs[0]) and _is_prose(paragraphs[-1]))


def _judge(paragraphs: Sequence[str], body: set[Shingle], reference: Sequence[str]) -> tuple[set[Shingle], bool] | None:
    """(the reference's shingles, whether it only qualified by lying inside the body), or None if it judges nothing."""
    reference_shingles = shingle_set(reference)
    if not body or not reference_shingles:
        return None
    shared = len(body & reference_shingles)
    if shared / len(body) >= MIN_REFERENCE_AGREEMENT:
        return reference_shingles, False
    if (sum(map(len, reference)) >= max(MIN_REFERENCE_CHARS, MIN_INSIDE_JUDGE_SHARE * sum(map(len, paragraphs)))
            and shared / len(reference_shingles) >= MIN_REFERENCE_INSIDE):
        return reference_shingles, True
    return None


def _supported(text: str, text_shingles: AbstractSet[Shingle], judges: Iterable[AbstractSet[Shingle]]) -> bool:
    return _is_prose(text) or any(_support(text_shingles, judge) >= MIN_PARAGRAPH_SUPPORT for judge in judges)


def edges_settled(paragraphs: Sequence[str], reference: Sequence[str]) -> bool:
    """True when ``reference`` alone judges the body and supports both its edges.

    Trimming then cuts nothing whatever other references say (one judge's
    support keeps a paragraph), so they need not be computed.

    >>> edges_settled(["By Jo Lee", "The story goes on."], ["By Jo Lee", "The story goes on."])
    True
    >>> edges_settled(["More news", "The story goes on."], ["The story goes on."])
    False
    """
    if not paragraphs or not reference:
        return False
    body = shingle_set(paragraphs)
    judge = _judge(paragraphs, body, reference)
    return judge is not None and all(
        _supported(paragraphs[index], shingles(paragraphs[index]), (judge[0],)) for index in (0, -1))


def trim_unsupported_edges(paragraphs: Sequence[str], references: Iterable[Sequence[str]]) -> list[str]:
    """``paragraphs`` without the leading and trailing ones that no agreeing reference supports.

    >>> trim_unsupported_edges(["More news", "The story goes on.", "Sign up"], [["The story goes on."]])
    ['The story goes on.']
    """
    paragraph_shingles = [shingles(text) for text in paragraphs]
    body: set[Shingle] = set().union(*paragraph_shingles)
    judges = []
    inside_only = False
    for reference in references:
        judge = _judge(paragraphs, body, reference)
        if judge is not None:
            judges.append(judge[0])
            inside_only = inside_only or judge[1]
    if not judges:
        return list(paragraphs)

    def supported(index: int) -> bool:
        return _supported(paragraphs[index], paragraph_shingles[index], judges)

    start, end = 0, len(paragraphs)
    while start < end and not supported(start):
        start += 1
    while end > start and not supported(end - 1):
        end -= 1
    kept: set[Shingle] = set().union(*paragraph_shingles[start:end])
    if any(len(kept & judge) < MIN_KEPT_SHARE_OF_JUDGE * len(body & judge) for judge in judges) or (
        inside_only and sum(map(len, paragraphs[start:end])) < MIN_KEPT_SHARE_OF_BODY * sum(map(len, paragraphs))
    ):
        return list(paragraphs)  # the guard: never trim to nothing or to a small block
    return list(paragraphs[start:end])


def _demote_wrapper_forms(tree: HtmlElement) -> None:
    forms = list(tree.iter("form"))
    if not forms:
        return
    total = len(tree.text_content())
    for form in forms:
        if total and len(form.text_content()) > WRAPPER_FORM_SHARE * total:
            form.tag = "div"


def readability_paragraphs(tree: HtmlElement) -> list[str]:
    """The densest text block as readability scores it, one string per block. Mutates ``tree``."""
    _demote_wrapper_forms(tree)
    # Never article text, and readability would score its way through them:
    # gone first, in one C-level pass.
    etree.strip_elements(tree, *NEVER_TEXT_TAGS, with_tail=False)
    try:
        html = ReadabilityDocument(tree, min_text_length=READABILITY_MIN_TEXT_LENGTH).summary()
        summary = lxml.html.fragment_fromstring(html, create_parent="div") if html.strip() else None
    except Exception:  # third-party code on hostile input: no second opinion then
        logger.debug("readability failed", exc_info=True)
        return []
    if summary is None:
        return []
    for element in summary.iter(*READABILITY_BLOCK_TAGS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    for line_break in summary.iter("br"):
        line_break.tail = "\n" + (line_break.tail or "")
    text = "".join(summary.itertext())
    return [line for line in (squash_space(part) for part in text.split("\n")) if line]
