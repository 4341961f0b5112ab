"""The extraction-drift alarm: a domain whose articles lose their dates and authors is flagged."""

from __future__ import annotations

from datetime import datetime, timezone

import psycopg
import pytest
from click.testing import CliRunner
from psycopg.rows import dict_row

from newsbot.cli import main
from newsbot.drift import DriftConfig, FieldCounts, domain_of, find_drift
from newsbot.extraction.article import Article
from tests.crawl.conftest import stat

CONFIG = DriftConfig(max_drop=0.3, min_articles=5, history_runs=10)


def counts(articles: int, title: int, body: int, date: int, author: int) -> FieldCounts:
    return FieldCounts(articles, title, body, date, author)


def test_a_sharp_drop_against_the_mean_of_earlier_runs_is_drift():
    history = [counts(10, 10, 10, 10, 9), counts(20, 20, 20, 19, 18)]
    drift = find_drift("example.com", counts(10, 10, 10, 1, 9), history, CONFIG)
    assert drift is not None and drift.fields == ("date",)
    assert drift.detail == "date 0.10 (was 0.97) over 2 runs"
    assert "example.com" in drift.message and "layout" in drift.message


@pytest.mark.parametrize("current, history", [
    (counts(10, 10, 10, 8, 8), [counts(10, 10, 10, 10, 10)]),   # a drop of 0.2: noise
    (counts(3, 3, 3, 0, 0), [counts(10, 10, 10, 10, 10)]),      # too few articles now
    (counts(10, 10, 10, 0, 0), [counts(4, 4, 4, 4, 4)]),        # too little history
    (counts(10, 10, 10, 0, 0), []),                             # a new domain
])
def test_no_alarm_on_small_drops_or_thin_evidence(current, history):
    assert find_drift("example.com", current, history, CONFIG) is None


def test_counts_read_the_article_fields():
    tally = FieldCounts()
    tally.add(Article(url="u", canonical_url="u", title="T", body=("text",),
                      published_at=datetime(2026, 3, 1, tzinfo=timezone.utc), authors=("A",)))
    tally.add(Article(url="u", canonical_url="u", title=" ", body=()))
    assert (tally.articles, tally.with_title, tally.with_body, tally.with_date,
            tally.with_author) == (2, 1, 1, 1, 1)
    assert tally.share("date") == 0.5


def test_domains_drop_www_and_keep_odd_ports():
    assert domain_of("https://www.example.com/a") == "example.com"
    assert domain_of("http://example.com:80/a") == "example.com"
    assert domain_of("http://127.0.0.1:8080/a") == "127.0.0.1:8080"


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="NEWSBOT_DRIFT_MAX_DROP"):
        DriftConfig(max_drop=1.5)


def test_each_run_records_its_field_counts_per_domain(drifted_archive):
    with psycopg.connect(drifted_archive.url, row_factory=dict_row) as conn:
        rows = conn.execute("SELECT * FROM extraction_quality ORDER BY run_id").fetchall()
    assert [r["run_id"] for r in rows] == [drifted_archive.before.run_id,
                                           drifted_archive.after.run_id]
    first, second = rows
    # Keyed by source, not host (two sources on one host stay apart).
    assert first["source"] == second["source"] == "layoutnews"
    assert (first["articles"], first["with_title"], first["with_body"], first["with_date"],
            first["with_author"]) == (6, 6, 6, 6, 6)
    assert first["drifted_fields"] == [] and first["warning"] is None
    assert (second["articles"], second["with_title"], second["with_body"]) == (6, 6, 6)
    assert (second["with_date"], second["with_author"]) == (0, 0)


def test_the_layout_change_raises_the_alarm_in_the_run_and_its_log(drifted_archive):
    with psycopg.connect(drifted_archive.url) as conn:
        fields, warning = conn.execute(
            "SELECT drifted_fields, warning FROM extraction_quality WHERE run_id = %s",
            [drifted_archive.after.run_id]).fetchone()
    assert fields == ["date", "author"]
    assert warning == "date 0.00 (was 1.00), author 0.00 (was 1.00) over 1 run"
    assert stat(drifted_archive.after.stats, "newsbot/drift/alarms") == 1
    assert stat(drifted_archive.before.stats, "newsbot/drift/alarms") == 0
    assert "WARNING: Extraction drift on source layoutnews" in drifted_archive.after.log


def test_newsbot_runs_shows_the_drift_warning(drifted_archive):
    result = CliRunner().invoke(main, ["runs", "--json"],
                                env={"NEWSBOT_DATABASE_URL": drifted_archive.url})
    assert result.exit_code == 0, result.output
    import json
    runs = {run["run_id"]: run for run in json.loads(result.output)}
    after = runs[drifted_archive.after.run_id]
    assert after["warnings"].startswith("drift layoutnews:")
    assert "date 0.00 (was 1.00)" in after["warnings"]
    assert runs[drifted_archive.before.run_id]["warnings"] is None
    table = CliRunner().invoke(main, ["runs"], env={"NEWSBOT_DATABASE_URL": drifted_archive.url})
    assert "drift layoutnews:" in table.output
