"""The scheduler daemon: crawls on a trigger, never overlaps a job, stops cleanly on SIGTERM.

Crawls here are real `scrapy crawl` subprocesses against the layout-change
site; ``delay`` slows its article pages so that a crawl is still running
when a trigger or a signal arrives.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import psycopg
import pytest
from psycopg.rows import dict_row

from newsbot.scheduler import CrawlOutcome, CrawlRunner, SchedulerDaemon, load_schedule
from newsbot.scheduler.lease import Lease
from tests.conftest import REPO
from tests.sites.layoutchange import LayoutChangeSite

# One request at a time (with no download delay, Scrapy 2.19 does not hold a slot to its
# per-domain concurrency), so a slow site makes a slow crawl.
CRAWL_SETTINGS = ("AUTOTHROTTLE_ENABLED = false, DOWNLOAD_DELAY = 0, LOG_LEVEL = \"INFO\", "
                  "CONCURRENT_REQUESTS = 1")


def schedule_file(tmp_path, sources, trigger: str = 'every = "1s"', timeout: str = "2m",
                  job_id: str = "layout-crawl"):
    path = tmp_path / "schedule.toml"
    path.write_text(f"""
[scheduler]
stop_grace = "60s"
log_dir = "{tmp_path / 'crawl-logs'}"

[[job]]
id = "{job_id}"
{trigger}
timeout = "{timeout}"
settings = {{ NEWSBOT_SOURCES = "{sources}", {CRAWL_SETTINGS} }}
""")
    return path


def wait_for(condition, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def runs(url: str) -> list[dict]:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        return conn.execute("SELECT * FROM crawl_runs ORDER BY run_id").fetchall()


def crawl_logs(tmp_path) -> str:
    folder = tmp_path / "crawl-logs"
    return "\n".join(p.read_text()[-3000:] for p in sorted(folder.glob("*.log"))) if folder.exists() else ""


@pytest.fixture
def slow_site(tmp_path):
    with LayoutChangeSite(delay=0.7) as site:
        yield site, site.write_sources_toml(tmp_path / "sources.toml")


def test_the_scheduler_runs_crawls_on_its_trigger_and_skips_overlapping_ones(
        database_url, slow_site, tmp_path):
    site, sources = slow_site
    daemon = SchedulerDaemon(load_schedule(schedule_file(tmp_path, sources)), database_url, REPO)
    daemon.start()
    try:
        # A crawl takes several seconds and the trigger fires every second.
        wait_for(lambda: daemon.counts["finished"] >= 1 and daemon.counts["skipped_overlap"] >= 1,
                 120, "a finished crawl and a skipped trigger")
    finally:
        daemon.stop()
    recorded = runs(database_url)
    assert recorded, crawl_logs(tmp_path)
    finished = [r for r in recorded if r["status"] == "finished"]
    assert finished and finished[0]["stats"]["newsbot/store/new_article"] == 6, crawl_logs(tmp_path)
    # max_instances=1: no two runs of the job were ever going at once.
    for earlier, later in zip(recorded, recorded[1:]):
        assert earlier["finished_at"] is not None
        assert earlier["finished_at"] <= later["started_at"]
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT job_id FROM scheduler_job_state").fetchall() == [("layout-crawl",)]


def test_a_run_locked_by_another_scheduler_is_skipped(database_url, slow_site, tmp_path):
    site, sources = slow_site
    job, = load_schedule(schedule_file(tmp_path, sources)).jobs
    runner = CrawlRunner(database_url, REPO, stop_grace=10)
    # Another machine's scheduler holds the job's lease: its crawl is running.
    other = Lease(database_url, f"job:{job.id}")
    assert other.acquire()
    try:
        assert runner.run(job) is CrawlOutcome.SKIPPED_LOCKED
        assert runner.run(job) is CrawlOutcome.SKIPPED_LOCKED
    finally:
        other.release()
    assert runner.counts["skipped_locked"] == 2
    assert runs(database_url) == [] and site.article_requests() == 0


def test_restarts_keep_replace_or_remove_stored_jobs_without_duplicates(database_url, tmp_path):
    sources = tmp_path / "unused.toml"

    def start_and_stop(trigger: str, job_id: str = "nightly") -> dict[str, datetime]:
        config = load_schedule(schedule_file(tmp_path, sources, trigger, job_id=job_id))
        daemon = SchedulerDaemon(config, database_url, REPO)
        daemon.start()
        daemon.stop()
        with psycopg.connect(database_url) as conn:
            return dict(conn.execute("SELECT job_id, next_run_at FROM scheduler_job_state").fetchall())

    first = start_and_stop('cron = "0 2 * * *"')
    assert list(first) == ["nightly"]
    assert start_and_stop('cron = "0 2 * * *"') == first          # unchanged: kept as it was
    moved = start_and_stop('cron = "0 3 * * *"')
    assert list(moved) == ["nightly"] and (moved["nightly"] - first["nightly"]).total_seconds() in (
        3600, -82800)
    assert list(start_and_stop('cron = "0 3 * * *"', job_id="other")) == ["other"]


def test_a_crawl_past_its_timeout_is_stopped_cleanly(database_url, tmp_path):
    with LayoutChangeSite(delay=2.0) as site:
        sources = site.write_sources_toml(tmp_path / "sources.toml")
        job, = load_schedule(schedule_file(tmp_path, sources, timeout="8s")).jobs
        runner = CrawlRunner(database_url, REPO, stop_grace=60, log_dir=tmp_path / "crawl-logs")
        started = time.monotonic()
        assert runner.run(job) is CrawlOutcome.TIMED_OUT
        assert time.monotonic() - started < 60
    (run,) = runs(database_url)
    assert (run["status"], run["finish_reason"]) == ("interrupted", "shutdown"), crawl_logs(tmp_path)
    assert run["finished_at"] is not None
    assert_no_half_written_versions(database_url)


def test_sigterm_during_a_crawl_stops_the_daemon_and_leaves_the_run_interrupted(
        database_url, tmp_path):
    with LayoutChangeSite(delay=1.0) as site:
        sources = site.write_sources_toml(tmp_path / "sources.toml")
        config = schedule_file(tmp_path, sources, trigger='every = "2s"')
        env = {**os.environ, "NEWSBOT_DATABASE_URL": database_url,
               "NEWSBOT_HOME": str(tmp_path / "home")}
        daemon = subprocess.Popen([sys.executable, "-m", "newsbot.cli", "schedule", "--config",
                                   str(config)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        try:
            wait_for(lambda: stored_versions(database_url) >= 1, 90, "the crawl to store an article")
            assert site.article_requests() < 6
            daemon.send_signal(signal.SIGTERM)
            output, _ = daemon.communicate(timeout=90)
        finally:
            if daemon.poll() is None:
                daemon.kill()
                daemon.communicate()
    assert daemon.returncode == 0, output
    assert "Received SIGTERM: stopping" in output and "1 stopped" in output, output
    (run,) = runs(database_url)
    assert (run["status"], run["finish_reason"]) == ("interrupted", "shutdown"), output
    assert run["finished_at"] is not None
    assert not _alive(run["pid"])
    stored = stored_versions(database_url)
    assert 1 <= stored < 6
    assert run["stats"]["newsbot/store/new_article"] == stored
    assert_no_half_written_versions(database_url)


def stored_versions(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM snapshots").fetchone()[0]


def assert_no_half_written_versions(url: str) -> None:
    """Every version is whole: its article points at it, its fetch is logged, its capture kept."""
    with psycopg.connect(url) as conn:
        broken = conn.execute("""
            SELECT s.snapshot_id FROM snapshots s
            LEFT JOIN articles a ON a.article_id = s.article_id
            WHERE a.current_snapshot_id IS DISTINCT FROM s.snapshot_id
               OR NOT EXISTS (SELECT FROM fetches f WHERE f.snapshot_id = s.snapshot_id)
               OR length(s.raw_response) = 0 OR s.body = '' OR s.content_hash = ''
        """).fetchall()
        orphans = conn.execute("""
            SELECT article_id FROM articles WHERE current_snapshot_id IS NULL
            UNION ALL
            SELECT fetch_id FROM fetches WHERE snapshot_id IS NULL
        """).fetchall()
    assert broken == [] and orphans == []


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_daemon_refuses_a_bad_config_with_a_clear_message(tmp_path):
    bad = tmp_path / "schedule.toml"
    bad.write_text('[[job]]\nid = "x"\ncron = "every night"\n')
    result = subprocess.run([sys.executable, "-m", "newsbot.cli", "schedule", "--config", str(bad)],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"{bad}: job 'x': field 'cron':" in result.stderr


def test_schedule_check_prints_the_jobs_without_starting(tmp_path):
    result = subprocess.run([sys.executable, "-m", "newsbot.cli", "schedule", "--check"],
                            cwd=REPO, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "NEWSBOT_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/x"})
    assert result.returncode == 0, result.stderr
    assert "worldnews-nightly" in result.stdout and "cron 0 2 * * *" in result.stdout
    assert "scrapy crawl worldnews -a listings=off" in result.stdout


def test_a_run_missed_while_the_daemon_was_down_runs_when_it_is_back(database_url, tmp_path):
    """An unchanged job keeps its stored next run time; one missed within the grace time runs once."""
    config = load_schedule(schedule_file(tmp_path, tmp_path / "unused.toml", 'cron = "0 2 * * *"'))
    assert config.misfire_grace_time == timedelta(minutes=15)
    daemon = SchedulerDaemon(config, database_url, REPO)
    daemon.start()
    daemon.stop()
    # While the daemon is down, the 02:00 run passes: its stored time is a minute ago.
    set_stored_next_run(database_url, "layout-crawl",
                        datetime.now(timezone.utc) - timedelta(minutes=1))
    daemon = SchedulerDaemon(config, database_url, REPO)
    daemon.start()
    try:
        # The crawl itself fails (its sources file does not exist): it ran, which is the point.
        wait_for(lambda: daemon.counts["failed"] == 1, 60, "the missed run")
        next_run = daemon.scheduler.get_job("layout-crawl").next_run_time
        assert next_run > datetime.now(timezone.utc) and next_run.hour == 2
    finally:
        daemon.stop()


def set_stored_next_run(url: str, job_id: str, when: datetime) -> None:
    """Rewrite a stored job's next run time, as a daemon that was down would have left it."""
    with psycopg.connect(url) as conn:
        updated = conn.execute("UPDATE scheduler_job_state SET next_run_at = %s WHERE job_id = %s",
                               [when, job_id]).rowcount
        assert updated == 1
