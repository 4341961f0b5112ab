"""Named SQL statements, kept as .sql files beside this module, and the text they may hold."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TypeVar

T = TypeVar("T")


@cache
def load_query(name: str) -> str:
    """The text of ``queries/<name>.sql``."""
    return (resources.files("newsbot.archive") / "queries" / f"{name}.sql").read_text()


def nul_free(value: T) -> T:
    """``value`` as PostgreSQL text can hold it: without NUL characters (pages from
    the wild sometimes carry them); lists item by item, anything else unchanged."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [nul_free(item) for item in value]
    return value
