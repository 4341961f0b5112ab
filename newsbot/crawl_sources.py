"""The crawl's sources, loaded once and kept on the crawler.

The spider loads them from its ``sources``/``only`` arguments (or
``NEWSBOT_SOURCES``) in ``from_crawler``, before any other component is
built; pipelines, middlewares and extensions then read
``crawl_sources(crawler)`` instead of an attribute of the spider, e.g.
``crawl_sources(crawler).get(item.page.source)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsbot.sources import Source, SourcesConfigError, load_sources

ATTRIBUTE = "newsbot_sources"


class CrawlSources:
    def __init__(self, sources: tuple[Source, ...] = ()):
        self.sources = tuple(sources)
        self.by_name = {source.name: source for source in self.sources}

    @classmethod
    def load(cls, crawler, path: str | Path | None = None,
             only: set[str] | None = None) -> CrawlSources:
        """Read the sources file (keeping the ``only`` ones) and put it on the crawler."""
        path = path or crawler.settings.get("NEWSBOT_SOURCES")
        sources = load_sources(path)
        if only:
            missing = only - {s.name for s in sources}
            if missing:
                raise SourcesConfigError(f"{path}: no source named {sorted(missing)}")
            sources = tuple(s for s in sources if s.name in only)
        loaded = cls(sources)
        setattr(crawler, ATTRIBUTE, loaded)
        return loaded

    def get(self, name: str | None) -> Source | None:
        return self.by_name.get(name) if name is not None else None

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)


def crawl_sources(crawler) -> CrawlSources:
    """The crawl's sources; none when its spider loads no sources file."""
    return getattr(crawler, ATTRIBUTE, None) or CrawlSources()
