"""The Meridian: a modern news site rich in JSON-LD (NewsArticle) and OpenGraph, with a Google News sitemap."""

from __future__ import annotations

import json

from ._markup import (atom_feed, attr, esc, modified, news_urlset, page, paginate,
                      robots_txt, sitemap_index)
from ._model import BuiltSite, ExpectedArticle, SourceEntry, Story, slugify
from ._server import SiteBuilder

NAME = "meridian"
SITE_NAME = "The Meridian"
SECTION = "World"
DISALLOWED = "/drafts/"


def build(base: str, stories: list[Story], page_size: int) -> BuiltSite:
    return _Meridian(base, stories, page_size).build()


def story_path(story: Story) -> str:
    if story.restricted:
        return f"{DISALLOWED}{story.number}-{story.slug}"
    return f"/news/world/{story.number}-{story.slug}"


def _section_path(number: int) -> str:
    return "/world" if number == 1 else f"/world?page={number}"


def _json_ld(data: dict) -> str:
    # "</" inside a script block would end it early; JSON allows the escaped form.
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


class _Meridian(SiteBuilder):
    def __init__(self, base: str, stories: list[Story], page_size: int) -> None:
        super().__init__(base, stories, page_size)
        self.position = {s.slug: i for i, s in enumerate(self.public)}
        self.topics = sorted({tag for s in self.stories for tag in s.tags})

    def build(self) -> BuiltSite:
        add = self.routes.add
        self.routes.add_fixed("/robots.txt", robots_txt(DISALLOWED, [self.url("/sitemap.xml")]))
        self._listing_route("/", "Top stories", self.public[:10], None)
        pages = paginate(self.stories, self.page_size)
        for number, chunk in enumerate(pages, start=1):
            pager = (_section_path(number - 1) if number > 1 else None,
                     _section_path(number + 1) if number < len(pages) else None)
            self._listing_route(_section_path(number), SECTION, chunk, pager)
        for topic in self.topics:
            tagged = [s for s in self.public if topic in s.tags][:self.page_size]
            self._listing_route(f"/topics/{slugify(topic)}", f"Topic: {topic}", tagged, None)
        add("/about-us", lambda: page(self._shell("About us", (
            "<h1>About us</h1><p>The Meridian reports on the world's smaller nations and the stories "
            "that larger outlets overlook. We are funded by our readers and owe nothing to anyone "
            "else.</p>"))))
        add("/account/login", lambda: page(self._shell("Sign in", (
            '<h1>Sign in</h1><form method="post" action="/account/login"><label>Email <input '
            'type="email" name="email"></label><label>Password <input type="password" name="password">'
            '</label><button type="submit">Sign in</button></form>'))))
        self.non_articles += [self.url("/about-us"), self.url("/account/login")]
        add("/atom.xml", lambda: atom_feed(SITE_NAME, self.url("/"), self.url("/atom.xml"),
                                           [(self.url(story_path(s)), s) for s in self.public]))
        add("/sitemap.xml", lambda: sitemap_index([(self.url("/news-sitemap.xml"),
                                                    self.stories[0].published_at)]))
        add("/news-sitemap.xml", lambda: news_urlset([(self.url(story_path(s)), s) for s in self.stories],
                                                     SITE_NAME, "en"))
        for story in self.stories:
            add(story_path(story), lambda s=story: page(self._article(s)))
        source = SourceEntry(name=NAME, site_name=SITE_NAME, home=self.url("/"), language="en",
                             feeds=(self.url("/atom.xml"),), sitemaps=(self.url("/sitemap.xml"),),
                             sections=(self.url("/world"),))
        articles = [ExpectedArticle(site=NAME, url=self.url(story_path(s)), title=s.title, authors=s.authors,
                                    published_at=s.published_at, section=SECTION, language="en", body=s.body)
                    for s in self.public]
        return BuiltSite(name=NAME, routes=self.routes, source=source, articles=articles,
                         non_article_urls=self.non_articles,
                         disallowed_urls=[self.url(story_path(s)) for s in self.stories if s.restricted])

    def _shell(self, title: str, main: str, head: str = "") -> str:
        nav = "".join(f'<a href="{path}">{esc(label)}</a>' for path, label in
                      [("/world", SECTION)] + [(f"/topics/{slugify(t)}", t) for t in self.topics[:4]]
                      + [("/about-us", "About us"), ("/account/login", "Sign in")])
        return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f'<meta name="viewport" content="width=device-width">\n<title>{esc(title)} — {SITE_NAME}</title>\n'
                f'<link rel="alternate" type="application/atom+xml" href="/atom.xml">\n{head}</head>\n<body>\n'
                f'<header class="masthead"><a class="logo" href="/">{SITE_NAME}</a>\n<nav class="primary-nav">'
                f"{nav}</nav></header>\n<main>\n{main}\n</main>\n"
                '<footer class="site-footer"><p>&copy; 2026 The Meridian Media Group. All rights reserved.</p>'
                '<a href="/about-us">About us</a> <a href="/account/login">Subscribe</a></footer>\n'
                "</body>\n</html>\n")

    def _listing_route(self, target: str, heading: str, stories, pager) -> None:
        self.non_articles.append(self.url(target))
        self.routes.add(target, lambda: page(self._listing(heading, stories, pager)))

    def _listing(self, heading: str, stories, pager) -> str:
        newer, older = pager or (None, None)
        head = (f'<link rel="next" href="{attr(older)}">\n' if older else "") + (
            f'<link rel="prev" href="{attr(newer)}">\n' if newer else "")
        cards = "".join(
            f'<li class="card"><a class="card-link" href="{story_path(s)}"><h3>{esc(s.title)}</h3></a>'
            f'<p class="card-summary">{esc(s.summary)}</p><time datetime="{s.published_at.isoformat()}">'
            f"{s.published_at:%d %b %Y}</time></li>\n" for s in stories)
        pages = ""
        if newer:
            pages += f'<a class="pager-prev" rel="prev" href="{attr(newer)}">Previous</a> '
        if older:
            pages += f'<a class="pager-next" rel="next" href="{attr(older)}">Next page</a>'
        return self._shell(heading, f'<h1 class="section-title">{esc(heading)}</h1>\n<ul class="cards">\n'
                                    f'{cards}</ul>\n<nav class="pager">{pages}</nav>', head)

    def _article(self, story: Story) -> str:
        url = self.url(story_path(story))
        image = self.url(f"/images/{story.number}.jpg")
        data = {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url}, "url": url,
            "headline": story.title, "description": story.summary, "image": [image],
            "datePublished": story.published_at.isoformat(),
            "dateModified": modified(story.published_at).isoformat(),
            "author": [{"@type": "Person", "name": name} for name in story.authors],
            "articleSection": SECTION, "keywords": list(story.tags), "inLanguage": "en",
            "publisher": {"@type": "Organization", "name": SITE_NAME,
                          "logo": {"@type": "ImageObject", "url": self.url("/static/logo.png")}},
        }
        crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": self.url("/")},
            {"@type": "ListItem", "position": 2, "name": SECTION, "item": self.url("/world")}]}
        head = (f'<meta name="description" content="{attr(story.summary)}">\n<link rel="canonical" href="{url}">\n'
                f'<meta property="og:type" content="article">\n'
                f'<meta property="og:title" content="{attr(story.title)}">\n'
                f'<meta property="og:url" content="{url}">\n<meta property="og:image" content="{image}">\n'
                f'<meta property="og:site_name" content="{SITE_NAME}">\n'
                f'<meta property="og:description" content="{attr(story.summary)}">\n'
                f'<meta name="twitter:card" content="summary_large_image">\n' + _json_ld(data) + _json_ld(crumbs))
        position = self.position.get(story.slug, 0)
        promo, *most_read = [self.public[(position + k) % len(self.public)] for k in range(1, 6)]
        paragraphs = [f"<p>{esc(p)}</p>" for p in story.body]
        paragraphs.insert(2, f'<aside class="inline-promo">Read more: <a href="{story_path(promo)}">'
                             f"{esc(promo.title)}</a></aside>")
        bylines = " and ".join(f'<span class="author-name">{esc(n)}</span>' for n in story.authors)
        topics = " ".join(f'<a href="/topics/{slugify(t)}">{esc(t)}</a>' for t in story.tags)
        most = "".join(f'<li><a href="{story_path(s)}">{esc(s.title)}</a></li>' for s in most_read)
        main = (f'<article class="story">\n<nav class="breadcrumb"><a href="/">Home</a> › <a href="/world">'
                f'{SECTION}</a></nav>\n<h1 class="story-headline">{esc(story.title)}</h1>\n<div class="story-meta">'
                f'<span class="byline">By {bylines}</span> · <time datetime="{story.published_at.isoformat()}">'
                f'{story.published_at:%d %B %Y, %H:%M}</time></div>\n<figure class="lead-image"><img src="'
                f'/images/{story.number}.jpg" alt="{attr(story.title)}"><figcaption>Photo: Meridian staff'
                f'</figcaption></figure>\n<div class="story-body">\n' + "\n".join(paragraphs) + "\n</div>\n"
                f'<div class="story-topics">Topics: {topics}</div>\n</article>\n<aside class="most-read"><h2>'
                f"Most read</h2><ol>{most}</ol></aside>\n"
                '<div class="paywall-nudge">You have read 3 of 5 free articles this month. '
                '<a href="/account/login">Sign in</a> to keep reading.</div>')
        return self._shell(story.title, main, head)

