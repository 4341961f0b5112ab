"""What the small hand-written test sites share: a server of their own and a handler that answers.

A site subclasses ``SmallSite`` and writes ``answer(request)`` (``StorySite``
writes it for a feed and story pages), which returns
a ``Reply`` (or None when it already dealt with the connection, e.g. closed
it). The server listens on port 0 of ``host`` in a daemon thread while the
site is entered as a context manager.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml"


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str | None = "text/plain"
    headers: Mapping[str, str] = field(default_factory=dict)


ROBOTS_ALLOW_ALL = Reply(200, b"User-agent: *\nDisallow:\n")
NOT_FOUND = Reply(404, b"not found")


def rss_items(links: list[str] | tuple[str, ...]) -> bytes:
    """A bare RSS feed listing ``links``."""
    items = "".join(f"<item><link>{link}</link></item>" for link in links)
    return f"<rss><channel>{items}</channel></rss>".encode()


def feed_source(name: str, base_url: str, site_name: str | None = None, extra: str = "") -> str:
    """A sources-file entry for a site read through its ``/feed.xml``."""
    named = f'site_name = "{site_name}"\n' if site_name else ""
    return f"""
[[source]]
name = "{name}"
{named}home = "{base_url}/"
language = "en"
feeds = ["{base_url}/feed.xml"]
allow_private_addresses = true
{extra}"""


class SmallSite:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self._server = ThreadingHTTPServer((host, 0), _Handler)
        self._server.daemon_threads = True
        self._server.site = self
        self.base_url = f"http://{host}:{self._server.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, request: BaseHTTPRequestHandler) -> Reply | None:
        raise NotImplementedError


class StorySite(SmallSite):
    """A site of one feed (``feed()``) and story pages at ``/story/<slug>`` (``story_page(slug)``)."""

    def feed(self) -> bytes:
        raise NotImplementedError

    def story_page(self, slug: str) -> bytes | None:
        raise NotImplementedError

    def answer(self, request: BaseHTTPRequestHandler) -> Reply:
        if request.path == "/robots.txt":
            return ROBOTS_ALLOW_ALL
        if request.path == "/feed.xml":
            return Reply(200, self.feed(), RSS)
        if request.path.startswith("/story/"):
            body = self.story_page(request.path.rsplit("/", 1)[-1])
            if body is not None:
                return Reply(200, body, HTML)
        return NOT_FOUND


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        reply = self.server.site.answer(self)
        if reply is None:
            return
        try:
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up on the request first (a hanging page, a stopped crawl)

    def log_message(self, *args) -> None:
        pass
