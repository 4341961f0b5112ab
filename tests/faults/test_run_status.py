"""A run's status is the truth: nothing fetched or too many errors is `failed`, and exits 1."""

from __future__ import annotations

import socket

import psycopg
import pytest

from newsbot.archive.run_status import RunVerdict, run_verdict
from tests.crawl.conftest import dump, run_crawl


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def unreachable_sources(path):
    base = f"http://127.0.0.1:{closed_port()}"
    path.write_text(f"""
[defaults]
allow_private_addresses = true

[[source]]
name = "nowhere"
site_name = "Nowhere"
home = "{base}/"
language = "en"
feeds = ["{base}/feed.xml"]
sitemaps = ["{base}/sitemap.xml"]
sections = ["{base}/news/"]
""")
    return path


@pytest.mark.parametrize(("stats", "expected"), [
    ({"response_received_count": 10}, "finished"),
    ({}, "finished"),  # nothing was due, nothing asked for
    ({"newsbot/request/failed": 50}, "failed"),
    ({"newsbot/request/ignored": 3}, "failed"),  # every request refused by a policy
    ({"response_received_count": 5, "newsbot/request/failed": 5,
      "newsbot/request/failed/http": 5}, "failed"),   # every response an error status
    ({"response_received_count": 10, "newsbot/request/failed": 11}, "failed"),
    ({"response_received_count": 10, "newsbot/request/failed": 9}, "finished"),
])
def test_verdict_from_stats(stats, expected):
    assert run_verdict("finished", stats, max_error_share=0.5).status == expected


def test_the_finish_reason_still_counts():
    assert run_verdict("shutdown", {"response_received_count": 9}).status == "interrupted"
    assert run_verdict("closespider_timeout", {"response_received_count": 9}).status == "finished"
    assert run_verdict("finished", {"response_received_count": 9},
                       failure="spool_unwritable: disk full") == RunVerdict("failed", "spool_unwritable: disk full")


def test_a_crawl_that_reaches_no_site_fails_and_exits_non_zero(database_url, tmp_path):
    sources = unreachable_sources(tmp_path / "sources.toml")
    result = run_crawl(database_url, sources, "-s", "RETRY_TIMES=0", timeout=120)
    assert result.returncode == 1, dump(result)
    with psycopg.connect(database_url) as conn:
        status, reason = conn.execute(
            "SELECT status, finish_reason FROM crawl_runs WHERE run_id = %s",
            [result.run_id]).fetchone()
    assert status == "failed"
    assert reason == "no page fetched (3 request(s) failed, 0 not sent)"
    assert int(result.stats["newsbot/request/failed"]) == 3


def test_a_crawl_that_dies_before_opening_leaves_a_failed_run(database_url, tmp_path):
    sources = tmp_path / "broken.toml"
    sources.write_text("[[source]]\nname = 'x'\n")  # no home, no listings
    result = run_crawl(database_url, sources, timeout=120)
    assert result.returncode == 1
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT status, finish_reason FROM crawl_runs").fetchall()
    assert len(rows) == 1 and rows[0][0] == "failed"
    assert rows[0][1].startswith("failed to start: SourcesConfigError: ")
    assert str(sources) in rows[0][1]


def test_the_run_is_recorded_when_the_command_line_replaces_extensions(database_url, tmp_path):
    # The benchmarks pass -s EXTENSIONS={...}: the run recorder comes in by its add-on.
    sources = unreachable_sources(tmp_path / "sources.toml")
    with psycopg.connect(database_url) as conn:
        before, = conn.execute("SELECT coalesce(max(run_id), 0) FROM crawl_runs").fetchone()
    result = run_crawl(database_url, sources, "-s", "RETRY_TIMES=0", "-s", "EXTENSIONS={}",
                       timeout=120)
    assert result.returncode == 1, dump(result)
    assert result.run_id is not None and result.run_id > before, dump(result)
    assert result.stats["newsbot/run/status"] == "failed"
    assert "[newsbot.archive.run_recorder] ERROR: Crawl run" in result.log
