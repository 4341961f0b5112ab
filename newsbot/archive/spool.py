"""Items that could not be written yet, kept durably on local disk.

When the database goes away in the middle of a crawl, each item is written
here instead, one file per item, atomically (write, fsync, rename), so
neither a crash nor a full outage loses what was already fetched. The store
pipeline drains the spool in order once the database answers again, and a
later crawl drains whatever an earlier one left behind.

Files are JSON with a format version (``"format": 1``), never pickle: a
change to the item classes must not make a waiting item unreadable. Bytes
travel as base64, datetimes as ISO 8601; a field the reading code does not
know is ignored, a field it misses takes its default. Each spool folder
belongs to one archive (``archive_identity.archive_id``, migration 0009), so
items fetched for one database are never written into another.

An item the database refuses for a reason other than an outage (too large,
invalid) is moved to ``rejected/`` with the error, for inspection; it never
blocks the items behind it.
"""

from __future__ import annotations

import base64
import dataclasses
import itertools
import json
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from newsbot.extraction.article import Article
from newsbot.items import ArticleItem, FetchedPage

SPOOL_FORMAT = 1
_SUFFIX = ".json"
REJECTED = "rejected"


class SpoolWriteError(OSError):
    """The spool cannot take an item (disk full, read-only, gone)."""


class SpoolFormatError(ValueError):
    """A spool file this code cannot read: damaged, or (``newer``) written by a later newsbot."""

    def __init__(self, message: str, newer: bool = False):
        super().__init__(message)
        self.newer = newer


@dataclass(frozen=True)
class SpooledItem:
    item: ArticleItem
    # The run that fetched it, which keeps it when a later run writes it.
    run_id: int | None
    # Dedupe settings the item was fingerprinted with (None: dedupe was off);
    # the fingerprint itself is computed again from the text when written.
    dedupe: dict[str, Any] | None = None


class Spool:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._sequence = itertools.count()

    @property
    def rejected_directory(self) -> Path:
        return self.directory / REJECTED

    def put(self, item: SpooledItem) -> Path:
        """Write ``item`` durably; raise ``SpoolWriteError`` (leaving no litter) if impossible."""
        # Names sort in write order, across processes too.
        name = f"{time.time_ns():020d}-{os.getpid()}-{next(self._sequence):06d}{_SUFFIX}"
        return self._write_atomically(self.directory, name, encode(item))

    def pending(self) -> list[Path]:
        if not self.directory.exists():
            return []
        return sorted(self.directory.glob(f"*{_SUFFIX}"))

    def rejected(self) -> list[Path]:
        if not self.rejected_directory.exists():
            return []
        return sorted(self.rejected_directory.glob(f"*{_SUFFIX}"))

    def load(self, path: Path) -> SpooledItem:
        try:
            record = json.loads(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise SpoolFormatError(f"{path}: unreadable spool file: {exc}") from None
        return decode(record, path)

    def set_aside(self, path: Path, error: BaseException) -> Path:
        """Move a spooled file to ``rejected/``, with the error that refused it."""
        try:
            record = json.loads(path.read_bytes())
        except (OSError, ValueError):
            record = {"format": SPOOL_FORMAT, "unreadable": path.read_bytes().decode("latin-1")}
        record["error"] = describe_error(error)
        final = self._write_atomically(self.rejected_directory, path.name,
                                       json.dumps(record).encode())
        self.remove(path)
        return final

    def reject(self, item: SpooledItem, error: BaseException) -> Path:
        """Keep an item the database refused in ``rejected/``, with the error."""
        record = json.loads(encode(item))
        record["error"] = describe_error(error)
        name = f"{time.time_ns():020d}-{os.getpid()}-{next(self._sequence):06d}{_SUFFIX}"
        return self._write_atomically(self.rejected_directory, name, json.dumps(record).encode())

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)

    def __len__(self) -> int:
        return len(self.pending())

    @staticmethod
    def _write_atomically(directory: Path, name: str, data: bytes) -> Path:
        final = directory / name
        temporary = final.with_suffix(".tmp")
        try:
            directory.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            temporary.replace(final)
            _fsync_directory(directory)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise SpoolWriteError(exc.errno, f"cannot write to the spool {directory}: "
                                             f"{exc.strerror or exc}") from exc
        return final


def describe_error(error: BaseException) -> dict[str, Any]:
    return {"type": type(error).__name__, "sqlstate": getattr(error, "sqlstate", None),
            "message": str(error)[:2000], "at": datetime.now().astimezone().isoformat()}


# -- the file format -------------------------------------------------------

def encode(spooled: SpooledItem) -> bytes:
    page = _plain(spooled.item.page)
    # The packed capture is derived from the page's status, headers and body;
    # the writer packs it again for a page read back without one.
    page.pop("capture", None)
    return json.dumps({
        "format": SPOOL_FORMAT,
        "run_id": spooled.run_id,
        "page": page,
        "article": _plain(spooled.item.article),
        "dedupe": spooled.dedupe,
    }).encode()


def decode(record: dict[str, Any], path: Path | str = "spool file") -> SpooledItem:
    if not isinstance(record, dict) or record.get("format") != SPOOL_FORMAT:
        found = record.get("format") if isinstance(record, dict) else None
        raise SpoolFormatError(f"{path}: spool format {found!r}, this newsbot reads "
                               f"{SPOOL_FORMAT}",
                               newer=isinstance(found, int) and found > SPOOL_FORMAT)
    try:
        page = _build(FetchedPage, record["page"], tuples=False)
        article = _build(Article, record["article"], tuples=True)
    except (KeyError, TypeError, ValueError) as exc:
        raise SpoolFormatError(f"{path}: not a spooled item: {exc}") from None
    return SpooledItem(ArticleItem(page, article), record.get("run_id"), record.get("dedupe"))


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _restore(value: Any, tuples: bool) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$base64"}:
            return base64.b64decode(value["$base64"])
        if set(value) == {"$datetime"}:
            return datetime.fromisoformat(value["$datetime"])
        return {k: _restore(v, tuples) for k, v in value.items()}
    if isinstance(value, list):
        items = [_restore(v, tuples) for v in value]
        return tuple(items) if tuples else items
    return value


def _build(cls: type, fields: dict[str, Any], tuples: bool) -> Any:
    known = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: _restore(v, tuples) for k, v in fields.items() if k in known})


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
