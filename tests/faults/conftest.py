from tests.crawl.conftest import fixture_sites, sources_file  # noqa: F401  (shared fixtures)
