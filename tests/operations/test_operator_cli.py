"""The operator's read commands against a crawled archive: runs, sources, search, show, export."""

from __future__ import annotations

import csv
import io
import json
import re

import psycopg
import pytest
from click.testing import CliRunner

from newsbot.cli import main


@pytest.fixture
def newsbot(drifted_archive):
    def invoke(*args: str, ok: bool = True):
        result = CliRunner().invoke(main, list(args),
                                    env={"NEWSBOT_DATABASE_URL": drifted_archive.url})
        if ok:
            assert result.exit_code == 0, result.output
        return result
    invoke.env = {"NEWSBOT_DATABASE_URL": drifted_archive.url}
    return invoke


def test_runs_lists_each_crawl_with_what_it_did(newsbot, drifted_archive):
    rows = list(csv.DictReader(io.StringIO(newsbot("runs", "--csv").output)))
    assert [int(r["run_id"]) for r in rows] == [drifted_archive.after.run_id,
                                                drifted_archive.before.run_id]
    before = rows[1]
    assert before["status"] == "finished" and before["spider"] == "worldnews"
    assert int(before["new"]) == 6 and int(before["changed"]) == 0
    assert int(before["pages"]) >= 8  # robots.txt, the feed, six articles
    assert int(before["errors"]) == 0 and float(before["duration"]) > 0
    table = newsbot("runs", "--limit", "1").output.splitlines()
    assert re.split(r"\s{2,}", table[0])[:6] == ["run_id", "spider", "status", "started_at (UTC)",
                                                 "duration", "pages"]
    assert len(table) == 3


def test_runs_filters_and_says_when_there_is_nothing(newsbot):
    assert json.loads(newsbot("runs", "--status", "failed", "--json").output) == []
    assert "no run matches" in newsbot("runs", "--status", "failed").output
    assert len(json.loads(newsbot("runs", "--spider", "worldnews", "--json").output)) == 2


@pytest.mark.parametrize("args, value", [
    (("runs", "--spider", "nosuch"), "'nosuch'"),
    (("search", "ferry", "--source", "nosuch"), "'nosuch'"),
    (("search", "ferry", "--language", "zz"), "'zz'"),
    (("reextract", "--dry-run", "--source", "nosuch"), "'nosuch'"),
    (("search", "ferry", "--since", "2 fortnights"), "'2 fortnights'"),
])
def test_unknown_filter_values_are_one_line_errors(newsbot, args, value):
    result = newsbot(*args, ok=False)
    assert result.exit_code == 2, result.output
    error = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and value in error[0], result.output


def test_since_takes_a_duration_back_from_now(newsbot):
    everything = newsbot("export", "--format", "jsonl", "--since", "1d").output.splitlines()
    assert len([line for line in everything if line.startswith("{")]) == 12
    assert newsbot("export", "--format", "jsonl", "--since", "0s", ok=False).exit_code == 2


def test_tables_say_their_times_are_utc(newsbot):
    header = newsbot("runs").output.splitlines()[0]
    assert "started_at (UTC)" in header


def test_sources_lists_outlets_with_counts(newsbot):
    rows = json.loads(newsbot("sources", "--json").output)
    assert [(r["name"], r["articles"]) for r in rows] == [("layoutnews", 12)]


def test_search_finds_articles_by_their_words(newsbot, drifted_archive):
    story = drifted_archive.site.stories[1][0]
    word = max(story.title.split(), key=len)
    rows = json.loads(newsbot("search", word, "--json").output)
    assert drifted_archive.site.url(story) in [r["url"] for r in rows]
    assert all(r["rank"] > 0 for r in rows)
    assert json.loads(newsbot("search", "zzzyxqnotaword", "--json").output) == []
    assert json.loads(newsbot("search", word, "--language", "en", "--json").output) == rows


def test_search_refuses_an_unknown_language(newsbot):
    result = newsbot("search", "ferry", "--language", "klingon", ok=False)
    assert result.exit_code == 2 and "klingon" in result.output


def test_show_prints_the_current_version_by_id_or_url(newsbot, drifted_archive):
    story = drifted_archive.site.stories[1][0]
    by_url = newsbot("show", drifted_archive.site.url(story)).output
    assert f"title:            {story.title}" in by_url
    assert "versions:         1" in by_url
    article = json.loads(newsbot("show", drifted_archive.site.url(story), "--json").output)
    assert article["authors"] == list(story.authors)
    assert article["story_outlets"] == ["layoutnews"]
    by_id = json.loads(newsbot("show", str(article["article_id"]), "--json").output)
    assert by_id == article


def test_show_matches_urls_by_url_key(newsbot, drifted_archive):
    story = drifted_archive.site.stories[1][0]
    url = drifted_archive.site.url(story)
    article = json.loads(newsbot("show", url, "--json").output)
    variant = url.rstrip("/") + ("/" if not url.endswith("/") else "") + "?utm_source=newsletter"
    assert json.loads(newsbot("show", variant, "--json").output)["article_id"] \
        == article["article_id"]


def test_show_fails_clearly_for_an_unknown_article(newsbot):
    result = newsbot("show", "999999", ok=False)
    assert result.exit_code == 1 and "no stored article" in result.output


def test_export_csv_jsonl_and_parquet_hold_the_same_articles(newsbot, tmp_path):
    rows = list(csv.DictReader(io.StringIO(newsbot("export", "--format", "csv").output)))
    lines = [json.loads(line) for line in
             newsbot("export", "--format", "jsonl").output.splitlines() if line.startswith("{")]
    newsbot("export", "--format", "parquet", "--output", str(tmp_path / "a.parquet"))
    import pyarrow.parquet as pq
    table = pq.read_table(tmp_path / "a.parquet").to_pylist()
    assert len(rows) == len(lines) == len(table) == 12
    assert [int(r["article_id"]) for r in rows] == [r["article_id"] for r in lines] \
        == [r["article_id"] for r in table]
    assert isinstance(lines[0]["authors"], list) and table[0]["published_at"].tzinfo is not None
    assert rows[0]["authors"] == "; ".join(lines[0]["authors"])


def test_export_since_and_versions(newsbot, drifted_archive):
    with psycopg.connect(drifted_archive.url) as conn:
        second_run_start, = conn.execute("SELECT started_at FROM crawl_runs WHERE run_id = %s",
                                         [drifted_archive.after.run_id]).fetchone()
    since = second_run_start.isoformat(timespec="seconds").replace("+00:00", "+0000")
    recent = newsbot("export", "--format", "jsonl", "--since", since).output.splitlines()
    assert len([line for line in recent if line.startswith("{")]) == 6
    versions = newsbot("export", "--format", "jsonl", "--versions").output.splitlines()
    assert {"snapshot_id", "fetched_at", "content_hash"} <= set(json.loads(versions[0]))


def test_export_to_a_missing_folder_is_one_line(newsbot, tmp_path):
    for args in (("--format", "csv", "--output", str(tmp_path / "nope" / "a.csv")),
                 ("--warc", str(tmp_path / "nope" / "a.warc.gz"))):
        result = newsbot("export", *args, ok=False)
        assert result.exit_code == 2 and "does not exist" in result.output
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and "nope" in errors[0] and result.exc_info[0] is SystemExit


def test_parquet_without_pyarrow_says_which_extra_to_install(newsbot, tmp_path, monkeypatch):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyarrow" else real(name, *a))
    result = newsbot("export", "--format", "parquet", "--output", str(tmp_path / "a.parquet"),
                     ok=False)
    assert result.exit_code == 1 and not (tmp_path / "a.parquet").exists()
    assert result.output.strip() == ("Error: --format parquet needs pyarrow, an optional "
                                     "dependency: pip install 'newsbot[parquet]'")


def test_export_warc_to_standard_output(newsbot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "--warc", "-"],
                                env=newsbot.env)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes[:2] == b"\x1f\x8b"  # gzip: the WARC itself, not a file named -
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("args, message", [
    ((), "give one of --format or --warc"),
    (("--format", "csv", "--warc", "x.warc.gz"), "give one of --format or --warc"),
    (("--format", "parquet"), "needs --output FILE"),
    (("--warc", "x.warc.gz", "--versions"), "go with --format"),
])
def test_export_refuses_conflicting_options(newsbot, args, message):
    result = newsbot("export", *args, ok=False)
    assert result.exit_code == 2 and message in result.output
