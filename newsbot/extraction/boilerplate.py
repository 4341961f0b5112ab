"""DOM boilerplate removed before the main-text extractor sees the page.

Only what trafilatura does not prune itself (it already drops elements
whose class or id says share, related, cookie, newsletter, ad...) and what
text cleaning cannot fix well because the block's extent is lost in plain
text: a "Related posts" heading with the linked headlines under it, a
consent notice, which may be longer than the article and then win the
main-text contest, and an old-style layout table used as a menu.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newsbot.extraction._html import class_and_id, element_text, squash_space
from newsbot.extraction.headline_lists import find_headline_lists
from newsbot.extraction.phrases import ACCEPT_BUTTON_RE, CONSENT_TEXT_RE, RELATED_HEADING_RE

# Elements that may open a related-links block: real headings, plus short
# leaf elements that themes style as one ("<div class=widget-title>").
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
STYLED_HEADING_TAGS = frozenset({"p", "div", "span", "strong"})
# Elements whose own text may be a cookie notice.
NOTICE_TAGS = frozenset({"p", "div", "span", "section"})
SCANNED_TAGS = tuple(HEADING_TAGS | STYLED_HEADING_TAGS | NOTICE_TAGS | {"aside", "dialog"})
# Layout tables used as menus on old sites: all links and separators.
TABLES_WITHOUT_HEADLINE = etree.XPath("//table[.//a][not(.//h1)]")
ACCEPT_CONTROLS = etree.XPath(".//a | .//button | .//input[@type='button' or @type='submit']")
# The root elements of the common consent managers (OneTrust, Cookiebot,
# Didomi, Quantcast, Usercentrics, TrustArc, Sourcepoint, Google Funding
# Choices, and the WordPress consent plugins): removed whatever they say,
# since when the page is saved their text is often still to be filled in.
CONSENT_MANAGER_IDS = (
    "onetrust-consent-sdk", "onetrust-banner-sdk", "CybotCookiebotDialog", "didomi-host", "didomi-notice",
    "qc-cmp2-container", "usercentrics-root", "truste-consent-track", "consent_blackbar", "cookie-law-info-bar",
    "cmplz-cookiebanner-container", "cookie-notice", "moove_gdpr_cookie_info_bar", "iubenda-cs-banner",
    "BorlabsCookieBox", "gdpr-cookie-notice", "cookieconsent", "cookie-consent-banner",
)
CONSENT_MANAGER_ID_SET = frozenset(CONSENT_MANAGER_IDS)
CONSENT_MANAGER_ID_PREFIX = "sp_message_container"
CONSENT_MANAGER_CLASS = "fc-consent-root"
CONTAINER_TAGS = frozenset({"div", "section", "aside", "dialog"})
# Consent-manager containers, recognised while climbing from a cookie sentence.
CONSENT_ATTR_RE = re.compile(r"cookie|consent|gdpr|onetrust|didomi|cmplz|qc-cmp|cc-(?:window|banner)|usercentrics")
# Never removed: a theme may put "cookie-consent-given" on <body>, and a
# block holding the h1 or the <article> holds the story.
PROTECTED_TAGS = frozenset({"html", "body", "head", "main", "article"})
# Raw text, indentation included; the phrases themselves are under 50 characters.
MAX_HEADING_RAW_CHARS = 120
MAX_NOTICE_SCAN = 2000
# A block with this much non-link text is content, not a box of related links.
MAX_RELATED_OWN_TEXT = 300
MAX_RELATED_CLIMB = 4
MAX_CONSENT_CLIMB = 5
MIN_MENU_LINK_SHARE = 0.8
MAX_MENU_CHARS = 300
ALNUM_RE = re.compile(r"\w")


def _is_removable(element: HtmlElement) -> bool:
    return (
        element.tag not in PROTECTED_TAGS
        and element.getparent() is not None
        and not any(True for _ in element.iter("h1", "article", "main"))
    )


def _visible_length(text: str) -> int:
    return len(text) - sum(text.count(space) for space in " \n\t\r")


def _own_text_length(element: HtmlElement) -> int:
    """Characters of text outside links (whitespace not counted)."""
    links = sum(_visible_length(link.text_content()) for link in element.iter("a"))
    return _visible_length(element.text_content()) - links


def _related_block(heading: HtmlElement) -> HtmlElement:
    """The heading's enclosing box, climbing while the box is still mostly links."""
    block = heading
    for _ in range(MAX_RELATED_CLIMB):
        parent = block.getparent()
        if parent is None or not _is_removable(parent) or _own_text_length(parent) > MAX_RELATED_OWN_TEXT:
            break
        block = parent
    return block


def _has_accept_control(block: HtmlElement) -> bool:
    return any(
        ACCEPT_BUTTON_RE.match(element_text(control) or control.get("value", ""))
        for control in ACCEPT_CONTROLS(block)
    )


def _consent_block(element: HtmlElement) -> HtmlElement | None:
    """The banner around a cookie sentence: the first ancestor that is a consent
    container by class/id or holds the accept button."""
    block: HtmlElement | None = element
    for _ in range(MAX_CONSENT_CLIMB):
        if block is None or not _is_removable(block):
            return None
        if CONSENT_ATTR_RE.search(class_and_id(block)) or _has_accept_control(block):
            return block
        block = block.getparent()
    return None


def _is_menu_table(table: HtmlElement) -> bool:
    # trafilatura keeps tables whole, so a table of "Home | News | Contact"
    # links on an old-style site would open the body. Data tables are mostly
    # text that is not linked.
    text = element_text(table)
    if len(text) > MAX_MENU_CHARS:
        return False
    letters = len(ALNUM_RE.findall(text))
    linked = sum(len(ALNUM_RE.findall(element_text(link))) for link in table.iter("a"))
    return letters > 0 and linked >= MIN_MENU_LINK_SHARE * letters


def _related_heading(element: HtmlElement) -> bool:
    if element.tag not in HEADING_TAGS and (element.tag not in STYLED_HEADING_TAGS or len(element) > 1):
        return False
    text = element.text_content() if len(element) else (element.text or "")
    return len(text) < MAX_HEADING_RAW_CHARS and RELATED_HEADING_RE.match(squash_space(text)) is not None


def _mentions_cookies(element: HtmlElement) -> bool:
    # Own text only (text and children's tails), as XPath's text() would see it.
    text = element.text
    if text and ("ookie" in text or "OOKIE" in text):
        return True
    for child in element:
        tail = child.tail
        if tail and ("ookie" in tail or "OOKIE" in tail):
            return True
    return False


def _is_consent_manager_root(element: HtmlElement) -> bool:
    # Attribute lookups only: this runs on every container of the page.
    element_id = element.get("id")
    if element_id is not None and (element_id in CONSENT_MANAGER_ID_SET
                                   or element_id.startswith(CONSENT_MANAGER_ID_PREFIX)):
        return True
    return CONSENT_MANAGER_CLASS in (element.get("class") or "")


def find_boilerplate(tree: HtmlElement, url: str = "") -> list[HtmlElement]:
    """Related-article blocks, menu tables, lists of other stories and consent banners (possibly nested).

    Lists of the site's other stories (``headline_lists``) need the page's
    ``url`` to tell the site's links from others.
    """
    found: list[HtmlElement] = [table for table in TABLES_WITHOUT_HEADLINE(tree) if _is_menu_table(table)]
    found.extend(block for block in find_headline_lists(tree, url) if _is_removable(block))
    # One pass over the candidate tags: cheaper than an XPath per kind.
    for element in tree.iter(*SCANNED_TAGS):
        if element.tag in CONTAINER_TAGS and _is_consent_manager_root(element):
            if _is_removable(element):
                found.append(element)
            continue
        if _related_heading(element):
            block = _related_block(element)
            # A lone "Read more" paragraph inside the text is a teaser link, not a block heading.
            if block is not element or element.tag in HEADING_TAGS:
                found.append(block)
        if (
            element.tag in NOTICE_TAGS
            and _mentions_cookies(element)
            and CONSENT_TEXT_RE.search(element.text_content()[:MAX_NOTICE_SCAN])
        ):
            block = _consent_block(element)
            if block is not None:
                found.append(block)
    return found


def remove_boilerplate(tree: HtmlElement, url: str = "") -> int:
    """Remove what ``find_boilerplate`` reports, in place; returns how many blocks went."""
    removed = 0
    for element in find_boilerplate(tree, url):
        parent = element.getparent()
        if parent is None or not _attached(element, tree):
            continue  # already gone with an enclosing block
        # Keep the tail: it is the parent's text that follows the block.
        if element.tail and element.tail.strip():
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)
        removed += 1
    return removed


def _attached(element: HtmlElement, root: HtmlElement) -> bool:
    node = element
    while (parent := node.getparent()) is not None:
        node = parent
    return node is root
