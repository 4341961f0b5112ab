"""Fake news sites on 127.0.0.1 for tests and benchmarks.

    with FixtureSites(scale=1, seed_dir=Path("/work/shared/seed")) as sites:
        sites.write_sources_toml(tmp_path / "sources.toml")
        ...crawl, then compare the archive with sites.articles...

Sites: dailyharbor (WordPress-like), meridian (JSON-LD), plainpost (plain
HTML), badinput (broken inputs) and, when the seed directory exists,
londonnews (the seed article page). Every site runs on its own port, so each
is its own origin. All text is invented except the seed page, which is built
at run time from the seed files and never stored in this repository.
"""

from ._fixture import FixtureSites
from ._generate import stories_for
from ._model import ExpectedArticle
from .seed_page import render_seed_page

__all__ = ["ExpectedArticle", "FixtureSites", "render_seed_page", "stories_for"]
