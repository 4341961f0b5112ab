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
from pathlib import Path

from ._small import HTML, NOT_FOUND, ROBOTS_ALLOW_ALL, RSS, Reply, SmallSite, feed_source, rss_items

_WORDS = ("harbour", "council", "ferry", "survey", "report", "winter", "storm", "bridge",
          "market", "station", "library", "school", "river", "coast", "village", "road")


class PushbackSite(SmallSite):
    def __init__(self, name: str, articles: int, retry_after: str | None = None,
                 host: str = "127.0.0.1") -> None:
        super().__init__(host)
        self.name = name
        self.articles = articles
        self.retry_after = retry_after
        self.article_times: list[float] = []
        self._lock = threading.Lock()

    def url(self, number: int) -> str:
        return f"{self.base_url}/news/{self.name}-story-{number}"

    def source_toml(self) -> str:
        return feed_source(self.name, self.base_url)

    def seen(self) -> None:
        with self._lock:
            self.article_times.append(time.monotonic())

    def answer(self, request) -> Reply:
        if request.path == "/robots.txt":
            return ROBOTS_ALLOW_ALL
        if request.path == "/feed.xml":
            return Reply(200, rss_items([self.url(n) for n in range(self.articles)]), RSS)
        prefix = f"/news/{self.name}-story-"
        if not request.path.startswith(prefix) or not request.path[len(prefix):].isdigit():
            return NOT_FOUND
        self.seen()
        if self.retry_after is not None:
            return Reply(429, b"slow down", headers={"Retry-After": self.retry_after})
        return Reply(200, _article(self, int(request.path[len(prefix):])), HTML)


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

