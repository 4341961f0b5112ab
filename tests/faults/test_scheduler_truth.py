"""The scheduler says a failed crawl failed; `schedule --check` refuses unknown spiders and sources."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent

from newsbot.scheduler import daemon as daemon_module
from newsbot.scheduler.crawl import CrawlOutcome
from tests.conftest import REPO


def check(tmp_path, jobs: str):
    path = tmp_path / "schedule.toml"
    path.write_text(jobs)
    return subprocess.run([sys.executable, "-m", "newsbot.cli", "schedule", "--check",
                           "--config", str(path)], cwd=REPO, capture_output=True, text=True,
                          timeout=60, env={**os.environ,
                                           "NEWSBOT_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/x"})


def test_schedule_check_rejects_an_unknown_spider(tmp_path):
    result = check(tmp_path, '[[job]]\nid = "typo"\nspider = "wordnews"\ncron = "0 2 * * *"\n')
    assert result.returncode == 1
    assert "job 'typo': no spider named 'wordnews' (the project has worldnews)" in result.stderr


def test_schedule_check_rejects_an_unknown_source(tmp_path):
    result = check(tmp_path, '[[job]]\nid = "bbc"\ncron = "0 2 * * *"\nonly = ["no-such-outlet"]\n')
    assert result.returncode == 1
    assert "job 'bbc': field 'only': no source named ['no-such-outlet']" in result.stderr


class _FakeDaemon:
    def __init__(self, outcome):
        self.outcome = outcome

    def run_job(self, job_id):
        return self.outcome


@pytest.mark.parametrize("outcome", [CrawlOutcome.FAILED, CrawlOutcome.TIMED_OUT,
                                     CrawlOutcome.NO_DATABASE])
def test_a_failed_crawl_is_a_failed_job_not_a_success(monkeypatch, outcome):
    monkeypatch.setattr(daemon_module, "_active", _FakeDaemon(outcome))
    with pytest.raises(daemon_module.CrawlFailed):
        daemon_module.run_job("nightly")


def test_a_finished_crawl_is_a_successful_job(monkeypatch):
    monkeypatch.setattr(daemon_module, "_active", _FakeDaemon(CrawlOutcome.FINISHED))
    assert daemon_module.run_job("nightly") == "finished"


def test_the_daemon_logs_the_failed_job_as_failed(caplog):
    daemon = daemon_module.SchedulerDaemon.__new__(daemon_module.SchedulerDaemon)
    counted = []
    daemon.runner = type("R", (), {"count": lambda self, event: counted.append(event)})()
    event = JobExecutionEvent(EVENT_JOB_ERROR, "nightly", "default", None,
                              exception=daemon_module.CrawlFailed("job nightly: crawl failed"))
    with caplog.at_level(logging.ERROR):
        daemon._on_event(event)
    assert "Job nightly failed: job nightly: crawl failed" in caplog.text
    assert counted == []  # the runner counted it as failed already
