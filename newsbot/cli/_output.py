"""The output formats every read command shares: an aligned table (default), ``--csv``, ``--json``."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import click

from newsbot.durations import EXAMPLES, parse_duration

TABLE_CELL_WIDTH = 60


def output_options(command: Callable) -> Callable:
    """Add ``--table`` (default), ``--csv`` and ``--json``, passed as ``fmt``."""
    for option in reversed((
        click.option("--table", "fmt", flag_value="table", default=True,
                     help="Print an aligned table (the default)."),
        click.option("--csv", "fmt", flag_value="csv", help="Print CSV with a header row."),
        click.option("--json", "fmt", flag_value="json", help="Print a JSON array of objects."),
    )):
        command = option(command)
    return command


def emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str,
         empty: str = "no rows") -> None:
    """Print ``rows`` (dicts) in ``fmt``; only ``columns``, in that order."""
    if fmt == "json":
        click.echo(json.dumps([{c: json_value(row.get(c)) for c in columns} for row in rows],
                              indent=2, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([text_value(row.get(c), full=True) for c in columns])
    elif not rows:
        click.echo(empty, err=True)
    else:
        click.echo(render_table(rows, columns))


def render_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    # The last column may run long (warnings, URLs) without upsetting the alignment.
    cells = [[text_value(row.get(c), cut=c != columns[-1]) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [all(_is_number(row.get(c)) for row in rows) for c in columns]

    # Times are printed in UTC; the header says so, as a bare time would not.
    headers = [f"{c} (UTC)" if any(isinstance(row.get(c), datetime) for row in rows) else c
               for c in columns]
    widths = [max(w, len(h)) for w, h in zip(widths, headers)]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, cells)])


def text_value(value: Any, full: bool = False, cut: bool = True) -> str:
    """A value as CSV or table text: UTC times, durations as 1h02m03s, lists joined by '; '."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc)
        text = value.isoformat() if full else value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, timedelta):
        text = str(round(value.total_seconds(), 3)) if full else format_elapsed(value)
    elif isinstance(value, (list, tuple)):
        text = "; ".join(text_value(v, full) for v in value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = str(value)
    if not full:
        text = " ".join(text.split())
        # URLs stay whole: a cut one is useless to paste.
        if cut and len(text) > TABLE_CELL_WIDTH and not text.startswith(("http://", "https://")):
            text = text[:TABLE_CELL_WIDTH - 1] + "…"
    return text


def json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return round(value.total_seconds(), 3)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


def format_elapsed(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{seconds:02d}s"
    if minutes:
        return f"{minutes}m{seconds:02d}s"
    return f"{seconds}s"


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float, Decimal)) and not isinstance(value, bool))


class MomentType(click.ParamType):
    """A time on the command line: a date, a date and time (UTC unless it has an
    offset), or a duration back from now (``2h``, ``3d``: the shared grammar)."""

    name = "time"
    _DATES = click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
                                     "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z"])

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            return datetime.now(timezone.utc) - parse_duration(value)
        except ValueError:
            pass
        try:
            return self._DATES.convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"{value!r} is neither a date (2026-03-01, 2026-03-01T08:00:00, with an "
                      f"optional +01:00) nor a duration back from now ({EXAMPLES})", param, ctx)


TIME = MomentType()


def as_utc(moment: datetime | None) -> datetime | None:
    """A time from the command line: naive means UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment
