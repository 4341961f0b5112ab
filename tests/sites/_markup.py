"""Markup shared by the site templates: escaping, feeds, sitemaps, robots.txt, responses."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Iterable, Sequence, TypeVar

from ._model import Story

T = TypeVar("T")

HTML_UTF8 = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


def page(text: str, content_type: str = HTML_UTF8, status: int = 200) -> Response:
    return Response(status, content_type, text.encode("utf-8"))


def esc(text: str) -> str:
    """Escape a text node; quotes stay as typed so paragraphs appear verbatim in the HTML."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def paginate(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Split into listing pages; an empty listing still has one (empty) page."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


def newest_first(stories: Iterable[Story]) -> list[Story]:
    return sorted(stories, key=lambda s: (s.published_at, s.slug), reverse=True)


def modified(moment: datetime) -> datetime:
    """Sites stamp a modification time a little after publication."""
    return moment + timedelta(minutes=95)


def robots_txt(disallow: str, sitemaps: Sequence[str]) -> Response:
    lines = ["User-agent: *", f"Disallow: {disallow}", ""]
    lines += [f"Sitemap: {url}" for url in sitemaps]
    return page("\n".join(lines) + "\n", TEXT)


def rss_feed(title: str, home: str, description: str, items: Sequence[tuple[str, Story]],
             language: str = "en") -> Response:
    """RSS 2.0 with dc:creator per author, as WordPress writes it."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:atom="http://www.w3.org/2005/Atom">',
           "<channel>", f"<title>{esc(title)}</title>", f"<link>{esc(home)}</link>",
           f"<description>{esc(description)}</description>", f"<language>{language}</language>"]
    if items:
        out.append(f"<lastBuildDate>{format_datetime(items[0][1].published_at)}</lastBuildDate>")
    for url, story in items:
        out.append("<item>")
        out.append(f"<title>{esc(story.title)}</title><link>{esc(url)}</link>")
        out.append(f'<guid isPermaLink="true">{esc(url)}</guid>')
        out.append(f"<pubDate>{format_datetime(story.published_at)}</pubDate>")
        out += [f"<dc:creator><![CDATA[{name}]]></dc:creator>" for name in story.authors]
        out += [f"<category><![CDATA[{tag}]]></category>" for tag in story.tags]
        out.append(f"<description><![CDATA[{story.summary}]]></description>")
        out.append("</item>")
    out += ["</channel>", "</rss>"]
    return page("\n".join(out) + "\n", RSS)


def atom_feed(title: str, home: str, self_url: str, items: Sequence[tuple[str, Story]]) -> Response:
    updated = items[0][1].published_at.isoformat() if items else "2026-03-01T00:00:00+00:00"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
           f"<title>{esc(title)}</title>", f'<link href="{attr(home)}"/>',
           f'<link rel="self" href="{attr(self_url)}"/>', f"<id>{esc(home)}</id>",
           f"<updated>{updated}</updated>"]
    for url, story in items:
        out.append("<entry>")
        out.append(f"<title>{esc(story.title)}</title>")
        out.append(f'<link rel="alternate" type="text/html" href="{attr(url)}"/>')
        out.append(f"<id>{esc(url)}</id>")
        out.append(f"<published>{story.published_at.isoformat()}</published>")
        out.append(f"<updated>{modified(story.published_at).isoformat()}</updated>")
        out += [f"<author><name>{esc(name)}</name></author>" for name in story.authors]
        out += [f'<category term="{attr(tag)}"/>' for tag in story.tags]
        out.append(f"<summary>{esc(story.summary)}</summary>")
        out.append("</entry>")
    out.append("</feed>")
    return page("\n".join(out) + "\n", ATOM)


def urlset(entries: Sequence[tuple[str, datetime | None]]) -> Response:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in entries:
        stamp = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        out.append(f"<url><loc>{esc(url)}</loc>{stamp}</url>")
    out.append("</urlset>")
    return page("\n".join(out) + "\n", XML)


def news_urlset(entries: Sequence[tuple[str, Story]], publication: str, language: str) -> Response:
    """A Google News sitemap: one news:news element per article."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    for url, story in entries:
        out.append(
            f"<url><loc>{esc(url)}</loc><news:news><news:publication>"
            f"<news:name>{esc(publication)}</news:name><news:language>{language}</news:language>"
            f"</news:publication><news:publication_date>{story.published_at.isoformat()}"
            f"</news:publication_date><news:title>{esc(story.title)}</news:title>"
            f"<news:keywords>{esc(', '.join(story.tags))}</news:keywords></news:news></url>")
    out.append("</urlset>")
    return page("\n".join(out) + "\n", XML)


def sitemap_index(children: Sequence[tuple[str, datetime | None]]) -> Response:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in children:
        stamp = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        out.append(f"<sitemap><loc>{esc(url)}</loc>{stamp}</sitemap>")
    out.append("</sitemapindex>")
    return page("\n".join(out) + "\n", XML)
