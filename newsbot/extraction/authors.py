"""Author names: JSON-LD, then <meta>, then byline markup; cleaned into a list of people."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsbot.extraction._html import DOMAIN_LIKE_RE, element_text, squash_space
from newsbot.extraction.metadata import SITE_NAME_KEYS, PageMeta
from newsbot.extraction.structured_data import JsonLd, node_types

AUTHOR_JSONLD_KEYS = ("author", "creator")
AUTHOR_META_KEYS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "byline")
# Byline markup, used only when no metadata names anyone. Class tokens are
# matched whole: "author" alone also marks comment authors in most themes.
BYLINE_CLASSES = ("byline", "author-name", "post-author", "entry-author", "article-author")
# Cheap substring tests first, so the exact class-token test runs on a handful of elements.
BYLINE_ELEMENTS = etree.XPath(
    "//*[@itemprop='author'] | //a[@rel][contains(concat(' ', @rel, ' '), ' author ')]"
    " | //*[@class][contains(@class, 'byline') or contains(@class, 'author')]["
    + " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')" for name in BYLINE_CLASSES)
    + "]"
)
ITEMPROP_NAME = etree.XPath(".//*[@itemprop='name']")
COMMENT_ANCESTOR = etree.XPath("ancestor::*[contains(@class, 'comment') or contains(@id, 'comment')]")
MAX_BYLINE_ELEMENTS = 8
MAX_AUTHORS = 12

BY_PREFIX_RE = re.compile(
    r"^\s*(?:(?:written|posted|published|reported|words|text|story)\s+by|by|author|authors|von|par|por|автор)"
    r"\s*[:\-–—]?\s+",
    re.IGNORECASE,
)
# "Jane Doe and John Smith", "A, B & C", "A und B": one string, several people.
# The conjunction in several languages; not Spanish "y" or Italian "e", which join surnames.
NAME_SEPARATORS_RE = re.compile(r"\s*(?:,|;|&|\||/|•|·|\s(?:and|und|et|og|och|ve|и)\s)\s*", re.IGNORECASE)
# Initials after a name: "Elena Oberholzer (obe)".
TRAILING_INITIALS_RE = re.compile(r"\s*\([\w.]{1,6}\)$")
# A profile slug next to the name it spells ("emma-mackenzie" beside "Emma Mackenzie").
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
# Credits that land in author fields: "(Image: Getty Images".
CREDIT_RE = re.compile(r"\b(?:image|images|photo|foto|picture|getty|istock\w*|shutterstock)\b|[()]",
                       re.IGNORECASE)
NOT_NAME_TOKEN_RE = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+|(?<!\w)@\w+")
# Segments that are dates, times or roles rather than names.
NOT_A_NAME_RE = re.compile(
    # Month names are left out on purpose: April, June and August are also
    # first names, and a real date segment is caught by its digits.
    r"\b\d|@|https?:|www\.|\b(?:updated|published|posted|modified|ago|minutes?|hours?|"
    r"read(?:ing)? time|min read|comments?)\b",
    re.IGNORECASE,
)
# A bare role is not a person ("Staff Writer" under a byline, "Contributor").
ROLE_WORDS = frozenset(
    {"staff", "writer", "staff writer", "editor", "contributor", "correspondent", "reporter", "admin"}
)
MAX_NAME_WORDS = 6
# schema.org types of publishers rather than people: Organization, NewsMediaOrganization, Corporation...
ORGANIZATION_TYPE_RE = re.compile(r"Organi[sz]ation$|^Corporation$")
# One upper-case word ("APA", "AFP") credits an agency, not a person.
AGENCY_CODE_RE = re.compile(r"^[A-Z]{2,6}$")
# Links to a writer's page ("/author/jane-doe/", "/autor/...", "/reporter/..."): a byline without byline markup.
AUTHOR_PATH_RE = re.compile(r"/(?:authors?|autor(?:en)?|auteurs?|autore|reporters?|journalists?)/[^/?#]+", re.IGNORECASE)
# Looked for only in the headline's box: cards of other stories carry author links too.
HEADLINE_BOX_LEVELS = 3
# A byline in plain text under the headline: "By Jane Doe, in News · 31 Jan", "Von Jane Doe".
TEXT_BYLINE_RE = re.compile(r"^\s*(?:by|von|par|por|door|av|af)\s+\S", re.IGNORECASE)
# Where the names end: a section ("in News"), a separator, a date.
BYLINE_END_RE = re.compile(r"\s(?:in|im|dans|en|i|på)\s|[·|•\n]|\d")
FOLLOWING_ELEMENTS = etree.XPath("following::*[position() <= 80]")
MAX_TEXT_BYLINE_CHARS = 120
# A byline set as the text's first bold line: "<p><strong>Jane Doe/John Smith</strong></p>", before any prose.
BOLD_TAGS = ("strong", "b")
MAX_BOLD_BYLINE_CHARS = 80
PROSE_CHARS = 150
PERSON_NAME_RE = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*){1,3}$")
MAX_AUTHOR_LINKS = 6
MAX_NAME_CHARS = 60


def _jsonld_names(jsonld: JsonLd, value: Any, depth: int = 0, organizations: list[str] | None = None) -> list[str]:
    """Author names of a JSON-LD value; names of Organization nodes are also put in ``organizations``."""
    if depth > 3 or value is None:
        return []
    value = jsonld.resolve(value)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [name for item in value for name in _jsonld_names(jsonld, item, depth + 1, organizations)]
    if isinstance(value, Mapping):
        name = value.get("name")
        if isinstance(name, (str, list)):
            names = _jsonld_names(jsonld, name, depth + 1)
            if organizations is not None and any(ORGANIZATION_TYPE_RE.search(t) for t in node_types(value)):
                organizations.extend(names)
            return names
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) or isinstance(family, str):
            return [" ".join(part for part in (given, family) if isinstance(part, str))]
    return []


def _byline_texts(tree: HtmlElement) -> list[str]:
    texts: list[str] = []
    for element in BYLINE_ELEMENTS(tree)[:MAX_BYLINE_ELEMENTS]:
        if COMMENT_ANCESTOR(element):
            continue
        names = ITEMPROP_NAME(element)
        if names:
            texts.extend(element_text(name) for name in names)
        else:
            texts.append(element.get("content") or element_text(element))
    return texts


def split_author_names(raw: str) -> list[str]:
    """"By Jane Doe and John Smith | 5 March 2024" -> ["Jane Doe", "John Smith"]."""
    names: list[str] = []
    # Profile links, handles and addresses are not names, and their "/" and
    # ":" would otherwise split them into fake ones.
    text = squash_space(NOT_NAME_TOKEN_RE.sub(" ", raw))
    for part in NAME_SEPARATORS_RE.split(text):
        # Bylines put roles and dates after a dash: "Jane Doe - Staff Writer".
        part = re.split(r"\s[-–—]\s", part, maxsplit=1)[0]
        part = BY_PREFIX_RE.sub("", squash_space(part))
        part = TRAILING_INITIALS_RE.sub("", part).strip(" .:-–—\"'“”")
        if not part or NOT_A_NAME_RE.search(part) or part.casefold() in ROLE_WORDS:
            continue
        if CREDIT_RE.search(part):
            continue
        if len(part) < 2 or len(part) > MAX_NAME_CHARS or len(part.split()) > MAX_NAME_WORDS:
            continue
        names.append(part)
    return names


def clean_author_names(raw: Iterable[str], site_names: Iterable[str] = ()) -> tuple[str, ...]:
    """Names from raw author values; the site's own name or a host name beside a person's is dropped.

    "Jane Doe, professor at X, example.com" credits the publisher after the
    writer: the publisher is no author when someone is named. Alone, it is
    what the page says and is kept.
    """
    unique: dict[str, str] = {}
    for value in raw:
        for name in split_author_names(value):
            unique.setdefault(name.casefold(), name)
    spelled = {key.replace(" ", "-") for key in unique}
    names = [name for key, name in unique.items() if not (SLUG_RE.match(name) and key in spelled and " " not in key)]
    sites = {squash_space(site).casefold() for site in site_names}
    people = [name for name in names if not (DOMAIN_LIKE_RE.match(name) or name.casefold() in sites)]
    return tuple(people or names)[:MAX_AUTHORS]


def _headline(tree: HtmlElement) -> HtmlElement | None:
    """The page's first h1 with text (not an empty logo h1)."""
    return next((h1 for h1 in tree.iter("h1") if element_text(h1)), None)


def _headline_author_links(tree: HtmlElement) -> list[str]:
    """Texts of links to writers' pages in the box that holds the page's first h1."""
    h1 = _headline(tree)
    box = h1
    for _ in range(HEADLINE_BOX_LEVELS):
        parent = box.getparent() if box is not None else None
        # The article, the main area or the page hold other stories' cards too.
        if parent is None or parent.tag in ("article", "main", "body", "html"):
            break
        box = parent
    if box is None or box is h1:
        return []
    links = (link for link in box.iter("a") if AUTHOR_PATH_RE.search(link.get("href") or ""))
    texts = [text for link in links if (text := element_text(link))][:MAX_AUTHOR_LINKS]
    # A second link to the same writer says more ("Jane Doe Follow", "More by Jane Doe"): the name is enough.
    return [text for text in texts if not any(other != text and other in text for other in texts)]


def _text_byline(tree: HtmlElement) -> list[str]:
    """Names of a plain-text byline among the first elements after the headline."""
    h1 = _headline(tree)
    if h1 is None:
        return []
    for element in FOLLOWING_ELEMENTS(h1):
        own = element.text or ""
        if not TEXT_BYLINE_RE.match(own):
            continue
        text = element_text(element)
        if len(text) > MAX_TEXT_BYLINE_CHARS:
            return []
        prefix = BY_PREFIX_RE.match(text)
        names = text[prefix.end():] if prefix else text
        return [BYLINE_END_RE.split(names, maxsplit=1)[0]]
    return []


def _bold_byline(tree: HtmlElement) -> list[str]:
    """Names on the first bold line of the text under the headline, if it comes before any prose."""
    h1 = _headline(tree)
    if h1 is None:
        return []
    for element in FOLLOWING_ELEMENTS(h1):
        if element.tag != "p":
            continue
        text = element_text(element)
        if len(text) >= PROSE_CHARS:
            return []
        bold = [child for child in element if child.tag in BOLD_TAGS]
        if not text or len(text) > MAX_BOLD_BYLINE_CHARS or len(bold) != 1 or element_text(bold[0]) != text:
            continue
        names = split_author_names(text)
        # Every part a name of two to four words: a bold sub-heading ("What happens next?") is not a byline.
        if names and all(PERSON_NAME_RE.match(name) and name[0].isupper() for name in names):
            return names
        return []
    return []


def extract_authors(tree: HtmlElement, page: PageMeta, jsonld: JsonLd, *, scan_dom: bool = True) -> tuple[str, ...]:
    """Names from the first source that names a person: JSON-LD, meta tags, byline markup (if ``scan_dom``).

    A source naming only an organisation (a JSON-LD Organization, or the
    site's own name) gives way to a later one naming people: sites credit
    themselves in the metadata and the writer in the byline, in a link to
    the writer's page beside the headline, in a plain "By ..." line under
    it or, where the page credits only itself, in a bold line of names
    opening the text. When no source names a person, the organisation is
    what the page says.
    """
    organizations: list[str] = []
    jsonld_raw = [name for key in AUTHOR_JSONLD_KEYS
                  for name in _jsonld_names(jsonld, jsonld.article_value(key), organizations=organizations)]
    sites = page.values(*SITE_NAME_KEYS)
    not_people = {squash_space(name).casefold() for name in (*organizations, *sites)}
    sources = [lambda: jsonld_raw, lambda: page.values(*AUTHOR_META_KEYS)]
    if scan_dom:
        sources += [lambda: _byline_texts(tree), lambda: _headline_author_links(tree), lambda: _text_byline(tree)]
        # A bold line of names is a weak sign: only where the page credits an organisation, hiding the writer.
        sources.append(lambda: _bold_byline(tree) if fallback else [])
    fallback: tuple[str, ...] = ()
    for source in sources:
        names = clean_author_names(source(), sites)
        if names and any(name.casefold() not in not_people and not AGENCY_CODE_RE.match(name) for name in names):
            return names
        fallback = fallback or names
    return fallback
