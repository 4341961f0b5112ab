"""extract_article never raises: garbage in, an Article with (at most) an empty body out."""

from __future__ import annotations

import random
import time

import pytest

from newsbot.cleaning import clean_article
from newsbot.extraction import Article, decode_html, extract_article

URL = "https://example.com/a"
_rng = random.Random(20260305)
BINARY = bytes(_rng.getrandbits(8) for _ in range(200_000))
PARAGRAPH = "<p>Paragraph with some words in it, long enough to be read as text by an extractor.</p>"

GARBAGE = {
    "empty": "",
    "whitespace": " \n\t ",
    "not-html": "just some words",
    "binary-latin1": BINARY.decode("latin-1"),
    "binary-utf8-replaced": BINARY.decode("utf-8", "replace"),
    "nul-bytes": "<html>\x00<body><p>a\x00b</p></body></html>",
    "xml-declaration": '<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>x</p></body></html>',
    "deep-divs": "<div>" * 100_000 + "deep" + "</div>" * 100_000,
    "deep-unclosed": "<p><span>" * 50_000 + "x",
    "frameset": "<frameset><frame src='x'></frameset>",
    "comment-only": "<!-- nothing here -->",
    "svg-only": "<svg><text>hi</text></svg>",
    "broken-jsonld": '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "author": [1, null, '
    '{"name": ["x"]}], "datePublished": {"a": 1}, "headline": 5, "@graph": 7, "image": [[]]}</script>'
    "</head><body><p>x</p></body></html>",
    "jsonld-not-json": '<script type="application/ld+json"><!-- {{{ ]]> --></script><p>x</p>',
    "unclosed-everything": "<html><head><title>t<body><table><tr><td><p><b><i>text",
    "huge-attribute": '<div class="' + "x" * 2_000_000 + '">' + PARAGRAPH + "</div>",
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_does_not_raise(name):
    article = clean_article(extract_article(GARBAGE[name], URL))
    assert isinstance(article, Article)
    assert article.url == URL and article.canonical_url == URL


@pytest.mark.parametrize("name", ["empty", "whitespace", "binary-latin1", "binary-utf8-replaced", "comment-only"])
def test_garbage_gives_an_empty_body(name):
    assert extract_article(GARBAGE[name], URL).body == ()


def test_bytes_are_decoded_rather_than_rejected():
    html = "<html><head><meta charset='windows-1251'></head><body><h1>Привет</h1></body></html>".encode("cp1251")
    assert extract_article(html, URL).title == "Привет"


def test_five_megabyte_page_is_extracted_in_reasonable_time():
    filler = "".join(f'<div class="row r{i}"><span>{i}</span><a href="/x{i}">link {i}</a></div>' for i in range(70_000))
    html = f"<html><head><title>Big page</title></head><body>{filler}<article><h1>Big page</h1>" + PARAGRAPH * 20
    html += "</article></body></html>"
    assert len(html) > 5_000_000
    started = time.perf_counter()
    article = extract_article(html, URL)
    assert time.perf_counter() - started < 20
    assert len(article.body) == 20


def test_five_megabytes_of_paragraphs_do_not_raise():
    html = "<html><body>" + PARAGRAPH * 60_000 + "</body></html>"
    assert len(html) > 5_000_000
    assert extract_article(html, URL).body


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("Привет, мир".encode("cp1251"), "text/html; charset=windows-1251", "Привет, мир"),
        (b"<meta charset='windows-1251'>" + "Привет".encode("cp1251"), "text/html", "Привет"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">' + "мир".encode("koi8-r"), None, "мир"),
        (b"\xef\xbb\xbfcaf\xc3\xa9", "text/html; charset=iso-8859-1", "café"),
        ("naïve".encode("utf-8"), None, "naïve"),
        ("naïve “quotes”".encode("cp1252"), None, "naïve “quotes”"),
        (b"", "text/html", ""),
    ],
)
def test_decode_html(body, content_type, expected):
    assert decode_html(body, content_type).endswith(expected)


def test_decode_html_never_raises_on_binary():
    assert isinstance(decode_html(BINARY, "text/html; charset=utf-8"), str)
    assert isinstance(decode_html(BINARY, "text/html; charset=no-such-charset"), str)


@pytest.mark.parametrize("url", ["", "not a url", "http://[::1", "ftp://example.com/a"])
def test_odd_urls_and_headers(url, caplog):
    html = ('<html><head><base href="http://[b"><link rel="canonical" href="http://[bad">'
            '<meta property="og:image" content="http://[x"></head><body><h1>T</h1><p>' + "word " * 50 + "</p></body></html>")
    article = extract_article(html, url, {"Date": "garbage", "Content-Language": None})  # type: ignore[dict-item]
    assert article.canonical_url == url and article.image_url is None
    assert not [r for r in caplog.records if r.name.startswith("newsbot")]
