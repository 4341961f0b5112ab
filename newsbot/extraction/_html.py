"""Parsing HTML text into an lxml tree, and the small text helpers every stage shares."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HTMLParser

# libxml2 gives up on text nodes above 10 MB unless huge_tree is set; pages
# beyond this are not articles, so we cut them rather than risk a slow parse.
MAX_HTML_CHARS = 12_000_000
# An XML declaration with an encoding makes lxml refuse a str; we parse UTF-8
# bytes instead, so the declaration has to go.
XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# NUL and other C0 controls (except tab/newline/CR) show up when binary junk is
# decoded as text; libxml2 stops parsing at a NUL. Deleted from the UTF-8
# bytes, where they are single bytes that no multi-byte sequence contains
# (bytes.translate is several times cheaper than a regex over the text).
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# Decoded binary is full of replacement characters and C0/C1 controls, which
# real pages (in any language or legacy charset) almost never contain.
BINARY_CHARS_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
BINARY_SAMPLE_CHARS = 65_536
MAX_BINARY_SHARE = 0.05
TEASER_CONTEXT = etree.XPath(
    "ancestor::li or ancestor::a"
    " or ../descendant::*[self::h2 or self::h3 or self::h4][.//a or ancestor::a]"
    " or ../../descendant::*[self::h2 or self::h3 or self::h4][.//a or ancestor::a]"
)
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6"
    " header hr li main nav ol p pre section table td th tr ul".split()
)
# Never visible text, whatever a careless theme puts inside a heading or byline.
SKIPPED_TAGS = frozenset(("script", "style", "noscript", "template", "svg"))


# An unclosed (or misspelt "</titel>") <title> is raw text to the parser up
# to the next "</title>", so the whole page can end up as the title and the
# body comes out empty. A real title never holds a tag.
# A host name standing where a name is expected ("example.com", "Lrt.lt").
DOMAIN_LIKE_RE = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.IGNORECASE)
TITLE_OPEN_RE = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
TAG_IN_TEXT_RE = re.compile(r"<[a-zA-Z/!]")
FIRST_TITLE = etree.XPath("(//title)[1]")

HTML_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(element=HtmlElement, comment=HtmlComment)


def looks_binary(text: str) -> bool:
    """True for bytes that were never text (an image or archive served as text/html)."""
    sample = text[:BINARY_SAMPLE_CHARS]
    if not sample:
        return False
    junk = len(BINARY_CHARS_RE.findall(sample))
    return junk > len(sample) * MAX_BINARY_SHARE


def parse_html(html: str) -> HtmlElement | None:
    """Parse a page leniently; ``None`` when nothing tree-like is left (empty, binary)."""
    if not html or not html.strip() or looks_binary(html):
        return None
    text = XML_DECLARATION_RE.sub("", html[:MAX_HTML_CHARS], count=1)
    # A fresh parser per call: lxml parsers hold state and are not safe to share
    # between threads, and building one costs microseconds.
    parser = HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        default_doctype=False,
    )
    # lxml.html picks each element's class in a Python callback (forms and
    # inputs get their own); one C-level default class makes every tree walk
    # here and in trafilatura and readability about a tenth cheaper.
    parser.set_element_class_lookup(HTML_ELEMENT_CLASSES)
    try:
        root = etree.fromstring(text.encode("utf-8", "replace").translate(None, CONTROL_BYTES), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None or not isinstance(root, HtmlElement):
        return None
    return root


def title_swallows_page(tree: HtmlElement) -> bool:
    """True when the first <title> holds markup: it was never closed and ate what followed."""
    titles = FIRST_TITLE(tree)
    return bool(titles) and TAG_IN_TEXT_RE.search(titles[0].text or "") is not None


def close_swallowing_title(html: str) -> str | None:
    """``html`` with ``</title>`` put before the first tag after ``<title>``; ``None`` if there is none."""
    opening = TITLE_OPEN_RE.search(html)
    if opening is None:
        return None
    tag = TAG_IN_TEXT_RE.search(html, opening.end())
    if tag is None:
        return None
    return html[: tag.start()] + "</title>" + html[tag.start() :]


def squash_space(text: str | None) -> str:
    """Collapse runs of whitespace (including NBSP) to one space and trim."""
    if not text:
        return ""
    # str.split() splits on exactly what \s matches: same result, a fourth of the time.
    return " ".join(text.split())


def element_text(element: HtmlElement) -> str:
    """Visible text of an element, whitespace squashed.

    Block elements and ``<br>`` separate words; inline ones do not, so
    ``<b>H</b>ello`` stays one word but ``<p>a</p><p>b</p>`` gives ``a b``.
    """
    parts: list[str] = []
    # Iterative walk: recursion would hit Python's limit on pathological nesting.
    stack: list[tuple[HtmlElement, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if closing or tag in SKIPPED_TAGS:
            if closing and tag in BLOCK_TAGS:
                parts.append(" ")
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if tag in BLOCK_TAGS:
            parts.append(" ")
        if node.text and tag:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return squash_space("".join(parts))


def in_teaser(element: HtmlElement | None) -> bool:
    """True when ``element`` sits in a teaser for another page: a list item, a
    link, or a box (parent or grandparent) that holds a linked headline."""
    return element is not None and bool(TEASER_CONTEXT(element))


def join_url(base: str, href: str | None) -> str | None:
    """``href`` resolved against ``base``; ``None`` when either is not a valid URL."""
    if not href or not href.strip():
        return None
    try:
        joined = urljoin(base, href.strip())
        urlsplit(joined)  # urljoin lets some malformed hosts ("http://[x") through
    except ValueError:
        return None
    return joined


def class_and_id(element: HtmlElement) -> str:
    """Lower-cased ``class`` and ``id`` joined, for boilerplate matching."""
    return f"{element.get('class', '')} {element.get('id', '')}".lower()
