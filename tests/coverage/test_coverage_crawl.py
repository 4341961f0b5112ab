"""Crawl the Oldtown Gazette (an older site) twice: every story stored, no request wasted.

Then a revisit of a story that is gone: recorded, marked gone, not retried.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from tests.crawl.conftest import dump, run_crawl, stat
from tests.sites import oldtown
from tests.sites._server import RequestLog, SiteServer


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    requests: list[tuple[str, str]] = []
    server = SiteServer(RequestLog(requests))
    built = oldtown.build(server.base_url)
    server.start(built.routes)
    sources = tmp_path_factory.mktemp("oldtown") / "sources.toml"
    entry = built.source
    q = json.dumps
    sources.write_text("\n".join([
        "[[source]]", f"name = {q(entry.name)}", f"home = {q(entry.home)}",
        f"feeds = [{q(entry.feeds[0])}]", f"sitemaps = [{q(entry.sitemaps[0])}]",
        f"sections = [{q(entry.sections[0])}]", "allow_private_addresses = true", ""]))
    try:
        yield built, sources, requests
    finally:
        server.stop()


@pytest.fixture(scope="module")
def two_crawls(site, module_database_url):
    built, sources, requests = site
    first = run_crawl(module_database_url, sources)
    assert first.returncode == 0, dump(first)
    first_requests = list(requests)
    requests.clear()
    second = run_crawl(module_database_url, sources)
    assert second.returncode == 0, dump(second)
    return first, second, first_requests, list(requests)


def paths(requests) -> list[str]:
    return [target for _, target in requests]


def test_every_listed_story_is_stored_and_no_non_article(two_crawls, site, module_database_url):
    built, _, _ = site
    with psycopg.connect(module_database_url) as conn:
        stored = dict(conn.execute(
            "SELECT l.canonical_url, l.title FROM latest_articles l").fetchall())
    assert set(stored) == {a.url for a in built.articles}
    untitled = built.articles[oldtown.NO_TITLE_SLUG]
    assert stored[untitled.url] == untitled.title  # from the feed entry


def test_no_request_is_wasted(two_crawls):
    first, _, first_requests, _ = two_crawls
    targets = paths(first_requests)
    assert not [t for t in targets if "follow-up" in t]  # links inside articles
    assert not [t for t in targets if "?" in t]  # print and tracking variants
    assert len(targets) == len(set(targets))
    assert stat(first.stats, "downloader/response_status_count/404") == 0


def test_the_second_run_fetches_nothing_the_first_fetched_or_dropped(two_crawls, site):
    built, _, _ = site
    _, second, first_requests, second_requests = two_crawls
    pages = {a.url.split("/", 3)[3] for a in built.articles} | {
        u.split("/", 3)[3] for u in built.non_article_urls}
    again = [t for t in paths(second_requests) if t.lstrip("/") in pages]
    assert again == []
    assert stat(second.stats, "newsbot/recrawl/skipped_refused") >= len(built.non_article_urls)


def test_drops_are_counted_per_source_and_reason(two_crawls, site, module_database_url):
    built, _, _ = site
    first, _, _, _ = two_crawls
    with psycopg.connect(module_database_url) as conn:
        drops = dict(conn.execute(
            "SELECT d.reason, d.pages FROM crawl_drops d JOIN sources s USING (source_id)"
            " WHERE d.run_id = %s AND s.name = 'oldtown'", [first.run_id]).fetchall())
        listed, stored, dropped = conn.execute(
            "SELECT listed, stored, dropped FROM crawl_source_pages WHERE run_id = %s",
            [first.run_id]).fetchone()
        refused = dict(conn.execute("SELECT url, reason FROM refused_urls").fetchall())
    assert drops == {"listing_page": 2, "login_page": 1, "error_page": 1, "no_article_signal": 1}
    assert (listed, stored, dropped) == (len(built.articles) + 5, len(built.articles), 5)
    assert set(refused) == set(built.non_article_urls)
    drop_lines = [line for line in first.log.splitlines() if "Dropped " in line]
    assert len(drop_lines) == 5
    assert all(len(line) < 300 and "<html" not in line for line in drop_lines)


def test_a_revisit_of_a_gone_story_marks_it_gone_once(two_crawls, site, module_database_url):
    built, sources, requests = site
    gone = built.articles[1]
    path = gone.url.split("/", 3)[3]
    built.routes._renderers.pop("/" + path)
    built.routes._cache.pop("/" + path, None)
    with psycopg.connect(module_database_url) as conn:
        conn.execute("UPDATE articles SET next_fetch_at = now() - interval '1 minute'"
                     " WHERE canonical_url = %s", [gone.url])
    requests.clear()
    third = run_crawl(module_database_url, sources, "-a", "listings=off")
    assert third.returncode == 0, dump(third)
    with psycopg.connect(module_database_url) as conn:
        gone_at, next_fetch_at, status = conn.execute(
            "SELECT gone_at, next_fetch_at, last_http_status FROM articles WHERE canonical_url = %s",
            [gone.url]).fetchone()
    assert gone_at is not None and next_fetch_at is None and status == 404
    assert paths(requests).count("/" + path) == 1
    fourth = run_crawl(module_database_url, sources, "-a", "listings=off")
    assert fourth.returncode == 0, dump(fourth)
    assert paths(requests).count("/" + path) == 1


def test_runs_shows_coverage_and_drops_per_source(two_crawls, site, module_database_url):
    import csv
    import io

    from click.testing import CliRunner

    from newsbot.cli import main

    built, _, _ = site
    first, second, _, _ = two_crawls

    def invoke(*args):
        result = CliRunner().invoke(main, list(args), env={"NEWSBOT_DATABASE_URL": module_database_url})
        assert result.exit_code == 0, result.output
        return list(csv.DictReader(io.StringIO(result.output)))

    runs = {int(r["run_id"]): r for r in invoke("runs", "--csv")}
    assert int(runs[first.run_id]["listed"]) == len(built.articles) + 5
    assert float(runs[first.run_id]["coverage"]) == round(len(built.articles) / (len(built.articles) + 5), 3)
    per_source = [r for r in invoke("runs", "--sources", "--csv") if int(r["run_id"]) == first.run_id]
    assert [r["source"] for r in per_source] == ["oldtown"]
    assert per_source[0]["drops"] == "listing_page 2; error_page 1; login_page 1; no_article_signal 1"


def test_export_has_the_fetched_url(two_crawls, site, module_database_url):
    import csv
    import io

    from click.testing import CliRunner

    from newsbot.cli import main

    built, _, _ = site
    result = CliRunner().invoke(main, ["export", "--format", "csv"],
                                env={"NEWSBOT_DATABASE_URL": module_database_url})
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {row["fetched_url"] for row in rows} == {a.url for a in built.articles}


def test_trust_listings_off_drops_the_stories_and_raises_the_coverage_alarm(site, database_url,
                                                                              tmp_path):
    import json as _json

    from click.testing import CliRunner

    from newsbot.cli import main

    built, sources, _ = site
    strict = tmp_path / "strict.toml"
    strict.write_text(sources.read_text() + "trust_listings = false\n")
    result = run_crawl(database_url, strict)
    assert result.returncode == 0, dump(result)
    assert stat(result.stats, "newsbot/store/new_article") == 0
    assert stat(result.stats, "newsbot/coverage/alarms") == 1
    assert "WARNING: Coverage drop on source oldtown: stored 0.00" in result.log
    runs = CliRunner().invoke(main, ["runs", "--json"], env={"NEWSBOT_DATABASE_URL": database_url})
    assert runs.exit_code == 0, runs.output
    [run] = _json.loads(runs.output)
    assert run["coverage"] == 0 and run["warnings"].startswith("Coverage drop on source oldtown")


def test_the_stored_word_count_of_a_japanese_story_counts_its_characters(two_crawls, site,
                                                                         module_database_url):
    built, _, _ = site
    japanese = next(a for a in built.articles if a.title == oldtown.JAPANESE_TITLE)
    with psycopg.connect(module_database_url) as conn:
        words, = conn.execute("SELECT word_count FROM latest_articles WHERE canonical_url = %s",
                              [japanese.url]).fetchone()
    assert words >= 100
