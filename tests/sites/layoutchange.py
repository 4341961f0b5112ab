"""A news site that changes its layout between crawls, for the drift alarm and the scheduler.

Phase 1 serves six articles with a date and an author (OpenGraph, meta tags
and a byline). Phase 2 lists six other articles whose pages carry neither,
as after a redesign that moved them somewhere the extractor does not look.
Article URLs carry no date, so nothing can guess one from the path.
``delay`` slows every article response, for crawls that must still be
running when a test interrupts them. The text is the fixture corpus's.
"""

from __future__ import annotations

import html
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ._generate import stories_for
from ._model import Story

ARTICLES_PER_PHASE = 6


class LayoutChangeSite:
    def __init__(self, delay: float = 0.0, articles_per_phase: int = ARTICLES_PER_PHASE) -> None:
        self.phase = 1
        self.delay = delay
        stories = [s for s in stories_for("plainpost", 3) if not s.restricted]
        if len(stories) < 2 * articles_per_phase:
            raise ValueError(f"only {len(stories)} stories for {articles_per_phase} per phase")
        self.stories = {1: stories[:articles_per_phase],
                        2: stories[articles_per_phase:2 * articles_per_phase]}
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> LayoutChangeSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, story: Story) -> str:
        return f"{self.base_url}/story/{story.slug}"

    def article_requests(self) -> int:
        with self._lock:
            return sum(path.startswith("/story/") for path in self.requests)

    def write_sources_toml(self, path):
        path.write_text(f"""
[[source]]
name = "layoutnews"
site_name = "Layout News"
home = "{self.base_url}/"
language = "en"
feeds = ["{self.base_url}/feed.xml"]
allow_private_addresses = true
""")
        return path

    def feed(self) -> bytes:
        items = "".join(f"<item><title>{html.escape(s.title)}</title><link>{self.url(s)}</link></item>"
                        for s in self.stories[self.phase])
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Layout News</title>'
                f"{items}</channel></rss>").encode()

    def render(self, story: Story, phase: int) -> bytes:
        paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in story.body)
        title = html.escape(story.title)
        if phase == 1:
            authors = html.escape(", ".join(story.authors))
            meta = (f'<meta property="article:published_time" content="{story.published_at.isoformat()}">\n'
                    f'<meta name="author" content="{authors}">')
            byline = f'<p class="byline">By {authors}</p>'
        else:
            meta, byline = "", ""
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Layout News</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Layout News">
{meta}
</head><body><header><a href="/">Layout News</a></header>
<article><h1>{title}</h1>{byline}{paragraphs}</article>
<footer>Layout News</footer></body></html>""".encode()

    def story_page(self, slug: str) -> bytes | None:
        for phase, stories in self.stories.items():
            for story in stories:
                if story.slug == slug:
                    return self.render(story, phase)
        return None


def _handler(site: LayoutChangeSite):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with site._lock:
                site.requests.append(self.path)
            if self.path == "/robots.txt":
                return self._send(200, b"User-agent: *\nDisallow:\n", "text/plain")
            if self.path == "/feed.xml":
                return self._send(200, site.feed(), "application/rss+xml")
            if self.path.startswith("/story/"):
                body = site.story_page(self.path.rsplit("/", 1)[-1])
                if body is not None:
                    time.sleep(site.delay)
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
                pass  # the crawl was stopped mid-request

        def log_message(self, *args) -> None:
            pass

    return Handler
