"""Dedupe tests reuse the crawl tests' fixture sites."""

from tests.crawl.conftest import fixture_sites  # noqa: F401
