"""`scrapy crawl worldnews` on a site that only JavaScript fills: rendered, it is archived; downloaded, it is not.

Lantern Live (tests/sites/jsnews.py) sends empty shells; its article bodies
come from inline JSON or an XHR, and its section page loads more links as it
is scrolled. One module-scoped crawl renders it (render = "js"); the other
tests crawl it again without rendering, and with the browser killed midway.
"""

from __future__ import annotations

import psutil
import psycopg
import pytest
from psycopg.rows import dict_row

from tests.crawl.conftest import dump, stat
from tests.render.conftest import CHROMIUM, run_watched_crawl

MAX_CONTEXTS = 2


def _skip_without_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (./run installs it)")


def _stored(database_url: str) -> dict[str, dict]:
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        rows = conn.execute("SELECT * FROM latest_articles").fetchall()
    return {row["canonical_url"]: row for row in rows}


@pytest.fixture(scope="module")
def rendered(jsnews, module_database_url, tmp_path_factory):
    _skip_without_chromium()
    sources = jsnews.write_sources_toml(tmp_path_factory.mktemp("js") / "sources.toml", render="js")
    served_before = len(jsnews.requests)
    crawl = run_watched_crawl(module_database_url, sources,
                              "-s", f"NEWSBOT_RENDER_MAX_CONTEXTS={MAX_CONTEXTS}",
                              "-s", "MEMUSAGE_CHECK_INTERVAL_SECONDS=0.5")
    assert crawl.result.returncode == 0, dump(crawl.result)
    return crawl, [path for _origin, path in jsnews.requests[served_before:]]


@pytest.fixture(scope="module")
def stored(rendered, module_database_url):
    return _stored(module_database_url)


def test_the_rendered_text_is_archived(stored, jsnews):
    assert set(stored) == {a.url for a in jsnews.articles}
    for expected in jsnews.articles:
        row = stored[expected.url]
        assert row["title"] == expected.title, expected.url
        assert row["body"].split("\n\n") == list(expected.body), expected.url
        assert row["authors"] == list(expected.authors), expected.url
        assert row["published_at"] == expected.published_at, expected.url
        assert row["source"] == "jsnews"


def test_articles_that_only_scrolling_reveals_are_found(rendered, stored, jsnews):
    _, served = rendered
    only_by_scrolling = {a.url for a in jsnews.articles} - set(jsnews.feed_urls)
    assert only_by_scrolling
    assert only_by_scrolling <= set(stored)
    assert [p for p in served if p.startswith("/api/river")] == [
        f"/api/river?page={n}" for n in (1, 2, 3)]


def test_each_page_gets_its_own_context_closed_after_it(rendered, jsnews):
    crawl, _ = rendered
    stats = crawl.result.stats
    pages = len(jsnews.articles) + 1  # the articles and the section page
    assert stat(stats, "playwright/page_count") == pages
    assert stat(stats, "playwright/context_count") == pages
    assert stat(stats, "newsbot/render/rendered") == pages
    assert stat(stats, "newsbot/render/closed") == pages
    assert stat(stats, "playwright/context_count/max_concurrent") <= MAX_CONTEXTS
    assert stat(stats, "playwright/page_count/max_concurrent") <= MAX_CONTEXTS
    assert stat(stats, "playwright/browser_count") == 1
    assert crawl.started_a_browser


def test_feeds_and_robots_txt_skip_the_browser(rendered, jsnews):
    crawl, served = rendered
    stats = crawl.result.stats
    # Every page the browser navigated to is a section or an article.
    assert stat(stats, "playwright/request_count/navigation") == len(jsnews.articles) + 1
    assert "/feed.xml" in served and "/robots.txt" in served


def test_images_fonts_and_media_are_aborted(rendered):
    crawl, served = rendered
    assert stat(crawl.result.stats, "playwright/request_count/aborted") > 0
    assert not [path for path in served if path.startswith("/static/")]


def test_the_memory_check_counts_the_browser(rendered):
    crawl, _ = rendered
    stats = crawl.result.stats
    # Taken before the browser started, then with Chromium's processes added
    # (hundreds of MiB; Scrapy alone grows by far less in a few seconds).
    assert stat(stats, "memusage/max") - stat(stats, "memusage/startup") > 100 * 2**20


def test_without_rendering_the_same_site_gives_no_article_and_no_browser(
        jsnews, database_url, tmp_path):
    sources = jsnews.write_sources_toml(tmp_path / "sources.toml", render="http")
    crawl = run_watched_crawl(database_url, sources)
    stats = crawl.result.stats
    assert crawl.result.returncode == 0, dump(crawl.result)
    assert _stored(database_url) == {}
    assert stat(stats, "newsbot/store/new_article") == 0
    # The feed's articles were fetched, and were empty shells (listed, so
    # articles by their listing, but with no text: too short).
    assert stat(stats, "newsbot/validate/dropped/too_short") == len(jsnews.feed_urls)
    # Plain HTTP stays plain: neither Playwright's driver nor a browser started.
    assert not crawl.started_a_browser, crawl.process_names
    assert not [name for name in crawl.process_names if "node" in name], crawl.process_names
    assert not [key for key in stats if key.startswith("playwright/")]


def test_a_browser_that_dies_is_restarted(jsnews, database_url, tmp_path):
    _skip_without_chromium()
    sources = jsnews.write_sources_toml(tmp_path / "sources.toml", render="js")
    served_before = len(jsnews.requests)
    killed = []

    def kill_the_browser_once_it_renders_articles(children):
        if killed or not any(p.startswith("/news/") for _o, p in jsnews.requests[served_before:]):
            return
        for process in children:
            try:  # the browser's main process is the one Playwright's driver started
                if "chrom" in process.name() and "chrom" not in process.parent().name():
                    process.kill()
                    killed.append(process.pid)
            except psutil.Error:  # exited meanwhile
                pass

    # A page caught mid-creation by the crash is never answered: the deadline
    # (short here) fails it, and RetryMiddleware sends it to the new browser.
    crawl = run_watched_crawl(database_url, sources, "-s", "NEWSBOT_RENDER_TIMEOUT=8",
                              on_poll=kill_the_browser_once_it_renders_articles)
    assert killed
    assert crawl.result.returncode == 0, dump(crawl.result)
    assert stat(crawl.result.stats, "playwright/browser_count") == 2, dump(crawl.result)
    assert set(_stored(database_url)) == {a.url for a in jsnews.articles}, dump(crawl.result)
