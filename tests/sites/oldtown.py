"""The Oldtown Gazette: an older site with nothing machine-readable that says "article".

No Open Graph, no JSON-LD, no ``<article>``, no declared date: a title, a
byline in plain text and paragraphs in a table, as many small and older
outlets still publish. Its feed, sitemap and section page list every story;
the sitemap also lists what is not one (a tag page, the about and login
pages, a listing of headlines under a story-like URL, a withdrawn story that
answers 200 with "Page not found"). One story has no ``<title>`` (only its
feed entry names it), one is in Japanese. Every story links to a follow-up
that does not exist, and the section page links print and tracking variants
of the stories. Not part of ``FixtureSites``: tests start it on its own.

    site = oldtown.build(server.base_url)
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ._generate import stories_for
from ._markup import attr, esc, page, robots_txt, rss_feed, urlset
from ._model import BuiltSite, ExpectedArticle, SourceEntry, Story
from ._server import RouteTable

NAME = "oldtown"
SITE_NAME = "The Oldtown Gazette"
DISALLOWED = "/private/"

# Written for this fixture: a Japanese story long enough to be an article
# (about 300 characters), but only a handful of "words" when split on spaces.
JAPANESE_TITLE = "旧市街の渡し船、来月から運賃を見直し"
JAPANESE_BODY = (
    "旧市街と対岸の新町を結ぶ渡し船について、運営する町の交通課は十四日、来月一日から運賃を見直すと発表した。"
    "大人の片道運賃は現在の二百円から二百五十円に上がる一方、通学に使う高校生以下の定期券は据え置かれる。",
    "交通課によると、燃料費の高騰と桟橋の修繕費がかさみ、昨年度の赤字は三千万円を超えた。"
    "町議会では値上げに反対する意見も出たが、十三日の採決で賛成多数により可決された。",
    "渡し船は一日に四十往復し、朝夕には通勤客で混み合う。利用者の一人は「値上げは痛いが、船がなくなるよりはいい」と話した。"
    "町は来年度、電動の新しい船を一隻導入する計画も明らかにしている。",
)
NO_TITLE_SLUG = 0  # index of the story served without <title> or heading


def story_path(slug: str) -> str:
    return f"/stories/{slug}.html"


def build(base: str) -> BuiltSite:
    return _Oldtown(base).build()


class _Oldtown:
    def __init__(self, base: str) -> None:
        self.base = base
        english = [s for s in stories_for("plainpost", 1) if not s.restricted]
        japanese = Story(slug="ferry-fares-2026-0314", title=JAPANESE_TITLE, authors=("山田花子",),
                         published_at=datetime(2026, 3, 14, 9, 0, tzinfo=timezone(timedelta(hours=9))),
                         tags=(), body=JAPANESE_BODY)
        self.stories = [*english, japanese]
        self.routes = RouteTable()

    def url(self, path: str) -> str:
        return self.base + path

    def build(self) -> BuiltSite:
        add = self.routes.add
        stories = self.stories
        self.routes.add_fixed("/robots.txt", robots_txt(DISALLOWED, [self.url("/sitemap.xml")]))
        for index, story in enumerate(stories):
            add(story_path(story.slug), lambda s=story, i=index: page(self._article(s, i == NO_TITLE_SLUG)))
        add("/news/index.html", lambda: page(self._section(stories[: len(stories) // 2], "page2.html")))
        add("/news/page2.html", lambda: page(self._section(stories[len(stories) // 2:], None)))
        add("/tags/ferries.html", lambda: page(self._shell("Stories tagged ferries", self._headlines(stories))))
        add("/about.html", lambda: page(self._shell("About the Gazette", (
            "<p>The Oldtown Gazette has reported on Oldtown and the river villages since 1911. "
            "It is owned by its readers and printed every Thursday.</p>"))))
        add("/login.html", lambda: page(self._shell("Subscriber login", (
            '<form method="post" action="/login.html"><p>E-mail <input name="email"></p>'
            '<p>Password <input type="password" name="password"></p><p><input type="submit"></p></form>'))))
        add("/stories/all-the-stories-of-this-week.html",
            lambda: page(self._shell("All the stories of this week", self._headlines(stories))))
        add("/stories/withdrawn-story-about-the-ferry.html",
            lambda: page(self._shell("Page not found", (
                "<p>Sorry, the page you asked for does not exist any more. It may have been moved "
                "or withdrawn. Try the home page or the search.</p>"))))
        self.non_articles = [self.url(p) for p in (
            "/tags/ferries.html", "/about.html", "/login.html",
            "/stories/all-the-stories-of-this-week.html", "/stories/withdrawn-story-about-the-ferry.html")]
        add("/rss.xml", lambda: rss_feed(SITE_NAME, self.url("/"), "News from Oldtown",
                                         [(self.url(story_path(s.slug)), s) for s in stories]))
        add("/sitemap.xml", lambda: urlset(
            [(self.url(story_path(s.slug)), s.published_at) for s in stories]
            + [(url, None) for url in self.non_articles]))
        source = SourceEntry(name=NAME, site_name=SITE_NAME, home=self.url("/"), language="en",
                             feeds=(self.url("/rss.xml"),), sitemaps=(self.url("/sitemap.xml"),),
                             sections=(self.url("/news/index.html"),))
        articles = [ExpectedArticle(site=NAME, url=self.url(story_path(s.slug)), title=s.title,
                                    authors=s.authors, published_at=s.published_at, section=None,
                                    language="ja" if s is stories[-1] else "en", body=s.body)
                    for s in stories]
        return BuiltSite(name=NAME, routes=self.routes, source=source, articles=articles,
                         non_article_urls=self.non_articles)

    def _shell(self, title: str | None, body: str) -> str:
        head = f"<title>{esc(title)} - {SITE_NAME}</title>\n" if title else ""
        return ("<html>\n<head>\n" + head + "</head>\n<body>\n<table width=\"760\"><tr>"
                '<td><font size="5">The Oldtown Gazette</font><br>'
                '<a href="/news/index.html">News</a> | <a href="/tags/ferries.html">Ferries</a> | '
                '<a href="/about.html">About</a> | <a href="/login.html">Login</a></td></tr>\n'
                f"<tr><td>\n{body}\n</td></tr></table>\n"
                "<p><small>(c) The Oldtown Gazette</small></p>\n</body>\n</html>\n")

    def _article(self, story: Story, no_title: bool) -> str:
        heading = "" if no_title else f'<font size="4"><b>{esc(story.title)}</b></font><br>\n'
        paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in story.body)
        body = (f"{heading}<i>By {esc(', '.join(story.authors))}</i><br>\n{paragraphs}\n"
                f'<p><a href="/stories/{attr(story.slug)}-follow-up.html">Read the follow-up</a></p>')
        return self._shell(None if no_title else story.title, body)

    def _headlines(self, stories: list[Story]) -> str:
        return "<ul>\n" + "\n".join(
            f'<li><a href="{story_path(s.slug)}">{esc(s.title)}</a></li>' for s in stories) + "\n</ul>"

    def _section(self, stories: list[Story], next_page: str | None) -> str:
        items = []
        for s in stories:
            path = story_path(s.slug)
            items.append(f'<li><a href="{path}">{esc(s.title)}</a> '
                         f'(<a href="{path}?print=1">print</a>, '
                         f'<a href="{path}?utm_source=section&amp;utm_medium=web">share</a>)</li>')
        pager = f'<p><a href="{next_page}">Next page</a></p>' if next_page else ""
        return self._shell("News", "<ul>\n" + "\n".join(items) + "\n</ul>\n" + pager)
