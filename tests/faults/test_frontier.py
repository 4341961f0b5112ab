"""The frontier journal: every scheduled request is on disk until done or failed; kill -9 loses nothing."""

from __future__ import annotations

import logging
from pathlib import Path

import scrapy
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from benchmarks._durability import site_article_urls
from benchmarks.fast_site import FastSites
from spiders.journal import ID_KEY, InflightJournal, request_failed
from tests.faults.scenarios import crash_and_resume


class _Spider(scrapy.Spider):
    name = "journal-test"


def make_journal(jobdir: Path, **settings) -> InflightJournal:
    crawler = get_crawler(_Spider, {"JOBDIR": str(jobdir), **settings})
    return InflightJournal.from_crawler(crawler)


def scheduled(journal: InflightJournal, url: str) -> Request:
    request = Request(url, meta=journal.entry(url, "parse_article", source="s", via="feed", depth=1))
    journal._scheduled(request, None)
    return request


def response_to(request: Request, status: int = 200) -> HtmlResponse:
    return HtmlResponse(request.url, status=status, body=b"<html></html>", request=request)


def test_every_scheduled_request_stays_open_until_done_or_failed(tmp_path):
    journal = make_journal(tmp_path)
    stored, dropped, broken, errored, missing, waiting = (
        scheduled(journal, f"http://site.test/{n}") for n in range(6))
    journal._item_done(None, response_to(stored), None)
    journal._request_dropped(dropped, None)
    journal._spider_error(Failure(ValueError("callback bug")), response_to(broken), None)
    request_failed(journal.crawler.stats, journal,
                   Failure(HttpError(response_to(errored, 404))), _log())
    failure = Failure(ConnectionRefusedError("refused"))
    failure.request = missing
    request_failed(journal.crawler.stats, journal, failure, _log())
    journal._spider_closed(None, "shutdown")

    # The next process sees only the request nobody finished.
    resumed = make_journal(tmp_path).pending()
    assert [(e["url"], e[ID_KEY]) for e in resumed] == [(waiting.url, waiting.meta[ID_KEY])]
    stats = journal.crawler.stats
    assert stats.get_value("newsbot/journal/failed") == 3
    assert stats.get_value("newsbot/request/failed") == 2
    assert stats.get_value("newsbot/request/failed/http_404") == 1


def test_the_journal_is_compacted_as_it_goes(tmp_path):
    journal = make_journal(tmp_path, NEWSBOT_JOURNAL_COMPACT_LINES=100)
    for n in range(2000):
        journal._item_done(None, response_to(scheduled(journal, f"http://site.test/{n}")), None)
    scheduled(journal, "http://site.test/last")
    lines = journal.path.read_text().splitlines()
    assert len(lines) < 300
    assert [e["url"] for e in make_journal(tmp_path).pending()] == ["http://site.test/last"]


def test_a_finished_job_run_again_starts_fresh_and_says_so(tmp_path, caplog):
    journal = make_journal(tmp_path)
    journal._item_done(None, response_to(scheduled(journal, "http://site.test/1")), None)
    journal._spider_closed(None, "finished")
    (tmp_path / "requests.seen").write_text("0123abcd\n")
    make_journal(tmp_path)
    assert "holds a finished crawl; starting a fresh job" in caplog.text
    assert not (tmp_path / "requests.seen").exists()


def test_the_first_versions_in_flight_journal_is_taken_over(tmp_path):
    (tmp_path / "newsbot-inflight.jsonl").write_text(
        '+ {"url": "http://site.test/a", "callback": "parse_article", "source": "s"}\n'
        '+ {"url": "http://site.test/b", "callback": "parse_article", "source": "s"}\n'
        '- {"url": "http://site.test/a"}\n')
    assert [e["url"] for e in make_journal(tmp_path).pending()] == ["http://site.test/b"]
    assert not (tmp_path / "newsbot-inflight.jsonl").exists()


def _log() -> logging.Logger:
    return logging.getLogger("test")


def test_kill_9_early_in_a_large_crawl_loses_nothing(database_url, tmp_path):
    with FastSites(articles=300, sources=tmp_path / "sources.toml") as sites:
        expected = site_article_urls(sites.bases)
        assert len(expected) >= 300
        result = crash_and_resume(database_url, tmp_path / "sources.toml", expected,
                                  tmp_path / "job", tmp_path / "crawl.log", kill_after=30, kills=2)
    assert (result.lost, result.duplicated) == (0, 0), result.detail
