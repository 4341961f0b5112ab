"""Lists of other stories: each item a linked headline, perhaps with a kicker or a line of summary.

News pages set "more on this" lists inside and around the article, in
``<ul>``/``<ol>`` items on modern sites and in table rows on old table
layouts. trafilatura keeps list items and table cells (a list of facts or a
table of results is content), and it keeps the summary under a linked
headline because it reads like prose. Such a list is recognised by its
shape alone: three or more items in a row, every one short and opened by a
link of headline length to another page of the same site, each to a
different page. A list of facts has items that are not links; a list of
products links to shops, not to the site; an article's own paragraphs are
longer than a teaser. Nothing here knows a site.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newsbot.extraction._html import squash_space

LISTS = etree.XPath("//ul | //ol | //table")
OWN_ROWS = etree.XPath("tr | thead/tr | tbody/tr | tfoot/tr")
# A list must have this many items, all of them teasers.
MIN_ITEMS = 3
# An item longer than this is a paragraph that has a link, not a teaser.
MAX_ITEM_CHARS = 400
# A headline: at least this many words and characters.
MIN_HEADLINE_WORDS = 4
MIN_HEADLINE_CHARS = 20
# The linked headline opens the item: at most a kicker ("Interview:") before it.
MAX_KICKER_CHARS = 40
# Most of the item is the headline: a line of summary under it is allowed,
# a paragraph that opens with a link is not (a digest article's items are).
MIN_LINKED_SHARE = 0.5
WORD_RE = re.compile(r"\w+")


def _site(host: str | None) -> str:
    return (host or "").lower().removeprefix("www.")


def _items(container: HtmlElement) -> list[HtmlElement]:
    if container.tag == "table":
        # Only the table's own rows: a layout table holding tables is not a list.
        return OWN_ROWS(container)
    return [child for child in container if child.tag == "li"]


def _text(element: HtmlElement) -> str:
    return squash_space(element.text_content())


def _teaser_target(item: HtmlElement, page_url: str, site: str) -> str | None:
    """The page the item's opening linked headline points to; None if the item is no teaser.

    Cheap tests first: most lists on a page are menus whose first item
    already fails.
    """
    link = item.find(".//a[@href]")
    if link is None:
        return None
    headline = _text(link)
    if len(headline) < MIN_HEADLINE_CHARS or len(WORD_RE.findall(headline)) < MIN_HEADLINE_WORDS:
        return None
    text = _text(item)
    start = text.find(headline)
    if (len(text) > MAX_ITEM_CHARS or start < 0 or start > MAX_KICKER_CHARS
            or len(headline) < MIN_LINKED_SHARE * len(text)):
        return None
    try:
        target = urljoin(page_url, link.get("href").strip())
        parts = urlsplit(target)
    except ValueError:  # "http://[::1" and the like
        return None
    if parts.scheme not in ("http", "https") or _site(parts.hostname) != site:
        return None
    if len(parts.path.strip("/")) == 0 or target.split("#")[0] == page_url.split("#")[0]:
        return None
    return parts._replace(fragment="").geturl()


def find_headline_lists(tree: HtmlElement, page_url: str) -> list[HtmlElement]:
    """The ``<ul>``, ``<ol>`` and ``<table>`` elements that list other stories of the site."""
    try:
        site = _site(urlsplit(page_url).hostname)
    except ValueError:
        return []
    if not site:
        return []
    found = []
    for container in LISTS(tree):
        items = _items(container)
        if len(items) < MIN_ITEMS:
            continue
        targets: list[str] = []
        for item in items:
            target = _teaser_target(item, page_url, site)
            if target is not None:
                targets.append(target)
            elif _text(item):  # spacer rows and empty items do not count either way
                break
        else:
            if len(targets) >= MIN_ITEMS and len(set(targets)) == len(targets):
                found.append(container)
    return found
