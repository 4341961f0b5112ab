"""JSON-LD: find the node that describes this page's article.

Read with the stdlib ``json`` rather than extruct: we only need JSON-LD, and
extruct re-parses the whole page (several milliseconds per page).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

JSONLD_SCRIPTS = etree.XPath(
    "//script[contains(translate(@type, 'APLICTONDJS', 'aplictondjs'), 'ld+json')]"
)
# schema.org types (and their news subtypes) that mean "this page is an article".
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "AnalysisNewsArticle",
        "AskPublicNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "SatiricalArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "TechArticle",
        "ScholarlyArticle",
    }
)
# Containers whose ``mainEntity`` is the page's subject. Nodes under ItemList,
# hasPart, etc. are deliberately not followed: on a listing page those are the
# teasers, and taking one for "the article" would make the listing look like one.
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage", "CollectionPage", "ProfilePage", "QAPage"})
CONTAINER_KEYS = ("mainEntity",)
# Some CMSs wrap the JSON in an HTML comment or CDATA to hide it from old browsers.
# Longest first: "//<![CDATA[" must go whole, not leave a "//" behind.
WRAPPERS = ("//<![CDATA[", "//]]>", "<![CDATA[", "]]>", "<!--", "-->")
MAX_SCRIPTS = 50
MAX_SCRIPT_CHARS = 2_000_000

JsonNode = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class JsonLd:
    """The JSON-LD of one page, flattened to its top-level nodes."""

    nodes: tuple[JsonNode, ...] = ()
    article: JsonNode | None = None
    by_id: Mapping[str, JsonNode] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """Follow a bare ``{"@id": ...}`` reference to the full node, if present."""
        if isinstance(value, Mapping) and set(value) <= {"@id", "@type"}:
            target = self.by_id.get(str(value.get("@id")))
            if target is not None:
                return target
        return value

    def article_value(self, *keys: str) -> Any:
        """The first non-empty value of ``keys`` on the article node (references resolved)."""
        if self.article is None:
            return None
        for key in keys:
            value = self.article.get(key)
            if value not in (None, "", [], {}):
                return self.resolve(value)
        return None

    def nodes_of_type(self, *types: str) -> Iterator[JsonNode]:
        wanted = set(types)
        return (node for node in self.nodes if node_types(node) & wanted)


def node_types(node: JsonNode) -> set[str]:
    """``@type`` as a set of bare names ("http://schema.org/NewsArticle" -> "NewsArticle")."""
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values if isinstance(v, str) and v}


def first_text(value: Any) -> str | None:
    """A plain string from a JSON-LD value: str, number, first list item, or ``name``/``@value``."""
    for _ in range(4):  # nested wrappers are shallow in practice; bounded anyway
        if isinstance(value, list):
            value = next((v for v in value if v not in (None, "")), None)
        elif isinstance(value, Mapping):
            value = value.get("name") or value.get("@value") or value.get("url")
        else:
            break
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def first_url(value: Any) -> str | None:
    """An address from a JSON-LD value: str, or an object's url/contentUrl/@id.

    Not ``first_text``: an ImageObject's ``name`` is a caption, and
    ``mainEntityOfPage`` is often just ``{"@id": "<url>"}``.
    """
    for _ in range(3):
        if isinstance(value, list):
            value = value[0] if value else None
        elif isinstance(value, Mapping):
            value = value.get("url") or value.get("contentUrl") or value.get("@id")
        else:
            break
    return value.strip() or None if isinstance(value, str) else None


def _load_json(text: str) -> list[Any]:
    text = text.strip()
    for wrapper in WRAPPERS:
        text = text.replace(wrapper, "")
    decoder = json.JSONDecoder(strict=False)
    try:
        return [decoder.decode(text)]
    except ValueError:
        pass
    # Trailing junk or several objects back to back: decode what we can.
    values: list[Any] = []
    position = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    while 0 <= position < len(text):
        try:
            value, end = decoder.raw_decode(text, position)
        except ValueError:
            break
        values.append(value)
        position = text.find("{", end)
    return values


def _flatten(value: Any, out: list[JsonNode], depth: int = 0) -> None:
    if depth > 4:
        return
    if isinstance(value, list):
        for item in value:
            _flatten(item, out, depth + 1)
    elif isinstance(value, Mapping):
        if "@graph" in value:
            _flatten(value["@graph"], out, depth + 1)
        if "@type" in value:
            out.append(value)
            if node_types(value) & PAGE_TYPES:
                for key in CONTAINER_KEYS:
                    _flatten(value.get(key), out, depth + 1)


def _index_by_id(nodes: list[JsonNode]) -> dict[str, JsonNode]:
    index: dict[str, JsonNode] = {}
    stack: list[tuple[Any, int]] = [(node, 0) for node in nodes]
    while stack:
        value, depth = stack.pop()
        if depth > 6:
            continue
        if isinstance(value, Mapping):
            node_id = value.get("@id")
            # A bare reference is not a definition; keep the richest node per id.
            if isinstance(node_id, str) and set(value) - {"@id", "@type"} and len(value) > len(index.get(node_id, {})):
                index[node_id] = value
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
    return index


def _pick_article(nodes: list[JsonNode]) -> JsonNode | None:
    articles = [node for node in nodes if node_types(node) & ARTICLE_TYPES]
    if not articles:
        return None
    # Several article nodes (a page's own plus a "related" one some plugins add):
    # the one with a headline and the most properties is the page's.
    return max(articles, key=lambda node: (bool(node.get("headline")), len(node)))


def read_jsonld(tree: HtmlElement) -> JsonLd:
    """All JSON-LD nodes of the page and its article node, if any. Never raises."""
    nodes: list[JsonNode] = []
    for script in JSONLD_SCRIPTS(tree)[:MAX_SCRIPTS]:
        text = script.text or ""
        if not text.strip() or len(text) > MAX_SCRIPT_CHARS:
            continue
        for value in _load_json(text):
            _flatten(value, nodes)
    if not nodes:
        return JsonLd()
    by_id = _index_by_id(nodes)
    resolved = [by_id.get(str(node.get("@id")), node) if set(node) <= {"@id", "@type"} else node for node in nodes]
    return JsonLd(nodes=tuple(resolved), article=_pick_article(resolved), by_id=by_id)
