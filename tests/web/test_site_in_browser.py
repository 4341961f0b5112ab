"""The site in real headless Chromium, over an archive filled by real crawls.

Three crawls of the mutable site (tests/sites/mutable.py, one article given
a third version here) and of two outlets running one wire story
(tests/sites/wire.py), then a crawl stopped by its memory limit: a failed
run. `newsbot web` serves the archive as the newsbot_reader login; the
browser searches, opens the article with three versions, diffs two of them,
opens its story and opens the failed run. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from io import BytesIO
from pathlib import Path

import psycopg
import pytest
from warcio.archiveiterator import ArchiveIterator

from newsbot.render._browser import QUIET_CHROMIUM_ARGS, SYSTEM_CHROMIUM
from tests.conftest import REPO
from tests.crawl.conftest import dump, run_crawl
from tests.sites.mutable import CORRECTED, LEADS, MutableSite
from tests.sites.wire import REWRITE_PATH, WIRE_PATH, WireSites

SCREENSHOTS = REPO / "build" / "screenshots"
THIRD_VERSION = "The ferry's new timetable starts on the first Monday of November."
# The failed run: Scrapy's memory-usage check closes the crawl at once
# (finish reason memusage_exceeded, which the store records as failed).
OUT_OF_MEMORY = ("-s", "MEMUSAGE_ENABLED=True", "-s", "MEMUSAGE_LIMIT_MB=1",
                 "-s", "MEMUSAGE_CHECK_INTERVAL_SECONDS=0.2")


class ThreeVersionSite(MutableSite):
    """The mutable site, whose real-change article changes once more in phase 3."""

    def page(self, slug: str) -> tuple[str, list[str]]:
        title, paragraphs = super().page(slug)
        if slug == "real-change" and self.phase == 3:
            return title, [LEADS[slug], *CORRECTED, THIRD_VERSION]
        return title, paragraphs


def _make_all_due(url: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE articles SET next_fetch_at = now() - interval '1 second'")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def archive(module_database_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("web-sources")
    with ThreeVersionSite() as mutable, WireSites() as wire:
        sources = folder / "sources.toml"
        wire.write_sources_toml(folder / "wire.toml")
        mutable.write_sources_toml(folder / "mutable.toml")
        sources.write_text((folder / "wire.toml").read_text() + (folder / "mutable.toml").read_text())
        for phase in (1, 2, 3):
            mutable.phase = phase
            result = run_crawl(module_database_url, sources)
            assert result.returncode == 0, dump(result)
            _make_all_due(module_database_url)
        failed = run_crawl(module_database_url, sources, *OUT_OF_MEMORY)
        with psycopg.connect(module_database_url) as conn:
            status, = conn.execute("SELECT status FROM crawl_runs WHERE run_id = %s",
                                   [failed.run_id]).fetchone()
        assert status == "failed", dump(failed)
        yield {"url": module_database_url, "failed_run": failed.run_id,
               "changing": mutable.url("real-change"),
               "wire": wire.url("harbourtimes", WIRE_PATH),
               "rewrite": wire.url("coastpost", REWRITE_PATH)}


@pytest.fixture(scope="module")
def site(archive, tmp_path_factory):
    """`newsbot web` as an operator starts it, with the reader login it creates."""
    port = _free_port()
    env = {**os.environ, "NEWSBOT_DATABASE_URL": archive["url"],
           "NEWSBOT_HOME": str(tmp_path_factory.mktemp("web-home"))}
    proc = subprocess.Popen([sys.executable, "-m", "newsbot.cli", "web", "--port", str(port)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/runs", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"newsbot web exited: {proc.stdout.read()}")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if not Path(SYSTEM_CHROMIUM).exists():
        pytest.skip(f"{SYSTEM_CHROMIUM} is not installed (./run installs it)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        # --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start.
        chromium = playwright.chromium.launch(
            executable_path=SYSTEM_CHROMIUM, args=["--no-sandbox", *QUIET_CHROMIUM_ARGS])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site, java_script_enabled=False,
                                  viewport={"width": 1200, "height": 900})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.requested = requested
    yield page
    # Nothing is loaded from another host: every request went to the site itself.
    assert all(url.startswith(site) for url in requested), requested
    context.close()


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_search_finds_the_changed_article_with_highlights(page):
    page.goto("/")
    page.fill("input[name=q]", "ferry passengers")
    page.check("input[name=changed]")
    page.click("button[type=submit]")
    assert "changed=1" in page.url and "q=ferry+passengers" in page.url
    assert page.locator("p.count").inner_text().startswith("3 articles")  # real, headline, flip-flop
    assert page.locator(".snippet mark").count() > 0
    assert page.locator(".snippet mark").first.inner_text().lower().startswith(("ferr", "passeng"))
    _shot(page, "search")


def test_an_article_with_three_versions_and_a_diff_of_two(page, archive):
    page.goto("/articles?url=" + archive["changing"])
    assert page.locator("table.timeline tr.version").count() == 3
    # The page opens on the latest change; compare version 1 with version 3 instead.
    page.select_option("select[name=from]", index=0)
    page.select_option("select[name=to]", index=2)
    page.click("form button[type=submit]")
    assert page.locator("#diff h2").inner_text() == "Version 1 → version 3"
    # The corrected figure is a word-level edit inside its paragraph ...
    edited = page.locator("#diff p.block-changed")
    assert "four" in edited.locator("del").all_inner_texts()[0]
    assert "six" in edited.locator("ins").all_inner_texts()[0]
    # ... the paragraphs added since are whole additions.
    added = page.locator("#diff p.block-added").all_inner_texts()
    assert THIRD_VERSION in added
    assert any("spokesperson" in text for text in added)
    page.locator("#diff").scroll_into_view_if_needed()
    _shot(page, "article-diff")


def test_version_downloads(page, archive):
    page.goto("/articles?url=" + archive["changing"])
    json_link = page.locator("table.timeline a", has_text="JSON").first.get_attribute("href")
    warc_link = page.locator("table.timeline a", has_text="WARC").first.get_attribute("href")
    version = page.request.get(json_link).json()
    assert version["canonical_url"] == archive["changing"] and "four hundred" in version["body"]
    warc = page.request.get(warc_link)
    assert warc.headers["content-type"] == "application/warc"
    records = list(ArchiveIterator(BytesIO(warc.body())))
    assert [r.rec_type for r in records] == ["response"]
    assert records[0].rec_headers.get_header("WARC-Target-URI") == archive["changing"]


def test_the_story_of_a_wire_copy_names_both_outlets_and_the_first(page, archive):
    page.goto("/articles?url=" + archive["rewrite"])
    page.click("a.story-link")
    table = page.locator("table.story").inner_text()
    assert "harbourtimes" in table and "coastpost" in table
    assert page.locator("p.first-outlet").inner_text().startswith("First to publish:")
    similarities = [t for t in page.locator("table.story td.num").all_inner_texts() if "." in t]
    assert similarities and all(0 < float(s) <= 1 for s in similarities)
    _shot(page, "story")


def test_the_failed_run_stands_out_and_shows_its_stats(page, archive):
    page.goto("/runs")
    failed = page.locator("tr.status-failed")
    assert failed.count() == 1
    assert "memusage_exceeded" in failed.inner_text()
    failed.locator("a").first.click()
    assert page.url.endswith(f"/runs/{archive['failed_run']}")
    assert page.locator("h1").inner_text() == f"Run {archive['failed_run']}: failed"
    assert "memusage/limit_reached" in page.locator("table.stats").inner_text()
    _shot(page, "failed-run")


def test_sources_page_draws_its_charts_inline(page):
    page.goto("/sources")
    page.click("text=aldwick")
    assert page.locator("svg.chart").count() == 2
    assert page.locator("svg.chart rect.bar").count() >= 1
    _shot(page, "source")
