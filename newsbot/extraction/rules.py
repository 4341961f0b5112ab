"""Per-site extraction rules: selectors that say where a site's article is, or what is not.

For the few sites where the generic path fails (the body sits in an unusual
container, or a box of furniture looks like text), the sources config names
selectors: ``keep_selectors`` (the body is the text of these elements) and
``drop_selectors`` (these elements are never body). A selector that starts
with ``/`` or ``(`` is XPath; anything else is CSS.

    rules = SiteRules(keep_selectors=("div.story-text",), drop_selectors=(".promo-box",))
    extract_article(html, url, rules=rules)

When no kept element matches (the site changed its layout), extraction
falls back to the generic path rather than returning nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from copy import deepcopy
from functools import lru_cache

from cssselect import GenericTranslator, SelectorError
from lxml import etree
from lxml.html import HtmlElement

XPATH_PREFIXES = ("/", "(", "./")
MAX_SELECTOR_CHARS = 500
# Compiled selectors are pure functions of their text; a crawl reuses a handful.
COMPILED_SELECTORS_CACHED = 256


class SelectorProblem(ValueError):
    """A selector that is neither valid CSS nor valid XPath."""


@dataclass(frozen=True, slots=True)
class SiteRules:
    """The extraction rules of one site, as plain strings (picklable for worker processes)."""

    keep_selectors: tuple[str, ...] = ()
    drop_selectors: tuple[str, ...] = ()
    # IANA name of the zone the site's dates are in when a page states none
    # (None: UTC, the common CMS storage zone).
    timezone: str | None = None

    def __bool__(self) -> bool:
        return bool(self.keep_selectors or self.drop_selectors or self.timezone)


def is_xpath(selector: str) -> bool:
    return selector.lstrip().startswith(XPATH_PREFIXES)


@lru_cache(maxsize=COMPILED_SELECTORS_CACHED)
def compile_selector(selector: str) -> etree.XPath:
    """The selector as a compiled XPath; raises ``SelectorProblem`` saying what is wrong."""
    text = selector.strip()
    if not text or len(text) > MAX_SELECTOR_CHARS:
        raise SelectorProblem(f"a selector must be 1 to {MAX_SELECTOR_CHARS} characters")
    if is_xpath(text):
        try:
            return etree.XPath(text)
        except etree.XPathSyntaxError as exc:
            raise SelectorProblem(f"not a valid XPath expression: {exc}") from None
    try:
        return etree.XPath(GenericTranslator().css_to_xpath(text))
    except (SelectorError, etree.XPathSyntaxError) as exc:
        raise SelectorProblem(f"not a valid CSS selector (start XPath with '/'): {exc}") from None


def selector_problem(selector: str) -> str | None:
    """What is wrong with ``selector``, or ``None`` when it compiles."""
    try:
        compile_selector(selector)
    except SelectorProblem as exc:
        return str(exc)
    return None


def select(tree: HtmlElement, selectors: tuple[str, ...]) -> list[HtmlElement]:
    """Elements matched by any of ``selectors``, outermost only, in document order."""
    found: dict[HtmlElement, None] = {}
    for selector in selectors:
        try:
            matches = compile_selector(selector)(tree)
        except (SelectorProblem, etree.XPathEvalError):
            continue  # checked when the sources were loaded; a library caller may pass anything
        if isinstance(matches, list):
            found.update((match, None) for match in matches if isinstance(match, HtmlElement))
    chosen = set(found)
    outermost = [element for element in found if not any(a in chosen for a in element.iterancestors())]
    order = {element: index for index, element in enumerate(tree.iter())}
    return sorted(outermost, key=lambda element: order.get(element, 0))


def drop_selected(tree: HtmlElement, selectors: tuple[str, ...]) -> int:
    """Remove the elements ``selectors`` match, keeping their tail text; returns how many."""
    removed = 0
    for element in select(tree, selectors):
        if element.getparent() is not None:
            element.drop_tree()
            removed += 1
    return removed


def kept_tree(tree: HtmlElement, selectors: tuple[str, ...]) -> HtmlElement | None:
    """A new page holding copies of only the elements ``selectors`` match; ``None`` when none does."""
    kept = select(tree, selectors)
    if not kept:
        return None
    page = tree.makeelement("html", {})
    body = etree.SubElement(page, "body")
    for element in kept:
        body.append(deepcopy(element))
    return page
