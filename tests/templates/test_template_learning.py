"""Site-template learning end to end: two crawls, the archive's memory between them, and reextract.

The templated site ends every article with the same author box and
newsletter offer, marked up as article text. The first crawl stores the
first two articles with them (nothing is known yet), learns them on the
third and strips them from then on; ``newsbot reextract`` then cleans the
two early ones; a second crawl starts from what the first learned.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
import pytest
from click.testing import CliRunner
from psycopg.rows import dict_row

from newsbot.cli import main
from newsbot.extraction import EXTRACTOR_VERSION
from newsbot.extraction.templates import block_fingerprint
from tests.crawl.conftest import CrawlResult, dump, run_crawl, stat
from tests.sites.templated import TEMPLATE_BLOCKS, TemplatedSite


@dataclass
class Learned:
    url: str
    site: TemplatedSite
    first: CrawlResult
    bodies_after_first: dict[str, str]
    dry_run: object
    reextract: object
    reextract_again: object
    bodies_after_reextract: dict[str, str]
    second: CrawlResult
    bodies_after_second: dict[str, str]


def current_bodies(url: str) -> dict[str, str]:
    with psycopg.connect(url) as conn:
        return dict(conn.execute("SELECT canonical_url, body FROM latest_articles").fetchall())


def reextract(url: str, *args: str):
    result = CliRunner().invoke(main, ["reextract", "--json", *args], env={"NEWSBOT_DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def learned(module_database_url, tmp_path_factory) -> Learned:
    url = module_database_url
    with TemplatedSite() as site:
        sources = site.write_sources_toml(tmp_path_factory.mktemp("templated") / "sources.toml")
        first = run_crawl(url, sources)
        assert first.returncode == 0, dump(first)
        after_first = current_bodies(url)
        dry = reextract(url, "--dry-run")
        done = reextract(url)
        again = reextract(url)
        after_reextract = current_bodies(url)
        site.phase = 2
        second = run_crawl(url, sources)
        assert second.returncode == 0, dump(second)
        return Learned(url, site, first, after_first, dry, done, again, after_reextract, second,
                       current_bodies(url))


def _with_template(bodies: dict[str, str]) -> list[str]:
    return [url for url, body in bodies.items() if any(block in body for block in TEMPLATE_BLOCKS)]


def test_first_crawl_learns_on_the_third_page_and_strips_from_then_on(learned):
    stats = learned.first.stats
    assert stat(stats, "newsbot/templates/observed") == 5
    assert stat(stats, "newsbot/templates/stripped") == 3
    assert stat(stats, "newsbot/templates/blocks_removed") == 6
    assert len(learned.bodies_after_first) == 5
    assert len(_with_template(learned.bodies_after_first)) == 2


def test_the_archive_keeps_what_was_learned(learned):
    with psycopg.connect(learned.url, row_factory=dict_row) as conn:
        rows = conn.execute("SELECT site, fingerprint, page_count, cardinality(page_keys) AS keys, sample,"
                            " first_seen_at <= last_seen_at AS ordered FROM site_template_blocks"
                            " WHERE page_count >= 3").fetchall()
    assert {row["fingerprint"] for row in rows} == {block_fingerprint(block) for block in TEMPLATE_BLOCKS}
    site = learned.site.base_url.removeprefix("http://")
    for row in rows:
        assert row["site"] == site and row["ordered"]
        assert row["page_count"] == row["keys"] == len(learned.site.listed())
        assert any(block.startswith(row["sample"]) for block in TEMPLATE_BLOCKS)


def test_article_text_is_not_learned_as_template(learned):
    with psycopg.connect(learned.url) as conn:
        counts = [count for (count,) in conn.execute("SELECT page_count FROM site_template_blocks")]
    # Every story paragraph is its own page's only: seen once.
    assert sorted(counts)[:-2] == [1] * (len(counts) - 2)


def test_dry_run_reports_and_stores_nothing(learned):
    assert '"changed"' in learned.dry_run.output
    assert "2 would get a new version (dry run: nothing stored), 3 unchanged" in learned.dry_run.stderr
    assert "re-extracted 5 article(s)" in learned.dry_run.stderr


def test_reextract_stores_a_new_version_where_the_result_differs(learned):
    assert "2 got a new version, 3 unchanged" in learned.reextract.stderr
    assert _with_template(learned.bodies_after_reextract) == []
    expected = {learned.site.url(story): "\n\n".join(story.body) for story in learned.site.stories[1]}
    assert learned.bodies_after_reextract == expected
    with psycopg.connect(learned.url, row_factory=dict_row) as conn:
        new = conn.execute("SELECT s.extractor_version, s.previous_snapshot_id, s.words_removed, s.run_id,"
                           " s.raw_response, s.capture_snapshot_id"
                           " FROM articles a JOIN snapshots s ON s.snapshot_id = a.current_snapshot_id"
                           " WHERE s.previous_snapshot_id IS NOT NULL").fetchall()
    assert len(new) == 2
    for row in new:
        assert row["extractor_version"] == EXTRACTOR_VERSION
        assert row["run_id"] is None and row["words_removed"] > 0
        # The capture is referred to, not copied.
        assert row["raw_response"] is None
        assert row["capture_snapshot_id"] == row["previous_snapshot_id"]
    # Readers of captures (WARC export, reextract, the web's download) follow the reference.
    from newsbot.archive.queries import load_query
    with psycopg.connect(learned.url) as conn:
        captures = conn.execute(load_query("warc_responses"), {"since": None}).fetchall()
    assert captures and all(blob is not None for _, _, blob in captures)


def test_reextract_again_changes_nothing(learned):
    assert "0 got a new version, 5 unchanged" in learned.reextract_again.stderr
    assert learned.reextract_again.stdout.strip() == "[]"


def test_second_crawl_starts_from_what_the_first_learned(learned):
    stats = learned.second.stats
    assert stat(stats, "newsbot/templates/loaded") == 2
    new_urls = {learned.site.url(story) for story in learned.site.stories[2]}
    assert new_urls <= set(learned.bodies_after_second)
    assert _with_template(learned.bodies_after_second) == []
    for story in learned.site.stories[2]:
        assert learned.bodies_after_second[learned.site.url(story)] == "\n\n".join(story.body)


def test_reextract_of_an_unknown_source_is_an_error_and_touches_nothing(learned):
    before = current_bodies(learned.url)
    result = CliRunner().invoke(main, ["reextract", "--json", "--source", "no-such-source"],
                                env={"NEWSBOT_DATABASE_URL": learned.url})
    assert result.exit_code == 2 and "no source 'no-such-source'" in result.output
    assert current_bodies(learned.url) == before


def test_reextract_help_ends_with_an_example():
    result = CliRunner().invoke(main, ["reextract", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "newsbot reextract --dry-run" in result.output
