"""``FixtureSites``: start every fake news site on its own loopback port, and say what a crawl must find."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from . import badinput, dailyharbor, londonnews, meridian, plainpost
from ._generate import stories_for
from ._model import BuiltSite, ExpectedArticle, SourceEntry
from ._server import RequestLog, SiteServer

# Small listing pages at scale 1 so that pagination exists with ~10 articles;
# benchmark scales use the usual 20 links per page.
SMALL_PAGE_SIZE = 4
PAGE_SIZE = 20


class FixtureSites:
    """Context manager running the fixture sites on 127.0.0.1, one port (origin) per site.

    ``scale`` multiplies the article count of the three template sites;
    ``seed_dir`` (when it exists) adds the seed article site ``londonnews``.
    """

    def __init__(self, scale: int = 1, seed_dir: Path | None = None) -> None:
        if scale < 1:
            raise ValueError(f"scale must be >= 1, got {scale}")
        self.scale = scale
        self.seed_dir = Path(seed_dir) if seed_dir is not None else None
        self.sites: dict[str, str] = {}
        self.articles: list[ExpectedArticle] = []
        self.disallowed_urls: list[str] = []
        self.non_article_urls: list[str] = []
        self.bad_input_urls: dict[str, str] = {}
        self.requests: list[tuple[str, str]] = []
        self._log = RequestLog(self.requests)
        self._servers: list[SiteServer] = []
        self._sources: list[SourceEntry] = []

    def __enter__(self) -> FixtureSites:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        page_size = SMALL_PAGE_SIZE if self.scale == 1 else PAGE_SIZE
        builders: list[Callable[[str], BuiltSite]] = [
            lambda base, m=module: m.build(base, stories_for(m.NAME, self.scale), page_size)
            for module in (dailyharbor, meridian, plainpost)
        ]
        if self.seed_dir is not None and self.seed_dir.is_dir():
            builders.append(lambda base: londonnews.build(base, self.seed_dir))
        builders.append(badinput.build)
        try:
            for build in builders:
                server = SiteServer(self._log)
                self._servers.append(server)
                site = build(server.base_url)
                server.start(site.routes)
                self._register(site, server.base_url)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        while self._servers:
            self._servers.pop().stop()

    def _register(self, site: BuiltSite, base_url: str) -> None:
        self.sites[site.name] = base_url
        self.articles += site.articles
        self.disallowed_urls += site.disallowed_urls
        self.non_article_urls += site.non_article_urls
        self.bad_input_urls.update(site.bad_input_urls)
        self._sources.append(site.source)

    def write_sources_toml(self, path: Path) -> Path:
        """Write a newsbot sources file naming every running site; returns ``path``."""
        q = json.dumps  # a JSON string is a valid TOML basic string

        def array(urls: tuple[str, ...]) -> str:
            return "[" + ", ".join(q(url) for url in urls) + "]"

        lines = ["# Fixture news sites (tests/sites), valid while they run.", "",
                 "[defaults]", "allow_private_addresses = true   # fixture sites live on loopback", ""]
        for source in self._sources:
            lines += ["[[source]]", f"name = {q(source.name)}", f"site_name = {q(source.site_name)}",
                      f"home = {q(source.home)}", f"language = {q(source.language)}",
                      f"feeds = {array(source.feeds)}", f"sitemaps = {array(source.sitemaps)}",
                      f"sections = {array(source.sections)}", ""]
        path = Path(path)
        path.write_text("\n".join(lines), encoding="utf-8")
        return path
