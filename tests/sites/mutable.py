"""A news site whose articles change between crawls, for the versions tests.

Five articles, each showing one kind of change when ``phase`` moves from 1
to 2: a real body change, a boring change (timestamps, counters, an ad
label), a headline-only change, none at all but answered with 304 to a
conditional request, and a flip-flop between two versions on every request.
"""

from __future__ import annotations

import html
import threading
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = [
    "The town council of Aldwick voted on Tuesday evening to keep the harbour ferry "
    "running through the winter, reversing a plan to suspend the service from November.",
    "Councillors said the ferry carried more than four hundred passengers a week last "
    "winter, most of them workers travelling to the fish market on the far quay.",
    "The operator will receive a grant to cover fuel costs, and timetables will be "
    "published at the harbour office and on the council's notice boards.",
]
CORRECTED = BODY[:1] + [
    "Councillors said the ferry carried more than six hundred passengers a week last "
    "winter, most of them workers travelling to the fish market on the far quay.",
    BODY[2],
    "A council spokesperson later added that the grant would be reviewed in the spring.",
]
# Each article opens with its own lead, so no two are duplicates of each other.
LEADS = {
    "real-change": "Fishermen on the far quay welcomed the decision with a round of applause.",
    "boring-change": "The harbour master said the crossing would keep its seven o'clock start.",
    "headline-change": "Shopkeepers on Quay Street had collected signatures for the ferry since May.",
    "not-modified": "The vote followed a public meeting attended by nearly two hundred residents.",
    "flip-flop": "Pupils from the island school use the ferry to reach the grammar school.",
}
ARTICLES = tuple(LEADS)
# A fixed validator time: the "not-modified" page never changes.
_LAST_MODIFIED = format_datetime(datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc), usegmt=True)


class MutableSite:
    def __init__(self) -> None:
        self.phase = 1
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._flips = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> MutableSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, slug: str) -> str:
        return f"{self.base_url}/news/2026/03/10/{slug}"

    def write_sources_toml(self, path) -> object:
        path.write_text(f"""
[[source]]
name = "aldwick"
site_name = "Aldwick Courier"
home = "{self.base_url}/"
language = "en"
feeds = ["{self.base_url}/feed.xml"]
allow_private_addresses = true
""")
        return path

    # -- what the site serves ----------------------------------------------

    def page(self, slug: str) -> tuple[str, list[str]]:
        """Headline and paragraphs of ``slug`` as served right now."""
        title, body = "Aldwick keeps its winter ferry", list(BODY)
        lead = [LEADS[slug]]
        if slug == "real-change" and self.phase == 2:
            body = list(CORRECTED)
        elif slug == "boring-change" and self.phase == 2:
            body = ["Updated 10:32 GMT", *BODY, "1,204 comments"]
        elif slug == "headline-change" and self.phase == 2:
            title = "Aldwick council saves its winter ferry"
        elif slug == "flip-flop":
            with self._lock:
                self._flips += 1
                if self._flips % 2 == 0:
                    body = list(CORRECTED)
        return title, lead + body

    def render(self, slug: str) -> bytes:
        title, body = self.page(slug)
        paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | Aldwick Courier</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="Aldwick Courier">
<meta property="article:published_time" content="2026-03-10T08:00:00+00:00">
<meta name="author" content="Mary Holt">
</head><body><header><a href="/">Aldwick Courier</a></header>
<article><h1>{html.escape(title)}</h1>{paragraphs}</article>
<footer>Aldwick Courier, 1 Quay Street</footer></body></html>""".encode()

    def feed(self) -> bytes:
        items = "".join(f"<item><title>{slug}</title><link>{self.url(slug)}</link></item>"
                        for slug in ARTICLES)
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Aldwick</title>'
                f"{items}</channel></rss>").encode()


def _handler(site: MutableSite):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, dict(self.headers)))
            if self.path == "/robots.txt":
                return self._send(200, b"User-agent: *\nDisallow:\n", "text/plain")
            if self.path == "/feed.xml":
                return self._send(200, site.feed(), "application/rss+xml")
            slug = self.path.rsplit("/", 1)[-1]
            if slug not in ARTICLES:
                return self._send(404, b"not found", "text/plain")
            if slug == "not-modified":
                if (self.headers.get("If-None-Match") == '"nm-1"'
                        or self.headers.get("If-Modified-Since") == _LAST_MODIFIED):
                    return self._send(304, b"", None)
                return self._send(200, site.render(slug), "text/html; charset=utf-8",
                                  {"Last-Modified": _LAST_MODIFIED, "ETag": '"nm-1"'})
            return self._send(200, site.render(slug), "text/html; charset=utf-8")

        def _send(self, status: int, body: bytes, content_type: str | None,
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return Handler
