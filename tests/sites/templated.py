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

from ._generate import stories_for
from ._model import Story
from ._small import StorySite, feed_source

AUTHOR_BOX = ("Mira Solberg has covered the coast for the Gazette since 2011. She lives in Port Calder "
              "with two dogs and a boat that rarely leaves the harbour.")
NEWSLETTER_OFFER = ("Every Friday our editors pick the week's best stories from the islands, free in your "
                    "inbox every week.")
TEMPLATE_BLOCKS = (AUTHOR_BOX, NEWSLETTER_OFFER)
FIRST_PHASE_ARTICLES = 5
SECOND_PHASE_ARTICLES = 2


class TemplatedSite(StorySite):
    def __init__(self) -> None:
        super().__init__()
        self.phase = 1
        stories = [s for s in stories_for("dailyharbor", 2) if not s.restricted]
        self.stories = {1: stories[:FIRST_PHASE_ARTICLES],
                        2: stories[FIRST_PHASE_ARTICLES:FIRST_PHASE_ARTICLES + SECOND_PHASE_ARTICLES]}

    def url(self, story: Story) -> str:
        return f"{self.base_url}/story/{story.slug}"

    def listed(self) -> list[Story]:
        return [story for phase in range(1, self.phase + 1) for story in self.stories[phase]]

    def write_sources_toml(self, path, extra: str = ""):
        path.write_text(feed_source("gazette", self.base_url, "Coast Gazette", extra + "\n"))
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
