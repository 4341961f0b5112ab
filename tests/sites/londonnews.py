"""london-news-net: serves the seed article page (built from /work/shared/seed at run time)."""

from __future__ import annotations

from pathlib import Path

from ._markup import esc, page, robots_txt, rss_feed, urlset
from ._model import BuiltSite, ExpectedArticle, SourceEntry, Story, slugify
from ._server import RouteTable
from .seed_page import SEED_PUBLISHED_AT, load_seed, render_seed_page, seed_article_path

NAME = "londonnews"


def build(base: str, seed_dir: Path) -> BuiltSite:
    seed = load_seed(seed_dir)
    path = seed_article_path(seed)
    url = base + path
    section_path = f"/category/{slugify(seed.section)}/"
    story = Story(slug=slugify(seed.title), title=seed.title, authors=(), published_at=SEED_PUBLISHED_AT,
                  tags=(), body=seed.body)
    routes = RouteTable()
    routes.add_fixed("/robots.txt", robots_txt("/wp-admin/", [base + "/sitemap.xml"]))
    listing = (f'<!DOCTYPE html>\n<html lang="en-US">\n<head><meta charset="UTF-8"><title>{esc(seed.section)} '
               f"| {esc(seed.site_name)}</title></head>\n<body>\n<header><a href=\"{base}/\">{esc(seed.site_name)}"
               f'</a> <nav><a href="{base}{section_path}">{esc(seed.section)}</a></nav></header>\n'
               f'<main><h1 class="entry-title">{esc(seed.section)}</h1>\n<div class="td-block-span6"><h3 '
               f'class="entry-title td-module-title"><a href="{url}" rel="bookmark">{esc(seed.title)}</a></h3>'
               f"<p>{esc(story.summary)}</p></div>\n</main>\n</body>\n</html>\n")
    routes.add_fixed("/", page(listing))
    routes.add_fixed(section_path, page(listing))
    routes.add(path, lambda: page(render_seed_page(seed_dir, base)))
    routes.add("/feed/", lambda: rss_feed(seed.site_name, base + "/", "News", [(url, story)]))
    routes.add("/sitemap.xml", lambda: urlset([(url, SEED_PUBLISHED_AT)]))
    source = SourceEntry(name=NAME, site_name=seed.site_name, home=base + "/", language="en",
                         feeds=(base + "/feed/",), sitemaps=(base + "/sitemap.xml",),
                         sections=(base + section_path,))
    article = ExpectedArticle(site=NAME, url=url, title=seed.title, authors=(), published_at=SEED_PUBLISHED_AT,
                              section=seed.section, language="en", body=seed.body)
    return BuiltSite(name=NAME, routes=routes, source=source, articles=[article],
                     non_article_urls=[base + "/", base + section_path])
