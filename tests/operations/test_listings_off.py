"""`-a listings=off` (the scheduler's hourly job): revisit the due articles, read no listing."""

from __future__ import annotations

import psycopg

from tests.crawl.conftest import dump, run_crawl, stat
from tests.sites.layoutchange import LayoutChangeSite


def test_a_run_without_listings_only_revisits_due_articles(database_url, tmp_path):
    with LayoutChangeSite() as site:
        sources = site.write_sources_toml(tmp_path / "sources.toml")
        first = run_crawl(database_url, sources)
        assert first.returncode == 0 and stat(first.stats, "newsbot/store/new_article") == 6, dump(first)
        due = [site.url(story) for story in site.stories[1][:2]]
        with psycopg.connect(database_url) as conn:
            conn.execute("UPDATE articles SET next_fetch_at = now() - interval '1 minute' "
                         "WHERE canonical_url = ANY(%s)", [due])
        site.phase = 2  # the feed now lists six new articles: they must not be fetched
        site.requests.clear()
        revisit = run_crawl(database_url, sources, "-a", "listings=off")
    assert revisit.returncode == 0, dump(revisit)
    assert stat(revisit.stats, "newsbot/recrawl/due") == 2
    assert stat(revisit.stats, "newsbot/store/new_article") == 0
    assert "/feed.xml" not in site.requests
    assert sorted(path for path in site.requests if path.startswith("/story/")) == sorted(
        "/story/" + story.slug for story in site.stories[1][:2])


def test_a_bad_listings_argument_fails_the_crawl(database_url, tmp_path):
    with LayoutChangeSite() as site:
        sources = site.write_sources_toml(tmp_path / "sources.toml")
        result = run_crawl(database_url, sources, "-a", "listings=sometimes")
    assert result.returncode != 0 and "listings='sometimes'" in result.log
