"""Change summaries and the recrawl schedule."""

from datetime import datetime, timedelta, timezone

import pytest

from newsbot.versions.diff import summarise_change
from newsbot.versions.recrawl import DEFAULT_RECRAWL_AFTER, next_fetch_at, parse_interval


def test_word_counts_and_title_flag():
    change = summarise_change("Old title", "One two three.\n\nFour five.",
                              "New title", "One two three.\n\nFour five six seven.")
    assert (change.words_added, change.words_removed) == (3, 1)
    assert change.title_changed
    assert "-# Old title" in change.diff and "+# New title" in change.diff
    assert "+Four five six seven." in change.diff


def test_no_change_is_empty():
    change = summarise_change("T", "Same.", "T", "Same.")
    assert change.size == 0 and not change.title_changed and change.diff == ""


@pytest.mark.parametrize("text, expected", [
    ("45m", timedelta(minutes=45)), ("3h", timedelta(hours=3)),
    ("7d", timedelta(days=7)), ("2w", timedelta(weeks=2)),
])
def test_intervals(text, expected):
    assert parse_interval(text) == expected


@pytest.mark.parametrize("bad", ["", "3", "h", "3y", "-1h"])
def test_bad_intervals_are_refused(bad):
    with pytest.raises(ValueError):
        parse_interval(bad)


def test_the_schedule_thins_out_then_stops():
    schedule = tuple(parse_interval(t) for t in DEFAULT_RECRAWL_AFTER)
    first = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    assert next_fetch_at(first, first, schedule) == first + timedelta(hours=1)
    assert next_fetch_at(first, first + timedelta(hours=1), schedule) == first + timedelta(hours=3)
    # A late run does not shift the schedule: the next slot is still at a fixed age.
    assert next_fetch_at(first, first + timedelta(hours=20), schedule) == first + timedelta(days=1)
    assert next_fetch_at(first, first + timedelta(days=30), schedule) is None
