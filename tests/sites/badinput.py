"""badinput: pages that break naive crawlers: broken markup, windows-1251 without a header charset,
an empty body, a 10 MB page and binary bytes served as text/html."""

from __future__ import annotations

import random
from datetime import datetime

from . import _corpus
from ._generate import story_from_entry
from ._markup import Response, esc, page, robots_txt, rss_feed, urlset
from ._model import BuiltSite, ExpectedArticle, SourceEntry, Story, slugify
from ._server import RouteTable

NAME = "badinput"
SITE_NAME = "Bad Input Gazette"
HUGE_BYTES = 10 * 1024 * 1024
BINARY_BYTES = 64 * 1024
PATHS = {
    "malformed": f"/articles/{slugify(_corpus.MALFORMED['title'])}.html",
    "cp1251": "/articles/severograd-bridge.html",
    "empty": "/articles/empty.html",
    "huge": "/articles/huge.html",
    "binary": "/articles/binary.html",
}


def build(base: str) -> BuiltSite:
    malformed = story_from_entry(_corpus.MALFORMED)
    russian = story_from_entry(_corpus.CP1251)
    routes = RouteTable()
    routes.add_fixed("/robots.txt", robots_txt("/private/", [base + "/sitemap.xml"]))
    routes.add(PATHS["malformed"], lambda: page(_malformed_html(malformed)))
    # The charset is only in the <meta http-equiv>: the header says plain text/html.
    routes.add(PATHS["cp1251"], lambda: Response(200, "text/html", _cp1251_html(russian).encode("cp1251")))
    routes.add_fixed(PATHS["empty"], Response(200, "text/html", b""))
    routes.add(PATHS["huge"], lambda: Response(200, "text/html; charset=utf-8", _huge_html(malformed)))
    routes.add(PATHS["binary"], lambda: Response(200, "text/html", _binary_bytes()))
    placeholders = {kind: Story(slug=kind, title=f"Test page: {kind}", authors=(SITE_NAME,),
                                published_at=datetime.fromisoformat("2026-03-21T12:00:00+00:00"),
                                tags=(), body=(f"The {kind} test page.",))
                    for kind in ("empty", "huge", "binary")}
    feed_items = [(base + PATHS["malformed"], malformed), (base + PATHS["cp1251"], russian)]
    feed_items += [(base + PATHS[kind], story) for kind, story in placeholders.items()]
    routes.add("/rss.xml", lambda: rss_feed(SITE_NAME, base + "/", "Pages that break crawlers", feed_items))
    routes.add("/sitemap.xml", lambda: urlset([(url, None) for url, _ in feed_items]))
    index = "".join(f'<li><a href="{url}">{esc(story.title)}</a></li>' for url, story in feed_items)
    routes.add_fixed("/", page(f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                               f"{SITE_NAME}</title></head><body><h1>{SITE_NAME}</h1><ul>{index}</ul></body></html>"))
    source = SourceEntry(name=NAME, site_name=SITE_NAME, home=base + "/", language="en",
                         feeds=(base + "/rss.xml",), sitemaps=(base + "/sitemap.xml",))
    articles = [
        ExpectedArticle(site=NAME, url=base + PATHS["malformed"], title=malformed.title, authors=malformed.authors,
                        published_at=malformed.published_at, section=None, language="en", body=malformed.body),
        ExpectedArticle(site=NAME, url=base + PATHS["cp1251"], title=russian.title, authors=russian.authors,
                        published_at=russian.published_at, section=None, language="ru", body=russian.body),
    ]
    return BuiltSite(name=NAME, routes=routes, source=source, articles=articles, non_article_urls=[base + "/"],
                     bad_input_urls={kind: base + path for kind, path in PATHS.items()})


def _malformed_html(story: Story) -> str:
    p1, p2, p3, p4 = (esc(p) for p in story.body)
    # Deliberately broken: unquoted attributes, stray and misnested closing tags,
    # <p> inside <span>, unclosed <p>/<li>/<b>. The </title> stays, or the whole
    # page would become the title (RCDATA) and no longer be an article at all.
    return f"""<html>
<head>
<meta charset=utf-8>
<title>{esc(story.title)} :: {SITE_NAME}</title>
<meta name=author content="{esc(story.authors[0])}">
<meta property=article:published_time content={story.published_at.isoformat()}>
<meta name=description content=Canal volunteers find old gates>
<body>
<div id=wrapper class=main page>
<div class=nav><a href=/>Home</a> | <a href=/rss.xml>RSS</a>
</div></div></div>
<table width=100%><tr><td valign=top>
<h1 class=headline>{esc(story.title)}</h1></h1>
<span class=byline>By {esc(story.authors[0])} <b>20 March 2026</span></b>
<div class=article-body>
<span class=lead><p>{p1}</p></span>
<p>{p2}
<font face=Arial><p>{p3}</font>
<p>{p4}
</span></div></div>
<ul class=links><li><a href=/>More news<li><a href=/rss.xml>Feed
</td></tr>
<div class=footer>Copyright <b><i>2026</b></i> {SITE_NAME}
</body>
"""


def _cp1251_html(story: Story) -> str:
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in story.body)
    stamp = story.published_at
    return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>{esc(story.title)} — Северный вестник</title>
<meta name="author" content="{esc(story.authors[0])}">
<meta property="article:published_time" content="{stamp.isoformat()}">
</head>
<body>
<div class="header"><a href="/">Северный вестник</a> | <a href="/rss.xml">Новости</a></div>
<h1>{esc(story.title)}</h1>
<p class="byline">{esc(story.authors[0])}, {stamp.day} марта {stamp.year}</p>
<div class="article-text">
{paragraphs}
</div>
<div class="footer">© 2026 Северный вестник</div>
</body>
</html>
"""


def _huge_html(story: Story) -> bytes:
    head = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(story.title)} (archive copy)'
            f'</title></head><body><article><h1>{esc(story.title)}</h1>'
            + "".join(f"<p>{esc(p)}</p>" for p in story.body) + "</article>\n").encode()
    row = b'<div class="archive-row"><span class="cell">0000</span><span class="cell">filler</span></div>\n'
    rows = row * (HUGE_BYTES // len(row) + 1)
    return head + b"<!-- archive dump -->\n" + rows + b"</body></html>\n"


def _binary_bytes() -> bytes:
    data = random.Random("badinput-binary").randbytes(BINARY_BYTES)
    return b"\x00\x00\x89PNG\r\n\x1a\n\x00" + data
