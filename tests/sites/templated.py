"""A news site whose articles carry a block of the site's template inside the article text.

Every article page ends its ``<article>`` with the same author box and the
same newsletter offer, marked up like the text around them (plain ``<p>``),
so no generic extractor can tell them from the story: only seeing them on
every page of the site can. ``phase`` 2 adds new articles, for a second
crawl that starts from what the first one learned. The text is the fixture
corpus's.
"""

from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ._generate import stories_for
from ._model import Story

AUTHOR_BOX = ("Mira Solberg has covered the coast for the Gazette since 2011. She lives in Port Calder "
              "with two dogs and a boat that rarely leaves the harbour.")
NEWSLETTER_OFFER = ("Every Friday our editors pick the week's best stories from the islands, free in your "
                    "inbox every week.")
TEMPLATE_BLOCKS = (AUTHOR_BOX, NEWSLETTER_OFFER)
FIRST_PHASE_ARTICLES = 5
SECOND_PHASE_ARTICLES = 2


class TemplatedSite:
    def __init__(self) -> None:
        self.phase = 1
        stories = [s for s in stories_for("dailyharbor", 2) if not s.restricted]
        self.stories = {1: stories[:FIRST_PHASE_ARTICLES],
                        2: stories[FIRST_PHASE_ARTICLES:FIRST_PHASE_ARTICLES + SECOND_PHASE_ARTICLES]}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> TemplatedSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, story: Story) -> str:
        return f"{self.base_url}/story/{story.slug}"

    def listed(self) -> list[Story]:
        return [story for phase in range(1, self.phase + 1) for story in self.stories[phase]]

    def write_sources_toml(self, path, extra: str = ""):
        path.write_text(f"""
[[source]]
name = "gazette"
site_name = "Coast Gazette"
home = "{self.base_url}/"
language = "en"
feeds = ["{self.base_url}/feed.xml"]
allow_private_addresses = true
{extra}
""")
        return path

    def feed(self) -> bytes:
        items = "".join(f"<item><title>{html.escape(s.title)}</title><link>{self.url(s)}</link></item>"
                        for s in self.listed())
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Gazette</title>'
                f"{items}</channel></rss>").encode()

    def render(self, story: Story) -> bytes:
        paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in (*story.body, *TEMPLATE_BLOCKS))
        title = html.escape(story.title)
        authors = html.escape(", ".join(story.authors))
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Coast Gazette</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Coast Gazette">
<meta property="article:published_time" content="{story.published_at.isoformat()}">
<meta name="author" content="{authors}">
</head><body><header><a href="/">Coast Gazette</a></header>
<article><h1>{title}</h1><div class="story">{paragraphs}</div></article>
<footer>Coast Gazette</footer></body></html>""".encode()

    def story_page(self, slug: str) -> bytes | None:
        for story in self.listed():
            if story.slug == slug:
                return self.render(story)
        return None


def _handler(site: TemplatedSite):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                return self._send(200, b"User-agent: *\nDisallow:\n", "text/plain")
            if self.path == "/feed.xml":
                return self._send(200, site.feed(), "application/rss+xml")
            if self.path.startswith("/story/"):
                body = site.story_page(self.path.rsplit("/", 1)[-1])
                if body is not None:
                    return self._send(200, body, "text/html; charset=utf-8")
            return self._send(404, b"not found", "text/plain")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args) -> None:
            pass

    return Handler
