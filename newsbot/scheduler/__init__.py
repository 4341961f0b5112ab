"""``newsbot schedule``: the daemon that runs the crawls on their schedule.

``config`` reads the schedule (TOML), ``crawl`` runs one crawl subprocess
under a lease (a heartbeat-kept row) with a timeout, ``jobstore`` keeps
the jobs in memory and their next runs in the archive (``scheduler_job_state``), ``daemon`` wires them together
and handles SIGTERM.
"""

from newsbot.scheduler.config import (
                                      DEFAULT_SCHEDULE_PATH,
                                      SCHEDULE_ENV,
                                      CrawlJob,
                                      ScheduleConfig,
                                      ScheduleConfigError,
                                      load_schedule,
)
from newsbot.scheduler.crawl import CrawlOutcome, CrawlRunner
from newsbot.scheduler.daemon import SchedulerDaemon

__all__ = ["DEFAULT_SCHEDULE_PATH", "SCHEDULE_ENV", "CrawlJob", "CrawlOutcome", "CrawlRunner",
           "ScheduleConfig", "ScheduleConfigError", "SchedulerDaemon", "load_schedule"]
