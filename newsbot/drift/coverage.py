"""Coverage: of the pages a source's listings named, how many were stored.

A source lists its articles in feeds, sitemaps and sections; a run that
stores far fewer of them than it used to (or, on a source's first runs, far
fewer than all of them) has a problem that no error shows: pages dropped as
non-articles, a changed layout, a blocked crawler. This module only counts
and compares (no database, no Scrapy); ``newsbot.archive.coverage`` records
the counts in ``crawl_source_pages`` and ``crawl_drops`` at the end of a crawl.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from newsbot.drift import DriftConfig

# Without history (a source's first runs) only a source that stores less
# than half of what its listings name is an alarm: sitemaps list tag and
# about pages too, so a healthy source stores somewhat less than all.
FIRST_RUN_FLOOR = 0.5


@dataclass
class SourcePages:
    """One source in one run: pages listed, stored, and dropped per reason."""

    listed: int = 0
    stored: int = 0
    # Drops of listed pages (revisits are not part of coverage), by reason.
    dropped: Counter = field(default_factory=Counter)
    # Every drop, revisits included, by reason: what crawl_drops records.
    all_drops: Counter = field(default_factory=Counter)

    @property
    def coverage(self) -> float | None:
        """stored / listed; None when nothing was listed."""
        return min(1.0, self.stored / self.listed) if self.listed else None


@dataclass
class CoverageTally:
    sources: dict[str, SourcePages] = field(default_factory=dict)

    def pages(self, source: str) -> SourcePages:
        return self.sources.setdefault(source, SourcePages())

    def stored(self, source: str, revisit: bool) -> None:
        if not revisit:
            self.pages(source).stored += 1

    def dropped(self, source: str, reason: str, revisit: bool) -> None:
        pages = self.pages(source)
        pages.all_drops[reason] += 1
        if not revisit:
            pages.dropped[reason] += 1


@dataclass(frozen=True)
class CoverageDrop:
    source: str
    coverage: float
    baseline: float
    runs: int
    top_reasons: tuple[tuple[str, int], ...]

    @property
    def message(self) -> str:
        was = (f"was {self.baseline:.2f} over {self.runs} run{'s' if self.runs != 1 else ''}"
               if self.runs else f"less than {FIRST_RUN_FLOOR:.2f} on its first runs")
        reasons = ", ".join(f"{reason} {n}" for reason, n in self.top_reasons) or "none recorded"
        return (f"Coverage drop on source {self.source}: stored {self.coverage:.2f} of the "
                f"pages its listings named ({was}); dropped: {reasons}")


def find_coverage_drop(source: str, current: SourcePages, history: Sequence[tuple[int, int]],
                       config: DriftConfig) -> CoverageDrop | None:
    """An alarm when ``current``'s stored share fell ``config.max_drop`` below its baseline.

    ``history`` holds (listed, stored) of earlier runs, newest first; runs
    that listed fewer than ``config.min_articles`` pages say too little and
    are ignored, now and as history.
    """
    coverage = current.coverage
    if coverage is None or current.listed < config.min_articles:
        return None
    shares = [min(1.0, stored / listed) for listed, stored in history
              if listed >= config.min_articles][: config.history_runs]
    if shares:
        baseline = sum(shares) / len(shares)
        if round(baseline - coverage, 6) < config.max_drop:
            return None
    elif coverage >= FIRST_RUN_FLOOR:
        return None
    else:
        baseline = 1.0
    return CoverageDrop(source, coverage, baseline, len(shares),
                        tuple(current.dropped.most_common(3)))
