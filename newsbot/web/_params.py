"""Query parameters read strictly: a malformed one is a 400 page that says which and why."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from starlette.datastructures import QueryParams

# PostgreSQL's bigint: a larger id cannot exist, so it is "not found", not an error.
MAX_ID = 2**63 - 1
MAX_TEXT = 500


class BadRequest(Exception):
    """A malformed query parameter; the message is shown on the 400 page."""


class Params:
    def __init__(self, query: QueryParams) -> None:
        self.query = query

    def _raw(self, name: str) -> str | None:
        values = self.query.getlist(name)
        if len(values) > 1:
            raise BadRequest(f"{name}: given {len(values)} times, expected once")
        value = values[0].strip() if values else ""
        return value or None

    def text(self, name: str) -> str | None:
        value = self._raw(name)
        if value is not None and len(value) > MAX_TEXT:
            raise BadRequest(f"{name}: longer than {MAX_TEXT} characters")
        if value is not None and "\x00" in value:
            raise BadRequest(f"{name}: contains a NUL character")
        return value

    def integer(self, name: str, default: int | None = None, minimum: int = 1,
                maximum: int = MAX_ID) -> int | None:
        value = self._raw(name)
        if value is None:
            return default
        if not value.isascii() or not value.isdigit():
            raise BadRequest(f"{name}: {value!r} is not a whole number")
        number = int(value)
        if not minimum <= number <= maximum:
            raise BadRequest(f"{name}: {number} is outside {minimum}..{maximum}")
        return number

    def day(self, name: str) -> date | None:
        value = self._raw(name)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise BadRequest(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None

    def flag(self, name: str) -> bool:
        value = self._raw(name)
        if value in (None, "0", "off", "false", "no"):
            return False
        if value in ("1", "on", "true", "yes"):
            return True
        raise BadRequest(f"{name}: {value!r} is not one of 1, 0, on, off, true, false")

    def choice(self, name: str, choices: tuple[str, ...]) -> str | None:
        value = self._raw(name)
        if value is not None and value not in choices:
            raise BadRequest(f"{name}: {value!r} is not one of {', '.join(choices)}")
        return value


def day_start(day: date | None, tz=timezone.utc) -> datetime | None:
    """The first moment of ``day`` (in the site's time zone)."""
    return None if day is None else datetime.combine(day, time(), tzinfo=tz)


def day_after(day: date | None, tz=timezone.utc) -> datetime | None:
    """The first moment after ``day``: a "to" date includes its whole day."""
    return None if day is None else datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)
