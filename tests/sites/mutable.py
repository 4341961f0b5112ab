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

from ._small import HTML, NOT_FOUND, ROBOTS_ALLOW_ALL, RSS, Reply, SmallSite, feed_source

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


class MutableSite(SmallSite):
    def __init__(self) -> None:
        super().__init__()
        self.phase = 1
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._flips = 0
        self._lock = threading.Lock()

    def url(self, slug: str) -> str:
        return f"{self.base_url}/news/2026/03/10/{slug}"

    def write_sources_toml(self, path) -> object:
        path.write_text(feed_source("aldwick", self.base_url, "Aldwick Courier"))
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

    def answer(self, request) -> Reply:
        self.requests.append((request.path, dict(request.headers)))
        if request.path == "/robots.txt":
            return ROBOTS_ALLOW_ALL
        if request.path == "/feed.xml":
            return Reply(200, self.feed(), RSS)
        slug = request.path.rsplit("/", 1)[-1]
        if slug not in ARTICLES:
            return NOT_FOUND
        if slug == "not-modified":
            if (request.headers.get("If-None-Match") == '"nm-1"'
                    or request.headers.get("If-Modified-Since") == _LAST_MODIFIED):
                return Reply(304, b"", None)
            return Reply(200, self.render(slug), HTML, {"Last-Modified": _LAST_MODIFIED, "ETag": '"nm-1"'})
        return Reply(200, self.render(slug), HTML)

