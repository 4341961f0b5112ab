"""The schedule config: which crawls the daemon runs, and when.

Defaults sit in ``newsbot/schedule.toml`` inside the package (commented); a
user file named by ``--config`` or ``NEWSBOT_SCHEDULE`` is layered on top:
its ``[scheduler]`` keys replace the defaults' one by one, and its
``[[job]]`` list, if it has one, replaces the defaults' jobs. Everything is
checked when loaded; an error names the file, the job and the field.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from newsbot.durations import format_duration
from newsbot.durations import parse_duration as parse_text_duration
from newsbot.toml_files import read_toml

DEFAULT_SCHEDULE_PATH = Path(__file__).resolve().parents[1] / "schedule.toml"
SCHEDULE_ENV = "NEWSBOT_SCHEDULE"

_JOB_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
_SPIDER = re.compile(r"^[A-Za-z0-9_]+$")
_SETTING = re.compile(r"^[A-Z][A-Z0-9_]*$")
# A day-of-week number not part of a step ("*/2"): cron's 0 and 7 are Sunday.
_WEEKDAY_NUMBER = re.compile(r"(?<![/\d])([0-7])(?!\d)")
_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")

_SCHEDULER_KEYS = {"timezone", "misfire_grace_time", "crawl_timeout", "stop_grace", "log_dir"}
_JOB_KEYS = {"id", "spider", "cron", "every", "only", "args", "settings", "timeout", "enabled"}


class ScheduleConfigError(ValueError):
    """The schedule config is wrong; the message names the file, job and field."""


@dataclass(frozen=True)
class CrawlJob:
    """One scheduled crawl: ``scrapy crawl <spider> [-a ...] [-s ...]`` on a trigger."""

    id: str
    spider: str
    timeout: timedelta
    cron: str | None = None
    every: timedelta | None = None
    only: tuple[str, ...] = ()
    args: tuple[tuple[str, str], ...] = ()
    settings: tuple[tuple[str, str], ...] = ()
    enabled: bool = True

    def trigger(self, timezone: str) -> BaseTrigger:
        if self.cron is not None:
            return cron_trigger(self.cron, timezone)
        return IntervalTrigger(seconds=self.every.total_seconds(), timezone=timezone)

    def describe_trigger(self) -> str:
        return f"cron {self.cron}" if self.cron is not None else f"every {format_duration(self.every)}"

    def command(self, python: str = sys.executable) -> list[str]:
        """The crawl's command line (run in the project directory)."""
        command = [python, "-m", "scrapy", "crawl", self.spider]
        if self.only:
            command += ["-a", "only=" + ",".join(self.only)]
        for name, value in self.args:
            command += ["-a", f"{name}={value}"]
        for name, value in self.settings:
            command += ["-s", f"{name}={value}"]
        return command

    @property
    def lock_key(self) -> int:
        """The PostgreSQL advisory-lock key of this job: the same on every machine."""
        return advisory_lock_key(self.id)


@dataclass(frozen=True)
class ScheduleConfig:
    jobs: tuple[CrawlJob, ...]
    timezone: str = "UTC"
    # A run missed by less than this (daemon down or busy) still runs, once.
    misfire_grace_time: timedelta = timedelta(minutes=15)
    # After SIGTERM to a crawl (timeout, or the daemon stopping): wait this long, then SIGKILL.
    stop_grace: timedelta = timedelta(minutes=2)
    # Each crawl's output goes to <log_dir>/<job>-<time>.log; None: the daemon's stderr.
    log_dir: Path | None = None
    files: tuple[Path, ...] = ()

    @property
    def enabled_jobs(self) -> tuple[CrawlJob, ...]:
        return tuple(job for job in self.jobs if job.enabled)


def advisory_lock_key(job_id: str) -> int:
    digest = hashlib.blake2b(f"newsbot-scheduler:{job_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def cron_trigger(expression: str, timezone: str) -> CronTrigger:
    """A 5-field crontab expression as cron reads it (APScheduler's numbers start the week on Monday)."""
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"{expression!r} has {len(fields)} fields; a crontab expression has 5 "
                         "(minute hour day-of-month month day-of-week)")
    fields[4] = _WEEKDAY_NUMBER.sub(lambda m: _WEEKDAYS[int(m.group(1))], fields[4])
    return CronTrigger.from_crontab(" ".join(fields), timezone=timezone)


def parse_duration(value: Any) -> timedelta:
    """``90`` (seconds, a TOML integer) or the shared grammar (``"15m"``, ``"3h"``) to a timedelta."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value <= 0:
            raise ValueError(f"{value!r}: a duration must be positive")
        return timedelta(seconds=value)
    return parse_text_duration(value)


def load_schedule(path: str | Path | None = None) -> ScheduleConfig:
    """The package defaults with ``path`` (if any) layered on top, checked."""
    defaults = _read(DEFAULT_SCHEDULE_PATH)
    files = [DEFAULT_SCHEDULE_PATH]
    scheduler = {key: (value, DEFAULT_SCHEDULE_PATH)
                 for key, value in defaults.get("scheduler", {}).items()}
    jobs = [(entry, DEFAULT_SCHEDULE_PATH) for entry in defaults.get("job", [])]
    if path is not None:
        path = Path(path)
        user = _read(path)
        files.append(path)
        scheduler.update({key: (value, path) for key, value in user.get("scheduler", {}).items()})
        if "job" in user:
            jobs = [(entry, path) for entry in user["job"]]

    options: dict[str, Any] = {}
    for key, (value, source) in scheduler.items():
        options[key] = _scheduler_option(key, value, f"{source}: [scheduler]: field {key!r}")
    crawl_timeout = options.pop("crawl_timeout", timedelta(hours=6))
    timezone = options.get("timezone", "UTC")

    parsed: list[CrawlJob] = []
    for index, (entry, source) in enumerate(jobs, start=1):
        where = f"{source}: job #{index}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where = f"{source}: job {entry['id']!r}"
        job = _parse_job(entry, where, crawl_timeout, timezone)
        if any(other.id == job.id for other in parsed):
            raise ScheduleConfigError(f"{where}: field 'id': duplicate job id")
        parsed.append(job)
    return ScheduleConfig(jobs=tuple(parsed), files=tuple(files), **options)


def _read(path: Path) -> dict[str, Any]:
    data = read_toml(path, "schedule", ScheduleConfigError, {"scheduler", "job"},
                     "[scheduler] and [[job]]")
    if not isinstance(data.get("scheduler", {}), dict):
        raise ScheduleConfigError(f"{path}: [scheduler] must be a table")
    if not isinstance(data.get("job", []), list):
        raise ScheduleConfigError(f"{path}: job must be an array of tables: [[job]]")
    for key in data.get("scheduler", {}):
        if key not in _SCHEDULER_KEYS:
            raise ScheduleConfigError(f"{path}: [scheduler]: unknown field {key!r} "
                                      f"(known: {sorted(_SCHEDULER_KEYS)})")
    return data


def _scheduler_option(key: str, value: Any, where: str) -> Any:
    try:
        if key == "timezone":
            if not isinstance(value, str):
                raise ValueError("must be a time-zone name such as UTC or Europe/London")
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"{value!r} is not a known time zone") from None
            return value
        if key == "log_dir":
            if not isinstance(value, str):
                raise ValueError("must be a path")
            return Path(value).expanduser() if value else None
        return parse_duration(value)
    except ValueError as exc:
        raise ScheduleConfigError(f"{where}: {exc}") from None


def _parse_job(entry: Any, where: str, crawl_timeout: timedelta, timezone: str) -> CrawlJob:
    if not isinstance(entry, dict):
        raise ScheduleConfigError(f"{where}: must be a table")
    unknown = set(entry) - _JOB_KEYS
    if unknown:
        raise ScheduleConfigError(f"{where}: unknown field(s) {sorted(unknown)} "
                                  f"(known: {sorted(_JOB_KEYS)})")
    job_id = entry.get("id")
    if not isinstance(job_id, str) or not _JOB_ID.match(job_id):
        raise ScheduleConfigError(f"{where}: field 'id': missing or not lower-case letters, "
                                  "digits, '-' or '_'")
    spider = entry.get("spider", "worldnews")
    if not isinstance(spider, str) or not _SPIDER.match(spider):
        raise ScheduleConfigError(f"{where}: field 'spider': {spider!r} is not a spider name")
    if ("cron" in entry) == ("every" in entry):
        raise ScheduleConfigError(f"{where}: fields 'cron', 'every': give exactly one, "
                                  "e.g. cron = \"0 2 * * *\" or every = \"1h\"")
    values: dict[str, Any] = {"id": job_id, "spider": spider}
    try:
        if "cron" in entry:
            field = "cron"
            if not isinstance(entry["cron"], str):
                raise ValueError("must be a crontab expression such as \"0 2 * * *\"")
            cron_trigger(entry["cron"], timezone)
            values["cron"] = " ".join(entry["cron"].split())
        else:
            field = "every"
            values["every"] = parse_duration(entry["every"])
        field = "timeout"
        values["timeout"] = parse_duration(entry.get("timeout", int(crawl_timeout.total_seconds())))
        field = "only"
        values["only"] = _names(entry.get("only", []))
        field = "args"
        values["args"] = _pairs(entry.get("args", {}), lambda k: re.match(r"^[a-z_][a-z0-9_]*$", k))
        field = "settings"
        values["settings"] = _pairs(entry.get("settings", {}), _SETTING.match)
        field = "enabled"
        if not isinstance(entry.get("enabled", True), bool):
            raise ValueError("must be true or false")
        values["enabled"] = entry.get("enabled", True)
    except ValueError as exc:
        raise ScheduleConfigError(f"{where}: field {field!r}: {exc}") from None
    if "only" in dict(values["args"]):
        raise ScheduleConfigError(f"{where}: field 'args': give source names in 'only', "
                                  "not args.only")
    return CrawlJob(**values)


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("must be a list of source names, e.g. [\"bbc-world\"]")
    return tuple(v.strip() for v in value)


def _pairs(value: Any, name_ok) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise ValueError("must be a table, e.g. { NAME = \"value\" }")
    pairs = []
    for name, item in value.items():
        if not name_ok(name):
            raise ValueError(f"{name!r} is not a valid name")
        if isinstance(item, bool):
            item = "True" if item else "False"
        if not isinstance(item, (str, int, float)):
            raise ValueError(f"{name}: value must be a string, number or boolean")
        pairs.append((name, str(item)))
    return tuple(pairs)
