"""Progress of the long commands (export, reextract) on stderr, from tqdm.

tqdm draws only when stderr is a terminal, so cron mail and logs stay clean.
"""

from __future__ import annotations

from contextlib import contextmanager

from tqdm import tqdm


class _Bar:
    def __init__(self, bar: tqdm):
        self._bar = bar

    def advance_to(self, done: int) -> None:
        """Callbacks report a running count; tqdm wants the step."""
        self._bar.update(done - self._bar.n)


@contextmanager
def progress_bar(total: int | None, noun: str):
    with tqdm(total=total, unit=f" {noun}", disable=None, leave=False, dynamic_ncols=True,
              mininterval=0.5) as bar:
        yield _Bar(bar)
