"""Run one scheduled crawl: a ``scrapy crawl`` subprocess, under a lease, with a timeout.

The lease (``lease.py``) is a row named ``job:<id>`` in ``newsbot_leases``,
which only newsbot's owner role can write, renewed by a heartbeat for the
whole crawl, so two schedulers (two machines sharing the database) never
run the same job together: the second one finds the lease held and skips its
run. It outlives a PostgreSQL restart (a session lock would not), is checked
again right before the crawl starts, and a crawl whose lease was lost is
stopped. A scheduler that dies stops renewing; its lease is free after its
time to live.

A crawl that outlives its timeout, or is running when the daemon stops, gets
SIGTERM: Scrapy then stops scheduling, finishes the items in flight (each is
one transaction) and the store pipeline marks the run ``interrupted``. Only
after ``stop_grace`` does it get SIGKILL.
"""

from __future__ import annotations

import enum
import logging
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import psycopg

from newsbot.scheduler.config import CrawlJob
from newsbot.scheduler.lease import DEFAULT_TTL, Lease

logger = logging.getLogger(__name__)


class CrawlOutcome(enum.Enum):
    FINISHED = "finished"            # exit status 0
    FAILED = "failed"                # non-zero exit status
    TIMED_OUT = "timed_out"          # stopped after its timeout
    STOPPED = "stopped"              # stopped because the daemon was stopping
    SKIPPED_LOCKED = "skipped_locked"      # the same job runs elsewhere (its lease is held)
    SKIPPED_STOPPING = "skipped_stopping"  # triggered while the daemon was stopping
    NO_DATABASE = "no_database"      # the lease could not be taken: database unreachable


class CrawlRunner:
    """Starts crawls, tracks the running ones, and stops them all on request.

    ``counts`` holds one counter per outcome (``CrawlOutcome`` values).
    """

    def __init__(self, database_url: str, project_dir: Path, stop_grace: float,
                 log_dir: Path | None = None):
        self.database_url = database_url
        self.project_dir = project_dir
        self.stop_grace = stop_grace
        self.log_dir = log_dir
        self.counts: Counter[str] = Counter()
        self._running: dict[str, subprocess.Popen] = {}
        self._signalled: set[int] = set()
        self._stopping = False
        self._lock = threading.Lock()
        self.lease_ttl = DEFAULT_TTL

    def run(self, job: CrawlJob) -> CrawlOutcome:
        """Run ``job`` to its end (or its timeout) unless it already runs somewhere."""
        outcome = self._run(job)
        self.count(outcome.value)
        return outcome

    def count(self, event: str) -> None:
        with self._lock:
            self.counts[event] += 1

    def _run(self, job: CrawlJob) -> CrawlOutcome:
        if self._stopping:
            return CrawlOutcome.SKIPPED_STOPPING
        lease = Lease(self.database_url, f"job:{job.id}", self.lease_ttl)
        try:
            if not lease.acquire():
                logger.warning("Job %s skipped: the same job is running (its lease is held by "
                               "another scheduler)", job.id)
                return CrawlOutcome.SKIPPED_LOCKED
        except psycopg.OperationalError as exc:
            logger.error("Job %s not run: cannot reach the archive database to lease it: %s",
                         job.id, exc)
            return CrawlOutcome.NO_DATABASE
        try:
            return self._crawl(job, lease)
        finally:
            lease.release()

    def _crawl(self, job: CrawlJob, lease: Lease) -> CrawlOutcome:
        try:
            if not lease.held():
                logger.warning("Job %s skipped: its lease was taken over before the start", job.id)
                return CrawlOutcome.SKIPPED_LOCKED
        except psycopg.OperationalError as exc:
            logger.error("Job %s not run: cannot reach the archive database: %s", job.id, exc)
            return CrawlOutcome.NO_DATABASE
        command = job.command()
        env = {**os.environ, "NEWSBOT_DATABASE_URL": self.database_url}
        with self._output(job) as output, self._lock:
            if self._stopping:
                return CrawlOutcome.SKIPPED_STOPPING
            # Its own session: a Ctrl-C at the daemon's terminal must not reach
            # the crawl directly; the daemon decides when and how it stops.
            process = subprocess.Popen(command, cwd=self.project_dir, env=env,
                                       stdin=subprocess.DEVNULL, stdout=output,
                                       stderr=subprocess.STDOUT if output else None,
                                       start_new_session=True)
            self._running[job.id] = process
        logger.info("Job %s started crawl (pid %d): %s", job.id, process.pid, " ".join(command[2:]))
        started = datetime.now(timezone.utc)
        try:
            try:
                returncode = _wait_holding(process, lease, job.timeout.total_seconds())
            except _LeaseLost:
                logger.error("Job %s: its lease was lost; stopping the crawl", job.id)
                self._terminate(job.id, process)
                return CrawlOutcome.FAILED
            except subprocess.TimeoutExpired:
                logger.error("Job %s: crawl ran past its timeout of %s; stopping it", job.id,
                             job.timeout)
                self._terminate(job.id, process)
                return CrawlOutcome.TIMED_OUT
        finally:
            with self._lock:
                self._running.pop(job.id, None)
        took = datetime.now(timezone.utc) - started
        if self._stopping:
            logger.info("Job %s: crawl stopped with the daemon (exit status %s, after %s)",
                        job.id, returncode, took)
            return CrawlOutcome.STOPPED
        if returncode == 0:
            logger.info("Job %s: crawl finished in %s", job.id, took)
            return CrawlOutcome.FINISHED
        logger.error("Job %s: crawl failed with exit status %s after %s", job.id, returncode, took)
        return CrawlOutcome.FAILED

    def running(self) -> list[str]:
        with self._lock:
            return sorted(self._running)

    def stop_all(self) -> None:
        """Start no more crawls; SIGTERM the running ones and wait for them (SIGKILL after grace)."""
        with self._lock:
            self._stopping = True
            running = dict(self._running)
        threads = [threading.Thread(target=self._terminate, args=(job_id, process))
                   for job_id, process in running.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _terminate(self, job_id: str, process: subprocess.Popen) -> None:
        # One SIGTERM only (a timeout and the daemon's stop may both ask):
        # Scrapy takes a second one as "stop now, uncleanly".
        with self._lock:
            first = process.pid not in self._signalled
            self._signalled.add(process.pid)
        if first and process.poll() is None:
            logger.info("Job %s: sending SIGTERM to crawl (pid %d)", job_id, process.pid)
            _signal(process, signal.SIGTERM)
        try:
            process.wait(timeout=self.stop_grace)
        except subprocess.TimeoutExpired:
            logger.error("Job %s: crawl still running %.0f s after SIGTERM; killing it",
                         job_id, self.stop_grace)
            _signal(process, signal.SIGKILL)
            process.wait()

    @contextmanager
    def _output(self, job: CrawlJob):
        if self.log_dir is None:
            yield None
            return
        self.log_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        with open(self.log_dir / f"{job.id}-{stamp}.log", "ab") as output:
            yield output


class _LeaseLost(Exception):
    pass


def _wait_holding(process: subprocess.Popen, lease: Lease, timeout: float) -> int:
    """``process.wait(timeout)``, raising ``_LeaseLost`` as soon as the lease is lost."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise subprocess.TimeoutExpired(process.args, timeout)
        try:
            return process.wait(timeout=min(remaining, 1.0))
        except subprocess.TimeoutExpired:
            if lease.lost.is_set():
                raise _LeaseLost from None


def _signal(process: subprocess.Popen, signum: int) -> None:
    try:
        process.send_signal(signum)
    except ProcessLookupError:
        pass
