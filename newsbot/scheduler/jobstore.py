"""The daemon's job store: APScheduler's in-memory store, its next runs kept in the archive.

APScheduler's guide says a persistent job store must never be shared between
schedulers, and its SQLAlchemy store was newsbot's only use of SQLAlchemy. So
each daemon schedules from memory, built from its config, and writes through
to ``scheduler_job_state`` (migration 0012) only each job's next run time:
that is all a restart needs to run a job it missed while it was down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg
from apscheduler.jobstores.memory import MemoryJobStore
from psycopg.rows import class_row


@dataclass(frozen=True)
class StoredJob:
    job_id: str
    trigger: str
    next_run_at: datetime | None


class ArchiveBackedJobStore(MemoryJobStore):
    """A ``MemoryJobStore`` that records each job's next run in ``scheduler_job_state``.

    ``describe`` maps a job id to the description of its trigger (stored beside
    the time, so a changed trigger is not mistaken for the same job).
    """

    def __init__(self, conninfo: str, describe):
        super().__init__()
        self.conninfo = conninfo
        self.describe = describe

    def stored(self) -> dict[str, StoredJob]:
        with psycopg.connect(self.conninfo) as conn, \
                conn.cursor(row_factory=class_row(StoredJob)) as cur:
            rows = cur.execute("SELECT job_id, trigger, next_run_at FROM scheduler_job_state")
            return {row.job_id: row for row in rows}

    def forget(self, job_id: str) -> None:
        with psycopg.connect(self.conninfo) as conn:
            conn.execute("DELETE FROM scheduler_job_state WHERE job_id = %(id)s", {"id": job_id})

    def add_job(self, job) -> None:
        super().add_job(job)
        self._record(job)

    def update_job(self, job) -> None:
        super().update_job(job)
        self._record(job)

    def _record(self, job) -> None:
        with psycopg.connect(self.conninfo) as conn:
            conn.execute(
                "INSERT INTO scheduler_job_state (job_id, trigger, next_run_at)"
                " VALUES (%(id)s, %(trigger)s, %(next)s)"
                " ON CONFLICT (job_id) DO UPDATE SET trigger = excluded.trigger,"
                " next_run_at = excluded.next_run_at, updated_at = now()",
                {"id": job.id, "trigger": self.describe(job.id), "next": job.next_run_time})
