"""The database is down and the spool's disk is full: the crawl stops, fails, and loses nothing."""

from __future__ import annotations

import os

import pytest

from benchmarks._durability import full_spool_during_outage


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_a_full_spool_stops_the_crawl_which_fails_and_resumes_without_loss(
        own_cluster, fixture_sites, sources_file, tmp_path):
    expected = {a.url for a in fixture_sites.articles}
    # Raises unless the crawl stopped itself, exited 1, and its run is `failed`.
    # The fixture sites are small: one request at a time, a quarter second
    # apart, keeps the crawl fetching (and spooling) after the database stops.
    _injected, result, note = full_spool_during_outage(
        own_cluster, own_cluster.url(), sources_file, expected, tmp_path, stop_after=5,
        crawl_args=("-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=0.25"))
    assert "0 .tmp left" in note
    assert (result.lost, result.duplicated) == (0, 0), result.detail
    # Each item in flight when the spool filled is one line, not a traceback.
    log = (tmp_path / "enospc.log").read_text()
    assert "Error processing" in log and "SpoolUnwritable: " in log
    assert "Traceback" not in log
