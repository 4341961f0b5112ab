"""A site asking for a pause slows only itself, and never holds the crawl's end or its stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psycopg

from tests.conftest import REPO
from tests.crawl.conftest import FAST, dump, run_crawl, stat
from tests.sites.pushback import PushbackSite, write_sources


def test_a_site_asking_for_an_hour_is_deferred_and_the_other_site_is_crawled(
        database_url, tmp_path):
    # Another host (127.0.0.2): Scrapy's download slots are per host name.
    with PushbackSite("healthy", articles=30) as healthy, \
            PushbackSite("hourly", articles=60, retry_after="3600", host="127.0.0.2") as hourly:
        sources = write_sources(tmp_path / "sources.toml", healthy, hourly)
        result = run_crawl(database_url, sources, timeout=150)
        hourly_requests = len(hourly.article_times)
    assert result.returncode == 0, dump(result)
    with psycopg.connect(database_url) as conn:
        stored = {r[0] for r in conn.execute(
            "SELECT s.name FROM articles a JOIN sources s USING (source_id)")}
        healthy_count, = conn.execute(
            "SELECT count(*) FROM articles a JOIN sources s USING (source_id) "
            "WHERE s.name = 'healthy'").fetchone()
    assert healthy_count == 30
    assert stored == {"healthy"}
    # The hourly site saw what was in flight when its first answer was read, not 60
    # retried pages. Scrapy frees a download slot before the downloader middlewares
    # see the response, so up to one more round of the per-domain concurrency (16)
    # can leave before the deferral takes hold.
    assert hourly_requests <= 2 * 16 + 1
    assert stat(result.stats, "newsbot/retry/deferred_sites") == 1
    assert stat(result.stats, "newsbot/retry/deferred") == 60


def test_sigterm_ends_a_crawl_waiting_on_a_site_pause(database_url, tmp_path):
    # Retry-After 300 s, within the allowed pause: the site's slot waits, the crawl does not.
    with PushbackSite("slow", articles=20, retry_after="300") as slow:
        sources = write_sources(tmp_path / "sources.toml", slow)
        env = {**os.environ, "NEWSBOT_DATABASE_URL": database_url,
               "NEWSBOT_SOURCES": str(sources)}
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "worldnews", *FAST,
             "-s", "NEWSBOT_RETRY_MAX_DELAY=600"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while not slow.article_times and time.monotonic() < deadline:
                time.sleep(0.2)
            assert slow.article_times, "the crawl never reached the site"
            time.sleep(2)  # the answers are in, the slot is paused
            process.send_signal(signal.SIGTERM)
            try:
                # Generous bound (the issue asks for 10 s); before, the stop waited out the pause.
                _, log = process.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                _, log = process.communicate()
                raise AssertionError("the crawl was still running 60 s after SIGTERM:\n"
                                     + log[-3000:]) from None
        finally:
            if process.poll() is None:
                process.kill()
    with psycopg.connect(database_url) as conn:
        status, = conn.execute("SELECT status FROM crawl_runs").fetchone()
    assert status == "interrupted"


class _Downloader:
    def __init__(self):
        from scrapy.core.downloader import Slot

        self.slots = {"site": Slot(concurrency=4, delay=0.25, jitter=0.5)}

    def get_slot_key(self, request):
        return "site"


def _pauses():
    from types import SimpleNamespace

    from scrapy import Request
    from scrapy.settings import Settings
    from scrapy.statscollectors import MemoryStatsCollector

    from newsbot.middlewares.site_pause import SitePauses

    crawler = SimpleNamespace(engine=SimpleNamespace(downloader=_Downloader()),
                              settings=Settings({"DOWNLOAD_DELAY": 0.25}), crawling=True)
    crawler.stats = MemoryStatsCollector(crawler)
    request = Request("http://127.0.0.1:1/a", meta={"download_slot": "site"})
    return SitePauses(crawler, max_delay=120), crawler.engine.downloader.slots["site"], request


def test_a_shorter_pause_never_cuts_a_longer_one_short():
    pauses, slot, request = _pauses()
    assert pauses.pause(request, 60)
    assert pauses.pause(request, 0.5)
    assert slot.delay > 59 and slot.jitter == 0


def test_an_answer_sent_before_the_pause_does_not_end_it_and_a_later_one_does():
    pauses, slot, request = _pauses()
    assert pauses.pause(request, 60)
    pauses.answered(request)
    assert slot.delay > 59
    pauses._paused["site"].until = 0  # the pause is over
    pauses.answered(request)
    assert (slot.delay, slot.jitter) == (0.25, 0.5)


def test_a_pause_past_the_limit_defers_the_site():
    pauses, slot, request = _pauses()
    assert not pauses.pause(request, 3600)
    assert pauses.is_deferred(request)
    assert slot.delay == 0.25
