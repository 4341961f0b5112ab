"""PostgreSQL stops for 30 s in the middle of a crawl: items wait on disk, nothing is lost."""

from tests.faults.scenarios import database_outage


def test_an_outage_mid_crawl_spools_and_loses_nothing(own_cluster, fixture_sites, sources_file,
                                                      tmp_path):
    expected = {a.url for a in fixture_sites.articles}
    result, stats = database_outage(own_cluster, sources_file, expected, tmp_path / "crawl.log")
    assert (result.lost, result.duplicated) == (0, 0), result.detail
    spooled = int(stats.get("newsbot/store/spooled", 0))
    assert spooled > 0
    assert int(stats.get("newsbot/store/unspooled", 0)) == spooled
    assert not [p for p in (tmp_path / "spool").rglob("*.json") if "rejected" not in p.parts]
