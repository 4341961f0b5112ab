"""Malformed pages for fuzzing extraction: broken nesting, junk bytes, hostile structure.

One generator driven by a ``random.Random``, so hypothesis (in the tests)
and a seeded loop of 10,000 pages (in benchmarks/faults.py) share it.
"""

from __future__ import annotations

import json
import random

_TAGS = ["p", "div", "span", "article", "h1", "h2", "script", "style", "table", "td", "li",
         "ul", "a", "time", "meta", "title", "html", "body", "head", "iframe", "svg", "template"]
_JUNK = ["<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>", "&", "&#", "&#x110000;", "&nbsp",
         "\x00", "\ufffd", "\u202e", "\"", "'", "=", "<?xml", "<!DOCTYPE", "\r", "\t"]
_WORDS = "harbour council ferry vote tide storm quay market report winter".split()


def malformed_page(rng: random.Random, max_parts: int = 60) -> str:
    parts = []
    for _ in range(rng.randint(0, max_parts)):
        parts.append(rng.choice(_PIECES)(rng))
    return "".join(parts)


def _open_tag(rng):
    attrs = " ".join(f'{rng.choice(["class", "id", "href", "content", "property", "lang", "x"])}'
                     f'={rng.choice(["", chr(34), "a b", "og:title", "<p>", "http://"])}'
                     for _ in range(rng.randint(0, 3)))
    return f"<{rng.choice(_TAGS)} {attrs}"[: rng.randint(2, 60)] + rng.choice([">", "", "/>"])


def _close_tag(rng):
    return f"</{rng.choice(_TAGS)}>"


def _text(rng):
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 40)))


def _junk(rng):
    return "".join(rng.choice(_JUNK) for _ in range(rng.randint(1, 10)))


def _deep_nesting(rng):
    depth = rng.randint(10, 3000)
    return "<div>" * depth + _text(rng) + "</span>" * rng.randint(0, depth)


def _bad_jsonld(rng):
    blob = rng.choice([
        '{"@type": "NewsArticle", "headline": ',
        json.dumps({"@type": ["NewsArticle", None], "author": [{"name": None}, 5, "x"],
                    "datePublished": "2026-13-45T99:99", "articleBody": 7}),
        json.dumps({"@graph": [[], {"@type": {}}, None]}),
        "[" * 500,
    ])
    return f'<script type="application/ld+json">{blob}</script>'


def _binary(rng):
    return bytes(rng.randrange(256) for _ in range(rng.randint(1, 200))).decode("latin-1")


def _huge_attribute(rng):
    return f'<meta property="og:title" content="{"x" * rng.randint(1000, 200_000)}">'


_PIECES = [_open_tag, _close_tag, _text, _text, _junk, _deep_nesting, _bad_jsonld, _binary,
           _huge_attribute]
