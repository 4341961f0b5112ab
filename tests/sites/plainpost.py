"""The Plain Post: old-school hand-made HTML, relative links, next to no metadata.

Dates come from ``<meta name="date">`` on most stories and only from a
``<time datetime>`` on every third one, so a crawler has to read both. There
is no section markup on a story page, hence ``section=None`` in what a crawl
should store.
"""

from __future__ import annotations

from ._markup import attr, esc, page, paginate, robots_txt, rss_feed, urlset
from ._model import BuiltSite, ExpectedArticle, SourceEntry, Story, join_names, slugify
from ._server import SiteBuilder

NAME = "plainpost"
SITE_NAME = "The Plain Post"
DISALLOWED = "/members/"


def build(base: str, stories: list[Story], page_size: int) -> BuiltSite:
    return _PlainPost(base, stories, page_size).build()


def story_path(story: Story) -> str:
    return f"{DISALLOWED}{story.slug}.html" if story.restricted else f"/stories/{story.slug}.html"


def _section_path(number: int) -> str:
    return "/world/index.html" if number == 1 else f"/world/page{number}.html"


def _long_date(moment) -> str:
    return f"{moment.day} {moment:%B %Y}"


class _PlainPost(SiteBuilder):
    def __init__(self, base: str, stories: list[Story], page_size: int) -> None:
        super().__init__(base, stories, page_size)
        self.tags = sorted({tag for s in self.stories for tag in s.tags})
        self.meta_date_slugs = {s.slug for i, s in enumerate(self.stories) if i % 3 != 2}
    def build(self) -> BuiltSite:
        add = self.routes.add
        self.routes.add_fixed("/robots.txt", robots_txt(DISALLOWED, [self.url("/sitemap.xml")]))
        self._listing_route("/", "Latest stories", self.public[:10], None)
        pages = paginate(self.stories, self.page_size)
        for number, chunk in enumerate(pages, start=1):
            nxt = _section_path(number + 1).rsplit("/", 1)[1] if number < len(pages) else None
            prev = _section_path(number - 1).rsplit("/", 1)[1] if number > 1 else None
            self._listing_route(_section_path(number), f"World news, page {number}", chunk, (prev, nxt))
        for tag in self.tags:
            tagged = [s for s in self.public if tag in s.tags][:self.page_size]
            self._listing_route(f"/tags/{slugify(tag)}.html", f"Stories tagged {tag}", tagged, None)
        add("/about.html", lambda: page(self._shell("About", "/about.html", (
            "<h1>About The Plain Post</h1>\n<p>The Plain Post has printed the news of Oldmoor, Fenby "
            "and the Wend valley since 1923, and has been on the web since 1997. We still write it "
            "the same way.</p>"))))
        add("/login.html", lambda: page(self._shell("Members login", "/login.html", (
            '<h1>Members login</h1>\n<form method="post" action="login.html"><p>Name: <input name="user">'
            '</p><p>Password: <input type="password" name="pass"></p><p><input type="submit" '
            'value="Login"></p></form>'))))
        self.non_articles += [self.url("/about.html"), self.url("/login.html")]
        add("/rss.xml", lambda: rss_feed(SITE_NAME, self.url("/"), "News from Oldmoor and the Wend valley",
                                         [(self.url(story_path(s)), s) for s in self.public]))
        add("/sitemap.xml", lambda: urlset([(self.url(story_path(s)), s.published_at) for s in self.stories]))
        for story in self.stories:
            add(story_path(story), lambda s=story: page(self._article(s)))
        source = SourceEntry(name=NAME, site_name=SITE_NAME, home=self.url("/"), language="en",
                             feeds=(self.url("/rss.xml"),), sitemaps=(self.url("/sitemap.xml"),),
                             sections=(self.url("/world/index.html"),))
        articles = [ExpectedArticle(site=NAME, url=self.url(story_path(s)), title=s.title, authors=s.authors,
                                    published_at=s.published_at, section=None, language="en", body=s.body)
                    for s in self.public]
        return BuiltSite(name=NAME, routes=self.routes, source=source, articles=articles,
                         non_article_urls=self.non_articles,
                         disallowed_urls=[self.url(story_path(s)) for s in self.stories if s.restricted])

    @staticmethod
    def _up(path: str) -> str:
        """Relative prefix from ``path`` back to the site root, the way hand-written pages link."""
        return "../" * path.count("/", 1)

    def _shell(self, title: str, path: str, body: str, head: str = "") -> str:
        up = self._up(path)
        return (f'<html lang="en">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
                f"<title>{esc(title)} - {SITE_NAME}</title>\n{head}</head>\n"
                '<body bgcolor="#ffffff" text="#000000">\n<table width="100%" border="0"><tr><td>'
                f'<font size="5"><b><a href="{up}index.html">{SITE_NAME}</a></b></font><br>\n'
                f'<a href="{up}world/index.html">World</a> | <a href="{up}about.html">About</a> | '
                f'<a href="{up}login.html">Login</a></td></tr></table>\n<hr>\n{body}\n<hr>\n'
                "<p><small>Copyright 2026 The Plain Post. Best viewed in any browser.</small></p>\n"
                "</body>\n</html>\n")

    def _listing_route(self, path: str, heading: str, stories, pager) -> None:
        self.non_articles.append(self.url(path))
        render = lambda: page(self._listing(path, heading, stories, pager))  # noqa: E731
        self.routes.add(path, render)
        if path == "/":
            # Old sites answer both; the sitemap and links use the short form.
            self.routes.add("/index.html", render)
            self.non_articles.append(self.url("/index.html"))

    def _listing(self, path: str, heading: str, stories, pager) -> str:
        prev, nxt = pager or (None, None)
        up = self._up(path)
        items = "\n".join(f'<li><a href="{up}{story_path(s)[1:]}">{esc(s.title)}</a> '
                          f"<small>({_long_date(s.published_at)})</small></li>" for s in stories)
        tags = " | ".join(f'<a href="{up}tags/{slugify(t)}.html">{esc(t)}</a>' for t in self.tags)
        links = ""
        if prev:
            links += f'<a href="{prev}">Previous page</a> '
        if nxt:
            links += f'<a href="{nxt}">Next page</a>'
        return self._shell(heading, path, f"<h2>{esc(heading)}</h2>\n<ul>\n{items}\n</ul>\n<p>{links}</p>\n"
                                          f"<p>Tags: {tags}</p>")

    def _article(self, story: Story) -> str:
        path = story_path(story)
        up = self._up(path)
        head = f'<meta name="author" content="{attr(", ".join(story.authors))}">\n'
        stamp = story.published_at.isoformat()
        if story.slug in self.meta_date_slugs:
            head += f'<meta name="date" content="{stamp}">\n'
            dateline = f"{_long_date(story.published_at)}, {story.published_at:%H:%M}"
        else:
            dateline = f'<time datetime="{stamp}">{_long_date(story.published_at)}</time>'
        paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in story.body)
        tags = ", ".join(f'<a href="{up}tags/{slugify(t)}.html">{esc(t)}</a>' for t in story.tags)
        body = (f"<h1>{esc(story.title)}</h1>\n<p><i>by {esc(join_names(story.authors))}</i> - {dateline}</p>\n"
                f'<div id="story">\n{paragraphs}\n</div>\n<p>Tags: {tags}</p>\n'
                f'<p><a href="{up}world/index.html">Back to World news</a></p>')
        return self._shell(story.title, path, body, head)
