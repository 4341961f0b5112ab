"""When to fetch a stored article again: often while it is fresh, then rarely, then never.

Most corrections land in an article's first hours; after a month a change is
rare enough that refetching costs the site more than it gives the archive.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from newsbot.durations import parse_duration

DEFAULT_RECRAWL_AFTER = ("1h", "3h", "12h", "1d", "3d", "7d", "30d")
# The recrawl ages use the one duration grammar (newsbot/durations.py).
parse_interval = parse_duration


def next_fetch_at(first_seen_at: datetime, last_fetched_at: datetime,
                  schedule: tuple[timedelta, ...]) -> datetime | None:
    """The next revisit after ``last_fetched_at``, or None once the schedule is spent.

    Revisits sit at fixed ages after first sight (1 h, 3 h, 12 h ...), so a
    late or missed run does not push the whole schedule back.
    """
    for age in sorted(schedule):
        due = first_seen_at + age
        if due > last_fetched_at:
            return due
    return None
