"""Reading newsbot's TOML config files (sources, schedule) with one kind of error.

A missing file, a file that is not TOML (or not UTF-8) and an unknown
top-level key are each one line naming the file, raised as the config's own
error class (``SourcesConfigError``, ``ScheduleConfigError``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any


def read_toml(path: Path, kind: str, error: type[Exception], top_level: Collection[str],
              expected: str) -> dict[str, Any]:
    """The top-level table of the ``kind`` file at ``path`` (e.g. "sources")."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: {kind} file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(f"{path}: not valid TOML: {exc}") from None
    unknown = set(data) - set(top_level)
    if unknown:
        raise error(f"{path}: unknown top-level key(s) {sorted(unknown)}; expected {expected}")
    return data
