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

from ._generate import stories_for
from ._model import Story
from ._small import Reply, StorySite, feed_source

ARTICLES_PER_PHASE = 6


class LayoutChangeSite(StorySite):
    def __init__(self, delay: float = 0.0, articles_per_phase: int = ARTICLES_PER_PHASE) -> None:
        super().__init__()
        self.phase = 1
        self.delay = delay
        stories = [s for s in stories_for("plainpost", 3) if not s.restricted]
        if len(stories) < 2 * articles_per_phase:
            raise ValueError(f"only {len(stories)} stories for {articles_per_phase} per phase")
        self.stories = {1: stories[:articles_per_phase],
                        2: stories[articles_per_phase:2 * articles_per_phase]}
        self.requests: list[str] = []
        self._lock = threading.Lock()

    def url(self, story: Story) -> str:
        return f"{self.base_url}/story/{story.slug}"

    def article_requests(self) -> int:
        with self._lock:
            return sum(path.startswith("/story/") for path in self.requests)

    def write_sources_toml(self, path):
        path.write_text(feed_source("layoutnews", self.base_url, "Layout News"))
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
                    time.sleep(self.delay)
                    return self.render(story, phase)
        return None

    def answer(self, request) -> Reply:
        with self._lock:
            self.requests.append(request.path)
        return super().answer(request)

