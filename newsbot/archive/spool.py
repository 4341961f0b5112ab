"""Items that could not be written yet, kept durably on local disk.

When the database goes away in the middle of a crawl, each item is written
here instead, one file per item, atomically (write, fsync, rename), so
neither a crash nor a full outage loses what was already fetched. The store
pipeline drains the spool in order once the database answers again, and a
later crawl drains whatever an earlier one left behind.
"""

from __future__ import annotations

import itertools
import os
import pickle
import time
from dataclasses import dataclass
from pathlib import Path

from newsbot.items import ArticleItem


@dataclass(frozen=True)
class SpooledItem:
    item: ArticleItem
    # The run that fetched it, which keeps it when a later run writes it.
    run_id: int | None


class Spool:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._sequence = itertools.count()

    def put(self, item: SpooledItem) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        # Names sort in write order, across processes too.
        name = f"{time.time_ns():020d}-{os.getpid()}-{next(self._sequence):06d}.item"
        final = self.directory / name
        temporary = final.with_suffix(".tmp")
        with open(temporary, "wb") as f:
            pickle.dump(item, f, protocol=pickle.HIGHEST_PROTOCOL)
            f.flush()
            os.fsync(f.fileno())
        temporary.replace(final)
        _fsync_directory(self.directory)
        return final

    def pending(self) -> list[Path]:
        if not self.directory.exists():
            return []
        return sorted(self.directory.glob("*.item"))

    def load(self, path: Path) -> SpooledItem:
        with open(path, "rb") as f:
            return pickle.load(f)  # our own files, written by put()

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)

    def __len__(self) -> int:
        return len(self.pending())


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
