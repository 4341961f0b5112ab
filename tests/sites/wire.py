"""Two outlets that run the same wire story: for the dedupe crawl tests.

harbourtimes runs the agency's story, links it with tracking parameters from
its feed, and also serves a print version (same body, another template, no
canonical link) linked from the article; it also has a different story on
the same topic. coastpost runs a light rewrite of the wire story in its own
template. Not part of ``FixtureSites``: the dedupe tests start these two
servers themselves (``WireSites``). All text is invented (tests/dedupe/texts.py).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from tests.dedupe.texts import REWRITE, REWRITE_TITLE, SAME_TOPIC, SAME_TOPIC_TITLE, WIRE, WIRE_TITLE

from ._markup import attr, esc, page, robots_txt, rss_feed, urlset
from ._model import SourceEntry, Story, slugify
from ._server import RequestLog, RouteTable, SiteServer

PUBLISHED = datetime(2026, 3, 5, 8, 30, tzinfo=timezone.utc)
WIRE_PATH = "/news/2026/03/05/dock-workers-end-strike.html"
PRINT_PATH = "/print/44710.html"
OTHER_PATH = "/news/2026/03/06/new-crane-terminal-planned.html"
REWRITE_PATH = "/2026/03/05/port-calder-dockers-return/"
FEED_TRACKING = "?utm_source=rss&utm_medium=feed"


def _story(title: str, body: tuple[str, ...]) -> Story:
    return Story(slug=slugify(title), title=title, authors=("Wire staff",), published_at=PUBLISHED,
                 tags=("ports",), body=body)


def _article_page(site_name: str, title: str, body: tuple[str, ...], url: str | None,
                  extra_links: str = "") -> str:
    """An article page; ``url=None`` is a print version: no canonical link, no OpenGraph."""
    head = ""
    if url:
        head = (f'<link rel="canonical" href="{attr(url)}">\n<meta property="og:type" content="article">\n'
                f'<meta property="og:url" content="{attr(url)}">\n'
                f'<meta property="article:published_time" content="{PUBLISHED.isoformat()}">\n')
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in body)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{esc(title)} | '
            f"{esc(site_name)}</title>\n{head}</head>\n<body>\n<header><a href=\"/\">{esc(site_name)}</a></header>\n"
            f"<article>\n<h1>{esc(title)}</h1>\n<p class=\"byline\">By Wire staff</p>\n{paragraphs}\n</article>\n"
            f"{extra_links}<footer>Copyright 2026 {esc(site_name)}</footer>\n</body>\n</html>\n")


def build_harbourtimes(base: str) -> tuple[RouteTable, SourceEntry]:
    routes = RouteTable()
    wire, other = _story(WIRE_TITLE, WIRE), _story(SAME_TOPIC_TITLE, SAME_TOPIC)
    print_link = f'<p><a href="{PRINT_PATH}">Print this story</a></p>\n'
    routes.add_fixed("/robots.txt", robots_txt("/admin/", [base + "/sitemap.xml"]))
    pages = {
        WIRE_PATH: page(_article_page("Harbour Times", WIRE_TITLE, WIRE, base + WIRE_PATH, print_link)),
        OTHER_PATH: page(_article_page("Harbour Times", SAME_TOPIC_TITLE, SAME_TOPIC, base + OTHER_PATH)),
    }
    for path, response in pages.items():
        routes.add_fixed(path, response)
        # Sites answer any query string; the feed's links carry tracking parameters.
        routes.add_fixed(path + FEED_TRACKING, response)
    routes.add_fixed(PRINT_PATH, page(_article_page("Harbour Times", WIRE_TITLE, WIRE, None)))
    routes.add_fixed("/rss.xml", rss_feed("Harbour Times", base + "/", "News", [
        (base + WIRE_PATH + FEED_TRACKING, wire),
        (base + OTHER_PATH + FEED_TRACKING, other)]))
    routes.add_fixed("/sitemap.xml", urlset([(base + WIRE_PATH, PUBLISHED), (base + OTHER_PATH, PUBLISHED)]))
    source = SourceEntry(name="harbourtimes", site_name="Harbour Times", home=base + "/", language="en",
                         feeds=(base + "/rss.xml",), sitemaps=(base + "/sitemap.xml",))
    return routes, source


def build_coastpost(base: str) -> tuple[RouteTable, SourceEntry]:
    routes = RouteTable()
    rewrite = _story(REWRITE_TITLE, REWRITE)
    routes.add_fixed("/robots.txt", robots_txt("/admin/", []))
    routes.add_fixed(REWRITE_PATH, page(_article_page("Coast Post", REWRITE_TITLE, REWRITE,
                                                      base + REWRITE_PATH)))
    routes.add_fixed("/feed/", rss_feed("Coast Post", base + "/", "News", [(base + REWRITE_PATH, rewrite)]))
    source = SourceEntry(name="coastpost", site_name="Coast Post", home=base + "/", language="en",
                         feeds=(base + "/feed/",))
    return routes, source


class WireSites:
    """Context manager: both outlets on 127.0.0.1, each on its own port; ``requests`` logs (origin, path)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.bases: dict[str, str] = {}
        self._sources: list[SourceEntry] = []
        self._servers: list[SiteServer] = []

    def __enter__(self) -> WireSites:
        log = RequestLog(self.requests)
        try:
            for build in (build_harbourtimes, build_coastpost):
                server = SiteServer(log)
                self._servers.append(server)
                routes, source = build(server.base_url)
                server.start(routes)
                self.bases[source.name] = server.base_url
                self._sources.append(source)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        while self._servers:
            self._servers.pop().stop()

    def url(self, site: str, path: str) -> str:
        return self.bases[site] + path

    def requested(self, site: str, path: str) -> int:
        origin = self.bases[site].split("//", 1)[1]
        return sum(1 for o, target in self.requests if o == origin and target.split("?")[0] == path)

    def write_sources_toml(self, path: Path) -> Path:
        q = json.dumps
        # max_depth = 2: these outlets ask for the links inside their articles
        # (the print version is reached only that way).
        lines = ["[defaults]", "allow_private_addresses = true", "max_depth = 2", ""]
        for s in self._sources:
            lines += ["[[source]]", f"name = {q(s.name)}", f"site_name = {q(s.site_name)}",
                      f"home = {q(s.home)}", f"language = {q(s.language)}",
                      f"feeds = [{', '.join(q(u) for u in s.feeds)}]",
                      f"sitemaps = [{', '.join(q(u) for u in s.sitemaps)}]", ""]
        Path(path).write_text("\n".join(lines), encoding="utf-8")
        return Path(path)
