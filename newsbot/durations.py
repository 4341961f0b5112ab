"""The one grammar for lengths of time: ``30s``, ``15m``, ``3h``, ``1d``, ``2w``.

The schedule config (timeouts, ``every``), the sources config
(``recrawl_after``) and the command line (``--since 2h``) all read it, so a
duration written in one place means the same in every other.
"""

from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(r"^(\d+)\s*([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
EXAMPLES = "30s, 15m, 3h, 7d or 2w"


def parse_duration(text: str) -> timedelta:
    """``"30s"``, ``"15m"``, ``"3h"``, ``"7d"``, ``"2w"`` to a positive timedelta."""
    match = _DURATION.match(text.strip().lower()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not a duration such as {EXAMPLES}")
    value = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if not value:
        raise ValueError(f"{text!r}: a duration must be positive")
    return value


def format_duration(value: timedelta) -> str:
    """The shortest exact form: ``timedelta(hours=3)`` is ``"3h"``."""
    seconds = int(value.total_seconds())
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
