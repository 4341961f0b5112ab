"""A site that pushes back: 429 and 503 with Retry-After, a page that hangs, a dropped connection.

Each article page fails in its own way before it answers (or never
answers); the request log keeps the time of every request, so a test can
check the pauses the crawler took.
"""

from __future__ import annotations

import html
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGES = {
    "retry-after-seconds": (
        "Tidal survey finds the channel has moved",
        "Surveyors working for the port found that the deep-water channel has shifted "
        "almost forty metres east since the last survey, after a winter of storms that "
        "moved sandbanks across the mouth of the river and buried two marker buoys.",
    ),
    "retry-after-date": (
        "Bakery on Mill Row wins regional award",
        "A family bakery that has traded on Mill Row for three generations was named the "
        "best small bakery in the region on Saturday, with judges praising its rye loaves, "
        "its early opening hours and the apprenticeships it offers to school leavers.",
    ),
    "reset-once": (
        "Night buses return to the coast road",
        "Night buses will run on the coast road again from next month after a two-year "
        "gap, the transport authority said, with hourly services on Friday and Saturday "
        "nights between the station, the hospital and the villages along the shore.",
    ),
    "hangs": (
        "This page never answers in time",
        "The server holds this request open for longer than the crawler waits.",
    ),
}
EXTRA = ("Residents can read the full report at the library, which has extended its "
         "opening hours this week so that people who work during the day can see it.")


class ThrottlingSite:
    def __init__(self, hang_seconds: float = 4.0) -> None:
        self.hang_seconds = hang_seconds
        self.requests: list[tuple[str, float]] = []
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> ThrottlingSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, slug: str) -> str:
        return f"{self.base_url}/news/{slug}-2026"

    def times(self, slug: str) -> list[float]:
        return [t for path, t in self.requests if path.endswith(f"/{slug}-2026")]

    def write_sources_toml(self, path):
        path.write_text(f"""
[[source]]
name = "pushback"
home = "{self.base_url}/"
language = "en"
feeds = ["{self.base_url}/feed.xml"]
allow_private_addresses = true
""")
        return path

    def attempt(self, slug: str) -> int:
        with self._lock:
            self._counts[slug] = self._counts.get(slug, 0) + 1
            return self._counts[slug]


def _article(title: str, text: str) -> bytes:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title><meta property="og:type" content="article">
<meta property="article:published_time" content="2026-03-12T10:00:00+00:00"></head>
<body><article><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>
<p>{html.escape(EXTRA)}</p></article></body></html>""".encode()


def _handler(site: ThrottlingSite):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            site.requests.append((self.path, time.monotonic()))
            if self.path == "/robots.txt":
                return self._send(200, b"User-agent: *\nDisallow:\n", "text/plain")
            if self.path == "/feed.xml":
                items = "".join(f"<item><link>{site.url(s)}</link></item>" for s in PAGES)
                return self._send(200, f"<rss><channel>{items}</channel></rss>".encode(),
                                  "application/rss+xml")
            slug = self.path.rsplit("/", 1)[-1].removesuffix("-2026")
            if slug not in PAGES:
                return self._send(404, b"not found", "text/plain")
            attempt = site.attempt(slug)
            if slug == "retry-after-seconds" and attempt == 1:
                return self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            if slug == "retry-after-date" and attempt == 1:
                return self._send(503, b"busy", "text/plain",
                                  {"Retry-After": formatdate(time.time() + 2, usegmt=True)})
            if slug == "reset-once" and attempt == 1:
                self.connection.close()  # a reset: no status line at all
                return None
            if slug == "hangs":
                time.sleep(site.hang_seconds)
            return self._send(200, _article(*PAGES[slug]), "text/html; charset=utf-8")

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
                pass  # the crawler gave up on the hanging page first

        def log_message(self, *args) -> None:
            pass

    return Handler
