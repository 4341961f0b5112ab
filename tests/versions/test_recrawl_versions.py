"""Recrawls keep every real version, skip boring ones, count 304s and resist flip-flops.

The mutable site's articles change between crawls; between two crawls the
test moves the articles' next visit into the past, as time would.
"""

from __future__ import annotations

import gzip
import subprocess
import sys

import psycopg
import pytest
from psycopg.rows import dict_row
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import REPO
from tests.crawl.conftest import dump, run_crawl, stat
from tests.sites.mutable import MutableSite


def _make_all_due(url: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE articles SET next_fetch_at = now() - interval '1 second'")


def _crawl(url, sources):
    result = run_crawl(url, sources)
    assert result.returncode == 0, dump(result)
    return result


def _versions(url: str, site: MutableSite, slug: str) -> list[dict]:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        return conn.execute(
            "SELECT h.* FROM article_history h WHERE canonical_url = %s ORDER BY version",
            [site.url(slug)]).fetchall()


@pytest.fixture(scope="module")
def history(module_database_url, tmp_path_factory):
    with MutableSite() as site:
        sources = site.write_sources_toml(tmp_path_factory.mktemp("mutable") / "sources.toml")
        first = _crawl(module_database_url, sources)
        site.phase = 2
        _make_all_due(module_database_url)
        second = _crawl(module_database_url, sources)
        _make_all_due(module_database_url)
        third = _crawl(module_database_url, sources)
        _make_all_due(module_database_url)
        fourth = _crawl(module_database_url, sources)
        yield site, [first, second, third, fourth]


def test_first_crawl_stores_every_article_once(history, module_database_url):
    site, (first, *_rest) = history
    assert stat(first.stats, "newsbot/store/new_article") == 5
    for slug in ("real-change", "boring-change", "headline-change", "not-modified"):
        assert len(_versions(module_database_url, site, slug)) >= 1


def test_a_real_body_change_gives_a_new_version_and_a_diff(history, module_database_url):
    site, _ = history
    versions = _versions(module_database_url, site, "real-change")
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[1]["words_added"] > 0 and versions[1]["words_removed"] > 0
    assert versions[1]["title_changed"] is False
    with psycopg.connect(module_database_url) as conn:
        diff, = conn.execute("SELECT diff FROM snapshots WHERE snapshot_id = %s",
                             [versions[1]["snapshot_id"]]).fetchone()
        changes = conn.execute("SELECT change_size FROM article_changes WHERE canonical_url = %s",
                               [site.url("real-change")]).fetchall()
    assert "-Councillors said the ferry carried more than four hundred" in diff
    assert "+Councillors said the ferry carried more than six hundred" in diff
    assert len(changes) == 1 and changes[0][0] == versions[1]["words_added"] + versions[1]["words_removed"]


def test_a_boring_change_gives_no_version(history, module_database_url):
    site, (_, second, *_rest) = history
    assert len(_versions(module_database_url, site, "boring-change")) == 1
    assert stat(second.stats, "newsbot/store/unchanged") >= 1


def test_a_headline_only_change_gives_a_new_version(history, module_database_url):
    site, _ = history
    versions = _versions(module_database_url, site, "headline-change")
    assert len(versions) == 2
    assert versions[1]["title_changed"] is True
    assert versions[1]["title"] == "Aldwick council saves its winter ferry"


def test_a_304_gives_no_version_and_is_counted(history, module_database_url):
    site, (_, second, third, fourth) = history
    assert len(_versions(module_database_url, site, "not-modified")) == 1
    for run in (second, third, fourth):
        assert stat(run.stats, "newsbot/store/not_modified") == 1
    conditional = [h for path, h in site.requests if path.endswith("/not-modified")]
    assert any(h.get("If-None-Match") == '"nm-1"' for h in conditional)
    with psycopg.connect(module_database_url) as conn:
        statuses = [r[0] for r in conn.execute(
            "SELECT f.http_status FROM fetches f JOIN articles a USING (article_id) "
            "WHERE a.canonical_url = %s ORDER BY fetched_at", [site.url("not-modified")])]
    assert statuses == [200, 304, 304, 304]


def test_a_flip_flop_adds_no_versions_without_end(history, module_database_url):
    site, (_, second, third, fourth) = history
    versions = _versions(module_database_url, site, "flip-flop")
    assert len(versions) == 2  # the two alternatives, stored once each
    assert stat(third.stats, "newsbot/store/flip_flop") == 1
    assert stat(fourth.stats, "newsbot/store/flip_flop") == 1
    with psycopg.connect(module_database_url) as conn:
        current, = conn.execute(
            "SELECT latest_snapshot_id FROM latest_articles WHERE canonical_url = %s",
            [site.url("flip-flop")]).fetchone()
    # The page shows version 2 again at the fourth fetch: that is the current one.
    assert current == versions[1]["snapshot_id"]


def test_stored_articles_are_not_refetched_from_the_feed_unless_due(history):
    site, (first, second, *_rest) = history
    assert stat(second.stats, "newsbot/recrawl/due") == 5
    assert stat(second.stats, "newsbot/recrawl/skipped_stored") == 5
    fetched = [path for path, _ in site.requests if "/news/" in path]
    assert len(fetched) == 5 * 4  # one fetch per article per crawl, never two


def test_full_text_search_finds_the_current_version(history, module_database_url):
    with psycopg.connect(module_database_url) as conn:
        rows = conn.execute("""
            SELECT canonical_url FROM latest_articles
            WHERE search_vector @@ websearch_to_tsquery('english', 'ferries spokesperson')
        """).fetchall()
        plan = "\n".join(r[0] for r in conn.execute("""
            EXPLAIN SELECT snapshot_id FROM snapshots
            WHERE search_vector @@ websearch_to_tsquery('english', 'ferry')""").fetchall())
    # "ferries" finds "ferry" (stemmed); "spokesperson" is only in the corrected text.
    assert {r[0] for r in rows} >= {history[0].url("real-change")}
    assert "snapshots_search_vector_idx" in plan or "Seq Scan" in plan  # tiny tables may scan


def test_newsbot_diff_prints_a_readable_diff(history, module_database_url):
    site, _ = history
    result = subprocess.run(
        [sys.executable, "-m", "newsbot.cli", "diff", site.url("real-change")],
        env={"NEWSBOT_DATABASE_URL": module_database_url, "PATH": "/usr/bin:/bin"},
        cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "2 version(s)" in result.stdout
    assert "+Councillors said the ferry carried more than six hundred" in result.stdout


def test_warc_export_is_readable_and_its_digests_check(history, module_database_url, tmp_path):
    warc = tmp_path / "archive.warc.gz"
    result = subprocess.run(
        [sys.executable, "-m", "newsbot.cli", "export", "--warc", str(warc)],
        env={"NEWSBOT_DATABASE_URL": module_database_url, "PATH": "/usr/bin:/bin"},
        cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    with psycopg.connect(module_database_url) as conn:
        snapshots, = conn.execute("SELECT count(*) FROM snapshots").fetchone()
        refetches, = conn.execute("SELECT count(*) FROM fetches WHERE outcome IN "
                                  "('unchanged', 'not_modified', 'flip_flop')").fetchone()
    types, profiles = [], []
    with open(warc, "rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            record.content_stream().read()
            assert record.digest_checker.passed is not False, record.digest_checker.problems
            types.append(record.rec_type)
            profiles.append(record.rec_headers.get_header("WARC-Profile"))
    assert types.count("response") == snapshots
    assert types.count("revisit") == refetches
    assert any(p and p.endswith("server-not-modified") for p in profiles)
    # warcio's own checker, as an archivist would run it.
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(warc)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert gzip.open(warc).read(9) == b"WARC/1.0\r"
