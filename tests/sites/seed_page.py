"""The seed article page, built at run time from /work/shared/seed (its text is not ours to copy).

``render_seed_page`` is a pure function of the seed files (and an optional
base URL): the extraction golden test renders the same page the fixture
server serves as site ``londonnews``. The page is what a WordPress news theme
would serve for the seed text: ``<title>`` with the " | World | host" suffix,
header and nav, the headline as ``<h1>`` and once more as a heading inside the
content area (the text shows it twice), the body paragraphs, a "Related posts"
block, a sidebar, a footer and the cookie banner from the text's last line.
The seed has no date and no byline; the date below is ours (the URL's day).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ._markup import attr, esc
from ._model import slugify

SEED_TEXT = "zelensky-trump-article.txt"
SEED_EXPECTED = "expected.json"
SEED_PUBLISHED_AT = datetime.fromisoformat("2025-10-11T19:05:00+01:00")
_BUTTONS = " Accept Read More"


@dataclass(frozen=True)
class SeedArticle:
    title_line: str
    title: str
    section: str
    site_name: str
    host: str
    body: tuple[str, ...]
    related_titles: tuple[str, ...]
    cookie_text: str


def load_seed(seed_dir: Path) -> SeedArticle:
    lines = [line.strip() for line in (Path(seed_dir) / SEED_TEXT).read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    expected = json.loads((Path(seed_dir) / SEED_EXPECTED).read_text(encoding="utf-8"))
    cookie = lines[-1]
    if cookie.endswith(_BUTTONS):
        cookie = cookie[: -len(_BUTTONS)]
    return SeedArticle(title_line=lines[0], title=expected["title"], section=expected["section"],
                       site_name=expected["site_name"], host=expected["host"],
                       body=tuple(expected["body_paragraphs"]),
                       related_titles=tuple(expected["related_titles"]), cookie_text=cookie)


def seed_article_path(seed: SeedArticle) -> str:
    return f"/{SEED_PUBLISHED_AT:%Y/%m/%d}/{slugify(seed.title)}/"


def related_path(title: str) -> str:
    """Where a related headline links: the day before, on the same site (not served: 404)."""
    return f"/2025/10/10/{slugify(title)}/"


def render_seed_page(seed_dir: Path, base_url: str | None = None) -> str:
    """The seed article as a WordPress news-theme page; links are absolute on ``base_url``
    (default: the seed's own host over https)."""
    seed = load_seed(seed_dir)
    base = (base_url or f"https://{seed.host}").rstrip("/")
    url = base + seed_article_path(seed)
    section_url = f"{base}/category/{slugify(seed.section)}/"
    stamp = SEED_PUBLISHED_AT.isoformat()
    nav = "".join(f'<li class="menu-item"><a href="{href}">{label}</a></li>' for href, label in
                  ((f"{base}/", "Home"), (section_url, esc(seed.section))))
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in seed.body)
    related = "\n".join(
        f'<div class="td-related-span4"><h3 class="entry-title td-module-title"><a href="'
        f'{base}{related_path(t)}" rel="bookmark" title="{attr(t)}">{esc(t)}</a></h3></div>'
        for t in seed.related_titles)
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(seed.title_line)}</title>
<link rel="canonical" href="{url}">
<meta property="og:locale" content="en_US">
<meta property="og:type" content="article">
<meta property="og:title" content="{attr(seed.title)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{attr(seed.site_name)}">
<meta property="article:section" content="{attr(seed.section)}">
<meta property="article:published_time" content="{stamp}">
<link rel="alternate" type="application/rss+xml" title="{attr(seed.site_name)} &raquo; Feed" href="{base}/feed/">
</head>
<body class="post-template-default single single-post single-format-standard td-standard-pack">
<div class="td-theme-wrap">
<div class="td-header-wrap">
<div class="td-header-top-menu"><div class="td-header-sp-top-menu"><span class="td_data_time">Saturday, October 11, 2025</span></div></div>
<div class="td-header-logo"><a class="td-main-logo" href="{base}/"><span class="td-logo-text">{esc(seed.site_name)}</span></a></div>
<nav class="td-header-menu-wrap"><ul id="menu-main-menu" class="sf-menu">{nav}</ul></nav>
</div>
<div class="td-main-content-wrap td-container-wrap">
<div class="td-container td-post-template-default">
<div class="td-crumb-container"><div class="entry-crumbs"><span><a href="{base}/">Home</a></span> <i class="td-bread-sep"></i> <span><a href="{section_url}">{esc(seed.section)}</a></span></div></div>
<div class="td-pb-row">
<div class="td-pb-span8 td-main-content" role="main">
<article id="post-48213" class="post-48213 post type-post status-publish format-standard category-world">
<div class="td-post-header">
<ul class="td-category"><li class="entry-category"><a href="{section_url}">{esc(seed.section)}</a></li></ul>
<header class="td-post-title">
<h1 class="entry-title">{esc(seed.title)}</h1>
<div class="td-module-meta-info"><span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{stamp}">October 11, 2025</time></span></div>
</header>
</div>
<div class="td-post-content tagdiv-type">
<h2 class="td-post-sub-title">{esc(seed.title)}</h2>
{paragraphs}
</div>
<footer>
<div class="td-post-sharing td-post-sharing-bottom"><span class="td-social-share-text">Share</span> <a class="td-social-sharing-button td-social-facebook" href="#share-facebook">Facebook</a> <a class="td-social-sharing-button td-social-twitter" href="#share-x">Twitter</a></div>
</footer>
</article>
<div class="td_block_wrap td_block_related_posts">
<h4 class="td-related-title"><a class="td-related-left td-cur-simple-item" href="#">Related posts</a></h4>
<div class="td_block_inner">
{related}
</div>
</div>
</div>
<div class="td-pb-span4 td-main-sidebar" role="complementary">
<aside class="td_block_template_1 widget widget_search"><form method="get" class="td-search-form-widget" action="{base}/"><input class="td-widget-search-input" type="text" name="s"><input class="wpb_button wpb_btn-inverse btn" type="submit" value="Search"></form></aside>
<aside class="td_block_template_1 widget widget_categories"><h4 class="block-title"><span>Categories</span></h4><ul><li class="cat-item"><a href="{section_url}">{esc(seed.section)}</a></li></ul></aside>
</div>
</div>
</div>
</div>
<div class="td-footer-wrapper"><div class="td-footer-bottom-full"><div class="footer-text-wrap">&copy; 2025 {esc(seed.site_name)}. All rights reserved.</div></div></div>
</div>
<div id="cookie-law-info-bar" data-nosnippet="true"><span>{esc(seed.cookie_text)} <a role="button" data-cli_action="accept" id="cookie_action_close_header" class="medium cli-plugin-button cli-plugin-main-button cookie_action_close_header cli_action_button">Accept</a> <a href="{base}/" id="CONSTANT_OPEN_URL" class="cli-plugin-main-link">Read More</a></span></div>
</body>
</html>
"""
