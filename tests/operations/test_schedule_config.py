"""The schedule config: layered on the package defaults, checked, errors that name file, job and field."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newsbot.scheduler import ScheduleConfigError, load_schedule
from newsbot.scheduler.config import DEFAULT_SCHEDULE_PATH, advisory_lock_key, cron_trigger


def write(tmp_path, text: str):
    path = tmp_path / "schedule.toml"
    path.write_text(text)
    return path


def test_the_package_defaults_crawl_nightly_and_revisit_hourly():
    config = load_schedule()
    jobs = {job.id: job for job in config.jobs}
    assert jobs["worldnews-nightly"].cron == "0 2 * * *"
    assert jobs["worldnews-nightly"].command("python")[2:] == ["scrapy", "crawl", "worldnews"]
    assert jobs["recrawl-due-hourly"].command("python")[2:] == [
        "scrapy", "crawl", "worldnews", "-a", "listings=off"]
    assert config.timezone == "UTC" and config.misfire_grace_time == timedelta(minutes=15)
    assert config.files == (DEFAULT_SCHEDULE_PATH,)


def test_a_user_file_replaces_scheduler_keys_and_the_job_list(tmp_path):
    path = write(tmp_path, """
[scheduler]
stop_grace = "30s"
crawl_timeout = "1h"

[[job]]
id = "europe-morning"
cron = "15 6 * * 1-5"
only = ["bbc-world", "guardian-world"]
settings = { CLOSESPIDER_TIMEOUT = 3000, NEWSBOT_RECRAWL_ENABLED = false }
""")
    config = load_schedule(path)
    assert config.stop_grace == timedelta(seconds=30)
    assert config.misfire_grace_time == timedelta(minutes=15)  # kept from the defaults
    (job,) = config.jobs
    assert job.timeout == timedelta(hours=1)  # the file's crawl_timeout
    assert job.command("python")[2:] == [
        "scrapy", "crawl", "worldnews", "-a", "only=bbc-world,guardian-world",
        "-s", "CLOSESPIDER_TIMEOUT=3000", "-s", "NEWSBOT_RECRAWL_ENABLED=False"]


def test_cron_weekdays_count_as_cron_does():
    monday = datetime(2026, 11, 23, tzinfo=timezone.utc)  # a Monday
    for expression, day in (("0 2 * * 0", "Sun"), ("0 2 * * 7", "Sun"), ("0 2 * * 1", "Mon"),
                            ("0 2 * * 6", "Sat"), ("0 2 * * sun", "Sun")):
        fire = cron_trigger(expression, "UTC").get_next_fire_time(None, monday + timedelta(hours=3))
        assert fire.strftime("%a") == day, expression
    weekdays = cron_trigger("0 2 * * 1-5", "UTC")
    fires, at = [], monday
    for _ in range(7):
        at = weekdays.get_next_fire_time(None, at + timedelta(minutes=1))
        fires.append(at.strftime("%a"))
    assert fires == ["Mon", "Tue", "Wed", "Thu", "Fri", "Mon", "Tue"]


def test_lock_keys_are_stable_and_distinct():
    assert advisory_lock_key("worldnews-nightly") == advisory_lock_key("worldnews-nightly")
    assert advisory_lock_key("worldnews-nightly") != advisory_lock_key("recrawl-due-hourly")
    assert -2**63 <= advisory_lock_key("x") < 2**63


@pytest.mark.parametrize("text, message", [
    ('[[job]]\nid = "a"\n', "job 'a': fields 'cron', 'every': give exactly one"),
    ('[[job]]\nid = "a"\ncron = "0 25 * * *"\n', "job 'a': field 'cron':"),
    ('[[job]]\nid = "a"\ncron = "0 2 * *"\n', "job 'a': field 'cron': '0 2 * *' has 4 fields"),
    ('[[job]]\nid = "a"\nevery = "soon"\n', "job 'a': field 'every': 'soon' is not a duration"),
    ('[[job]]\nid = "a"\nevery = "1h"\ntimeout = 0\n', "job 'a': field 'timeout':"),
    ('[[job]]\nid = "a"\nevery = "1h"\nspidr = "x"\n', "job 'a': unknown field(s) ['spidr']"),
    ('[[job]]\nid = "A b"\nevery = "1h"\n', "job 'A b': field 'id': missing or not lower-case"),
    ('[[job]]\nevery = "1h"\n', "job #1: field 'id': missing"),
    ('[[job]]\nid = "a"\nevery = "1h"\n[[job]]\nid = "a"\nevery = "2h"\n',
     "job 'a': field 'id': duplicate job id"),
    ('[[job]]\nid = "a"\nevery = "1h"\nsettings = { lower = 1 }\n',
     "job 'a': field 'settings': 'lower' is not a valid name"),
    ('[[job]]\nid = "a"\nevery = "1h"\nargs = { only = "x" }\n', "give source names in 'only'"),
    ('[scheduler]\ntimezone = "Mars/Olympus"\n', "[scheduler]: field 'timezone'"),
    ('[scheduler]\nmisfire = "1m"\n', "[scheduler]: unknown field 'misfire'"),
    ('[jobs]\n', "unknown top-level key(s) ['jobs']"),
    ('[[job]\n', "not valid TOML"),
])
def test_mistakes_name_the_file_job_and_field(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ScheduleConfigError) as error:
        load_schedule(path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ScheduleConfigError, match="schedule file not found"):
        load_schedule(tmp_path / "nope.toml")
