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

from ._small import HTML, NOT_FOUND, ROBOTS_ALLOW_ALL, RSS, Reply, SmallSite, feed_source, rss_items

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


class ThrottlingSite(SmallSite):
    def __init__(self, hang_seconds: float = 4.0) -> None:
        super().__init__()
        self.hang_seconds = hang_seconds
        self.requests: list[tuple[str, float]] = []
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def url(self, slug: str) -> str:
        return f"{self.base_url}/news/{slug}-2026"

    def times(self, slug: str) -> list[float]:
        return [t for path, t in self.requests if path.endswith(f"/{slug}-2026")]

    def write_sources_toml(self, path):
        path.write_text(feed_source("pushback", self.base_url))
        return path

    def attempt(self, slug: str) -> int:
        with self._lock:
            self._counts[slug] = self._counts.get(slug, 0) + 1
            return self._counts[slug]

    def answer(self, request) -> Reply | None:
        self.requests.append((request.path, time.monotonic()))
        if request.path == "/robots.txt":
            return ROBOTS_ALLOW_ALL
        if request.path == "/feed.xml":
            return Reply(200, rss_items([self.url(s) for s in PAGES]), RSS)
        slug = request.path.rsplit("/", 1)[-1].removesuffix("-2026")
        if slug not in PAGES:
            return NOT_FOUND
        attempt = self.attempt(slug)
        if slug == "retry-after-seconds" and attempt == 1:
            return Reply(429, b"slow down", headers={"Retry-After": "1"})
        if slug == "retry-after-date" and attempt == 1:
            return Reply(503, b"busy", headers={"Retry-After": formatdate(time.time() + 2, usegmt=True)})
        if slug == "reset-once" and attempt == 1:
            request.connection.close()  # a reset: no status line at all
            return None
        if slug == "hangs":
            time.sleep(self.hang_seconds)
        return Reply(200, _article(*PAGES[slug]), HTML)


def _article(title: str, text: str) -> bytes:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title><meta property="og:type" content="article">
<meta property="article:published_time" content="2026-03-12T10:00:00+00:00"></head>
<body><article><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>
<p>{html.escape(EXTRA)}</p></article></body></html>""".encode()

