"""Lantern Live: a single-page-app news site whose pages arrive empty and are built by JavaScript.

Article pages are a shell with a "Loading…" line. Half of them carry their
story as an inline JSON blob, the other half fetch it from
``/api/articles/<slug>.json``; either way a script writes the headline,
byline, date, photo and paragraphs, and the OpenGraph tags. The section page
``/world`` starts with an empty river that a script fills from
``/api/river?page=N``: one batch on load, the next each time the reader
scrolls near the bottom (infinite scroll). The RSS feed lists only the newest
stories, so the older ones are found only by scrolling. Without a browser a
crawler sees neither article text nor article links.

It is not one of ``FixtureSites``, whose crawl tests expect every article
stored over plain HTTP; ``JsNewsSite`` runs it alone:

    with JsNewsSite() as site:
        site.write_sources_toml(tmp_path / "sources.toml", render="js")

The stories come from the generated-story pool (``_generate``), all invented.
"""

from __future__ import annotations

import json
from pathlib import Path

from ._generate import _generated_story
from ._markup import esc, newest_first, page, paginate, robots_txt, rss_feed
from ._model import BuiltSite, ExpectedArticle, SourceEntry, Story, human_date, join_names
from ._server import RequestLog, RouteTable, SiteServer

NAME = "jsnews"
SITE_NAME = "Lantern Live"
SECTION = "World"
JSON = "application/json; charset=utf-8"
AUTHORS = ("Ines Varga", "Tomasz Reed", "Amara Okafor", "Lukas Brandt", "Noor Haddad")
TAGS = ("Transport", "Housing", "Energy", "Schools", "Health", "Rivers")
# Tall river items: a first batch fills more than a 720-pixel viewport, so
# the next batch really needs a scroll.
_CSS = """body{font-family:serif;margin:0 auto;max-width:46rem}
#river li{min-height:640px}article p{line-height:1.6}
@font-face{font-family:Lantern;src:url(/static/lantern.woff2)}h1{font-family:Lantern,serif}"""


def build(base: str, count: int = 8, feed_size: int = 4, river_page_size: int = 3) -> BuiltSite:
    """The site's routes for ``count`` stories, the newest ``feed_size`` of them in the feed."""
    return _JsNews(base, _stories(count), feed_size, river_page_size).build()


def story_path(story: Story) -> str:
    return f"/news/{story.slug}"


def _stories(count: int) -> list[Story]:
    stories: list[Story] = []
    titles: set[str] = set()
    slugs: set[str] = set()
    for index in range(count):
        story = _generated_story(NAME, index, list(AUTHORS), list(TAGS), titles)
        slug, suffix = story.slug, 2
        while slug in slugs:
            slug, suffix = f"{story.slug}-{suffix}", suffix + 1
        titles.add(story.title)
        slugs.add(slug)
        stories.append(Story(slug=slug, title=story.title, authors=story.authors,
                             published_at=story.published_at, tags=story.tags, body=story.body,
                             number=index))
    return newest_first(stories)


def _script_json(data: object) -> str:
    # "</" inside a script block would end it early; JSON allows the escaped form.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _story_data(story: Story) -> dict:
    return {"slug": story.slug, "title": story.title, "authors": list(story.authors),
            "byline": join_names(story.authors), "published": story.published_at.isoformat(),
            "published_text": human_date(story.published_at), "section": SECTION,
            "tags": list(story.tags), "paragraphs": list(story.body)}


# Writes the article from its data, the way a client-side framework would.
_RENDER_ARTICLE = """
function renderArticle(story) {
  const meta = (key, name, value) => {
    const tag = document.createElement("meta");
    tag.setAttribute(key, name);
    tag.content = value;
    document.head.append(tag);
  };
  document.title = story.title + " | Lantern Live";
  meta("property", "og:type", "article");
  meta("property", "og:title", story.title);
  meta("property", "og:site_name", "Lantern Live");
  meta("property", "article:published_time", story.published);
  meta("property", "article:section", story.section);
  meta("name", "author", story.authors.join(", "));
  const article = document.createElement("article");
  const add = (name, text, parent = article) => {
    const node = document.createElement(name);
    if (text) node.textContent = text;
    parent.append(node);
    return node;
  };
  add("h1", story.title);
  const byline = add("p", "By ");
  byline.className = "byline";
  const author = add("span", story.byline, byline);
  author.className = "author";
  const time = add("time", story.published_text);
  time.setAttribute("datetime", story.published);
  const photo = add("img");
  photo.src = "/static/photos/" + story.slug + ".jpg";
  photo.alt = "";
  for (const text of story.paragraphs) add("p", text);
  document.getElementById("app").replaceChildren(article);
}
"""

_LOAD_RIVER = """
let next = 1, loading = false;
async function loadMore() {
  if (next === null || loading) return;
  loading = true;
  const response = await fetch("/api/river?page=" + next);
  const data = await response.json();
  const river = document.getElementById("river");
  for (const item of data.items) {
    const entry = document.createElement("li");
    const link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.title;
    const summary = document.createElement("p");
    summary.textContent = item.summary;
    entry.append(link, summary);
    river.append(entry);
  }
  next = data.next;
  document.getElementById("more").textContent = next === null ? "No more stories" : "Loading more…";
  loading = false;
}
window.addEventListener("scroll", () => {
  const bottom = window.innerHeight + window.scrollY;
  if (bottom >= document.documentElement.scrollHeight - 300) loadMore();
});
loadMore();
"""


class _JsNews:
    def __init__(self, base: str, stories: list[Story], feed_size: int, river_page_size: int) -> None:
        self.base = base
        self.stories = stories
        self.feed = stories[:feed_size]
        self.river = paginate(stories, river_page_size)
        self.routes = RouteTable()

    def url(self, path: str) -> str:
        return self.base + path

    def build(self) -> BuiltSite:
        add = self.routes.add
        self.routes.add_fixed("/robots.txt", robots_txt("/admin/", []))
        add("/", lambda: page(self._shell(SITE_NAME, '<p><a href="/world">World news</a></p>')))
        add("/world", lambda: page(self._shell(
            f"{SECTION} | {SITE_NAME}",
            f'<h1>{SECTION}</h1>\n<ol id="river"></ol>\n<p id="more">Loading…</p>',
            f"<script>{_LOAD_RIVER}</script>")))
        for number, chunk in enumerate(self.river, start=1):
            add(f"/api/river?page={number}", lambda n=number, c=chunk: self._river_batch(n, c))
        add("/feed.xml", lambda: rss_feed(SITE_NAME, self.url("/"), "Live news from the Lantern desk",
                                          [(self.url(story_path(s)), s) for s in self.feed]))
        for index, story in enumerate(self.stories):
            add(story_path(story), lambda s=story, inline=index % 2 == 0: page(self._article(s, inline)))
            add(f"/api/articles/{story.slug}.json",
                lambda s=story: page(json.dumps(_story_data(s), ensure_ascii=False), JSON))
        source = SourceEntry(name=NAME, site_name=SITE_NAME, home=self.url("/"), language="en",
                             feeds=(self.url("/feed.xml"),), sections=(self.url("/world"),))
        articles = [ExpectedArticle(site=NAME, url=self.url(story_path(s)), title=s.title,
                                    authors=s.authors, published_at=s.published_at, section=SECTION,
                                    language="en", body=s.body)
                    for s in self.stories]
        return BuiltSite(name=NAME, routes=self.routes, source=source, articles=articles,
                         non_article_urls=[self.url("/"), self.url("/world")])

    def _river_batch(self, number: int, stories) -> object:
        data = {"items": [{"url": story_path(s), "title": s.title, "summary": s.summary}
                          for s in stories],
                "next": number + 1 if number < len(self.river) else None}
        return page(json.dumps(data, ensure_ascii=False), JSON)

    @staticmethod
    def _shell(title: str, main: str, scripts: str = "") -> str:
        return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
                f'<header><a href="/">{SITE_NAME}</a> · <a href="/world">{SECTION}</a></header>\n'
                f"<main>\n{main}\n</main>\n"
                f"<footer><p>© 2026 {SITE_NAME}. This site needs JavaScript.</p></footer>\n"
                f"{scripts}\n</body>\n</html>\n")

    def _article(self, story: Story, inline: bool) -> str:
        if inline:
            data = (f'<script id="story-data" type="application/json">'
                    f"{_script_json(_story_data(story))}</script>\n")
            start = 'renderArticle(JSON.parse(document.getElementById("story-data").textContent));'
        else:
            data = ""
            start = (f'fetch({_script_json(f"/api/articles/{story.slug}.json")})'
                     ".then(r => r.json()).then(renderArticle);")
        return self._shell(SITE_NAME, '<div id="app"><p class="loading">Loading…</p></div>',
                           f"{data}<script>{_RENDER_ARTICLE}\n{start}</script>")


class JsNewsSite:
    """Context manager running Lantern Live alone on a loopback port.

    ``requests`` records every (origin, path) the server answered;
    ``articles`` is what a rendered crawl must store.
    """

    def __init__(self, count: int = 8, feed_size: int = 4, river_page_size: int = 3) -> None:
        self.count, self.feed_size, self.river_page_size = count, feed_size, river_page_size
        self.requests: list[tuple[str, str]] = []
        self.articles: list[ExpectedArticle] = []
        self.base_url = ""
        self.site: BuiltSite | None = None
        self._server: SiteServer | None = None

    def __enter__(self) -> JsNewsSite:
        self._server = SiteServer(RequestLog(self.requests))
        try:
            site = build(self._server.base_url, self.count, self.feed_size, self.river_page_size)
            self._server.start(site.routes)
        except BaseException:
            self._server.stop()
            raise
        self.base_url = self._server.base_url
        self.site = site
        self.articles = site.articles
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    @property
    def feed_urls(self) -> list[str]:
        return [a.url for a in self.articles[:self.feed_size]]

    def served(self, prefix: str) -> list[str]:
        """Paths under ``prefix`` that the server was asked for, in order."""
        return [path for _origin, path in self.requests if path.startswith(prefix)]

    def write_sources_toml(self, path: Path, render: str = "js", extra: str = "",
                           section: bool = True) -> Path:
        """A sources file naming this site alone; ``extra`` is appended to its [[source]] table.

        ``section=False`` leaves the section page out: the feed alone names the articles.
        """
        assert self.site is not None, "start the site first"
        q = json.dumps  # a JSON string is a valid TOML basic string
        source = self.site.source
        sections = f"[{q(source.sections[0])}]" if section else "[]"
        lines = ["[[source]]", f"name = {q(source.name)}", f"site_name = {q(source.site_name)}",
                 f"home = {q(source.home)}", f"language = {q(source.language)}",
                 f"feeds = [{q(source.feeds[0])}]", f"sections = {sections}",
                 "article_url_patterns = ['^/news/[a-z0-9-]+$']",
                 "max_depth = 1", "allow_private_addresses = true   # loopback",
                 f"render = {q(render)}", extra, ""]
        path = Path(path)
        path.write_text("\n".join(lines), encoding="utf-8")
        return path
