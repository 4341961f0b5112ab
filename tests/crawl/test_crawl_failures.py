"""A crawl that cannot do its job says why, and fetches nothing it could not keep."""

from tests.crawl.conftest import run_crawl

DOWN = "postgresql://nobody:x@127.0.0.1:9/none?connect_timeout=2"


def test_an_unreachable_database_stops_the_crawl_before_any_fetch(fixture_sites, sources_file):
    served_before = len(fixture_sites.requests)
    result = run_crawl(DOWN, sources_file, timeout=60)
    assert result.returncode != 0
    assert "the archive database is unavailable, nothing will be crawled" in result.log
    assert len(fixture_sites.requests) == served_before


def test_a_bad_sources_file_names_the_file_source_and_field(tmp_path, database_url):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "x"\nhome = "https://x.example/"\nfeeds = "oops"\n')
    result = run_crawl(database_url, bad, timeout=60)
    assert result.returncode != 0
    assert f"{bad}: source 'x': field 'feeds': expected a list, got str" in result.log
