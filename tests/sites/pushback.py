"""A news site with a feed of N articles that answers them all, or pushes every one back.

``PushbackSite(articles=200)`` serves its articles; with ``retry_after="3600"``
every article page answers 429 with that Retry-After, as a site that wants
the crawler gone for the hour. The request log keeps each article request's
time, so the throttle-isolation test and benchmark can measure one site's
pace beside the other's pushback.
"""

from __future__ import annotations

import html
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_WORDS = ("harbour", "council", "ferry", "survey", "report", "winter", "storm", "bridge",
          "market", "station", "library", "school", "river", "coast", "village", "road")


class PushbackSite:
    def __init__(self, name: str, articles: int, retry_after: str | None = None,
                 host: str = "127.0.0.1") -> None:
        self.name = name
        self.articles = articles
        self.retry_after = retry_after
        self.article_times: list[float] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, 0), _handler(self))
        self._server.daemon_threads = True
        self.base_url = f"http://{host}:{self._server.server_address[1]}"

    def __enter__(self) -> PushbackSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, number: int) -> str:
        return f"{self.base_url}/news/{self.name}-story-{number}"

    def source_toml(self) -> str:
        return f"""
[[source]]
name = "{self.name}"
home = "{self.base_url}/"
language = "en"
feeds = ["{self.base_url}/feed.xml"]
allow_private_addresses = true
"""

    def seen(self) -> None:
        with self._lock:
            self.article_times.append(time.monotonic())


def write_sources(path: Path, *sites: PushbackSite) -> Path:
    path.write_text("".join(site.source_toml() for site in sites))
    return path


def _article(site: PushbackSite, number: int) -> bytes:
    title = f"{site.name.title()} story {number}: the {_WORDS[number % len(_WORDS)]} reopens"
    words = " ".join(_WORDS[(number * 7 + i) % len(_WORDS)] for i in range(80))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title><meta property="og:type" content="article">
<meta property="article:published_time" content="2026-03-12T10:00:00+00:00"></head>
<body><article><h1>{html.escape(title)}</h1><p>Story {number} of {site.name}. {words}.</p>
<p>Residents can read the report at the library from Monday, number {number}.</p>
</article></body></html>""".encode()


def _handler(site: PushbackSite):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                return self._send(200, b"User-agent: *\nDisallow:\n", "text/plain")
            if self.path == "/feed.xml":
                items = "".join(f"<item><link>{site.url(n)}</link></item>"
                                for n in range(site.articles))
                return self._send(200, f"<rss><channel>{items}</channel></rss>".encode(),
                                  "application/rss+xml")
            prefix = f"/news/{site.name}-story-"
            if not self.path.startswith(prefix) or not self.path[len(prefix):].isdigit():
                return self._send(404, b"not found", "text/plain")
            site.seen()
            if site.retry_after is not None:
                return self._send(429, b"slow down", "text/plain",
                                  {"Retry-After": site.retry_after})
            return self._send(200, _article(site, int(self.path[len(prefix):])),
                              "text/html; charset=utf-8")

        def _send(self, status, body, content_type, headers=None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args) -> None:
            pass

    return Handler
