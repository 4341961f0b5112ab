"""Fixtures for the operations tests: an archive crawled twice across a site's layout change."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import throwaway_database
from tests.crawl.conftest import CrawlResult, dump, run_crawl
from tests.sites.layoutchange import LayoutChangeSite


@dataclass
class DriftedArchive:
    url: str
    site: LayoutChangeSite
    before: CrawlResult
    after: CrawlResult


@pytest.fixture(scope="session")
def drifted_archive(postgres_server_url, migrated_template, tmp_path_factory):
    """Two crawls of the layout-change site: the second's articles lost their dates and authors."""
    with throwaway_database(postgres_server_url, migrated_template, "drift") as url, \
            LayoutChangeSite() as site:
        sources = site.write_sources_toml(tmp_path_factory.mktemp("layout") / "sources.toml")
        before = run_crawl(url, sources)
        assert before.returncode == 0, dump(before)
        site.phase = 2
        after = run_crawl(url, sources)
        assert after.returncode == 0, dump(after)
        yield DriftedArchive(url, site, before, after)
