"""The scheduler daemon: APScheduler, its jobs' next runs in PostgreSQL, one crawl subprocess per run.

Each job of the schedule config becomes one APScheduler job (in memory) whose
id is the config's job id; its next run time is written through to
``scheduler_job_state``. A job that is unchanged keeps its stored next run time, so a run missed while the daemon was down still
happens when it comes back, within ``misfire_grace_time`` (runs missed
together coalesce into one). ``max_instances=1`` skips a trigger while the
job's previous run is still going; the lease (``crawl.py``, ``lease.py``) does the
same across machines.

SIGTERM or SIGINT: no new runs start, the running crawls get SIGTERM and are
waited for (each stops cleanly, its run marked interrupted), and the daemon
exits with status 0.
"""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from newsbot.scheduler.config import CrawlJob, ScheduleConfig
from newsbot.scheduler.crawl import CrawlOutcome, CrawlRunner
from newsbot.scheduler.jobstore import ArchiveBackedJobStore

logger = logging.getLogger(__name__)

# What the job store records as the job's function: a name, not a pickled object.
JOB_FUNCTION = "newsbot.scheduler.daemon:run_job"
_active: SchedulerDaemon | None = None


# Outcomes that are a failed run: the job raises, so APScheduler does not log
# it as "executed successfully".
_FAILED_OUTCOMES = (CrawlOutcome.FAILED, CrawlOutcome.TIMED_OUT, CrawlOutcome.NO_DATABASE)


class CrawlFailed(RuntimeError):
    """A scheduled crawl failed (already counted and logged by the runner)."""


def run_job(job_id: str) -> str:
    """The function every stored job calls: run the config's job ``job_id`` in this daemon."""
    daemon = _active
    if daemon is None:
        raise RuntimeError("no newsbot scheduler daemon is running in this process")
    outcome = daemon.run_job(job_id)
    if outcome in _FAILED_OUTCOMES:
        raise CrawlFailed(f"job {job_id}: crawl {outcome.value}")
    return outcome.value


class SchedulerDaemon:
    """``counts`` gathers the runner's outcomes plus ``skipped_overlap`` (max_instances),
    ``missed`` (past the misfire grace time) and ``error``."""

    def __init__(self, config: ScheduleConfig, database_url: str, project_dir: Path):
        self.config = config
        self.jobs: dict[str, CrawlJob] = {job.id: job for job in config.enabled_jobs}
        self.runner = CrawlRunner(database_url, project_dir,
                                  config.stop_grace.total_seconds(), config.log_dir)
        self.counts = self.runner.counts
        self.store = ArchiveBackedJobStore(database_url, self._describe)
        self.scheduler = _Scheduler(
            jobstores={"default": self.store},
            executors={"default": ThreadPoolExecutor(max_workers=max(2, len(self.jobs)))},
            job_defaults={"coalesce": True, "max_instances": 1,
                          "misfire_grace_time": int(config.misfire_grace_time.total_seconds())},
            timezone=config.timezone)
        self.scheduler.add_listener(self._on_event, EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED
                                    | EVENT_JOB_ERROR)
        self._stopped = threading.Event()

    # -- life cycle ----------------------------------------------------------

    def start(self) -> None:
        global _active
        if _active is not None and _active is not self:
            raise RuntimeError("another scheduler daemon runs in this process")
        _active = self
        self.scheduler.start(paused=True)
        self._sync_jobs()
        self.scheduler.resume()
        for job in self.scheduler.get_jobs():
            logger.info("Job %s: %s, next run %s", job.id, self.jobs[job.id].describe_trigger(),
                        job.next_run_time.isoformat() if job.next_run_time else "never")

    def stop(self) -> None:
        """Stop scheduling, stop running crawls cleanly, and shut down. Safe to call twice."""
        global _active
        if self._stopped.is_set():
            return
        self._stopped.set()
        running = self.runner.running()
        if running:
            logger.info("Stopping; waiting for the running crawl(s) to stop cleanly: %s",
                        ", ".join(running))
        if self.scheduler.running:
            self.scheduler.pause()
        self.runner.stop_all()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        self.scheduler.remove_listener(self._on_event)
        if _active is self:
            _active = None
        summary = ", ".join(f"{count} {event}" for event, count in sorted(self.counts.items()))
        logger.info("Scheduler stopped (%s)", summary or "no runs")

    def serve(self) -> None:
        """Run until SIGTERM or SIGINT (call from the main thread)."""
        stop = threading.Event()

        def on_signal(signum, _frame) -> None:
            logger.info("Received %s: stopping", signal.Signals(signum).name)
            stop.set()

        previous = {signum: signal.signal(signum, on_signal)
                    for signum in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.start()
            while not stop.wait(1.0):
                pass
        finally:
            self.stop()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    # -- jobs ----------------------------------------------------------------

    def run_job(self, job_id: str) -> CrawlOutcome:
        job = self.jobs.get(job_id)
        if job is None:
            # A row left by a scheduler whose config had this job; ours has not.
            raise LookupError(f"job {job_id!r} is not in the schedule config")
        return self.runner.run(job)

    def _describe(self, job_id: str) -> str:
        job = self.jobs[job_id]
        return (f"{job.describe_trigger()} tz={self.config.timezone} "
                f"misfire_grace={int(self.config.misfire_grace_time.total_seconds())}s")

    def _sync_jobs(self) -> None:
        stored = self.store.stored()
        for job in self.jobs.values():
            old = stored.pop(job.id, None)
            keep = old is not None and old.trigger == self._describe(job.id) \
                and old.next_run_at is not None
            # Unchanged: keep its stored next run time (and so a run missed while down).
            when = {"next_run_time": old.next_run_at} if keep else {}
            self.scheduler.add_job(JOB_FUNCTION, trigger=job.trigger(self.config.timezone),
                                   id=job.id, name=job.id, kwargs={"job_id": job.id}, **when)
            if not keep:
                logger.info("Job %s %s", job.id, "updated" if old is not None else "added")
        for stale in stored:
            self.store.forget(stale)
            logger.info("Job %s removed: no longer in the schedule config", stale)

    def _on_event(self, event) -> None:
        if event.code == EVENT_JOB_MAX_INSTANCES:
            self.runner.count("skipped_overlap")
            logger.warning("Job %s skipped: its previous run is still going", event.job_id)
        elif event.code == EVENT_JOB_MISSED:
            self.runner.count("missed")
            logger.warning("Job %s missed its run at %s (past the misfire grace time)",
                           event.job_id, event.scheduled_run_time)
        elif event.code == EVENT_JOB_ERROR and isinstance(event, JobExecutionEvent):
            if isinstance(event.exception, CrawlFailed):
                logger.error("Job %s failed: %s (see `newsbot runs`)", event.job_id,
                             event.exception)
                return
            self.runner.count("error")
            logger.error("Job %s raised %r", event.job_id, event.exception)


class _Scheduler(BackgroundScheduler):
    def _process_jobs(self):
        # APScheduler 3 looks for due jobs once more after shutdown() and would
        # use up a run it can no longer start (its executor is gone): a run due
        # while the daemon stops must stay due for the next start.
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()

