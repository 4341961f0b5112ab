"""Extraction drift: a site changed its layout, and its articles lost their dates.

A crawl counts, per source, how many of the articles it stored had a title, a
body, a date and an author. Compared with that source's earlier runs, a sharp
drop in one of those shares means the extractor no longer finds the field:
the site moved it. This module only counts and compares (no database, no
Scrapy); ``newsbot.drift.archive`` keeps the counts in ``extraction_quality``
and the store pipeline runs it at the end of each crawl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence
from urllib.parse import urlsplit

from newsbot.extraction.article import Article

FIELDS = ("title", "body", "date", "author")


@dataclass(frozen=True)
class DriftConfig:
    """How sharp a drop is an alarm, and what history it is measured against."""

    # A field's share falling by at least this much (0.3 = 30 points) is drift.
    max_drop: float = 0.3
    # Fewer articles than this in a run say too little, now or as history.
    min_articles: int = 5
    # The baseline is the mean share over this many earlier runs of the source.
    history_runs: int = 10

    def __post_init__(self) -> None:
        if not 0 < self.max_drop <= 1:
            raise ValueError(f"NEWSBOT_DRIFT_MAX_DROP must be in (0, 1], got {self.max_drop}")
        if self.min_articles < 1 or self.history_runs < 1:
            raise ValueError("NEWSBOT_DRIFT_MIN_ARTICLES and NEWSBOT_DRIFT_HISTORY_RUNS must be >= 1")

    @classmethod
    def from_settings(cls, settings: Any) -> DriftConfig | None:
        """From Scrapy settings; None when ``NEWSBOT_DRIFT_ENABLED`` is off."""
        if not settings.getbool("NEWSBOT_DRIFT_ENABLED", True):
            return None
        return cls(max_drop=settings.getfloat("NEWSBOT_DRIFT_MAX_DROP", 0.3),
                   min_articles=settings.getint("NEWSBOT_DRIFT_MIN_ARTICLES", 5),
                   history_runs=settings.getint("NEWSBOT_DRIFT_HISTORY_RUNS", 10))


@dataclass
class FieldCounts:
    """Articles of one source in one run, and how many had each field."""

    articles: int = 0
    with_title: int = 0
    with_body: int = 0
    with_date: int = 0
    with_author: int = 0

    def add(self, article: Article) -> None:
        self.articles += 1
        self.with_title += bool(article.title and article.title.strip())
        self.with_body += bool(article.text.strip())
        self.with_date += article.published_at is not None
        self.with_author += bool(article.authors)

    def share(self, name: str) -> float:
        """The share (0-1) of articles that had field ``name`` (one of FIELDS)."""
        if not self.articles:
            return 0.0
        return getattr(self, f"with_{name}") / self.articles


@dataclass
class ExtractionTally:
    """A run's counts, by source (two sources on one host are kept apart)."""

    sources: dict[str, FieldCounts] = field(default_factory=dict)

    def observe(self, source: str, article: Article) -> None:
        self.sources.setdefault(source, FieldCounts()).add(article)

    def __len__(self) -> int:
        return len(self.sources)


@dataclass(frozen=True)
class Drift:
    source: str
    fields: tuple[str, ...]
    # "date 0.00 (was 1.00), author 0.10 (was 0.95) over 3 runs"
    detail: str

    @property
    def message(self) -> str:
        return (f"Extraction drift on source {self.source}: {self.detail}; the site may have "
                "changed its layout")


def domain_of(url: str) -> str:
    """The host without a leading www. (and with its port, when not the scheme's default)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port != {"http": 80, "https": 443}.get(parts.scheme):
        host = f"{host}:{port}"
    return host


def find_drift(source: str, current: FieldCounts, history: Sequence[FieldCounts],
               config: DriftConfig) -> Drift | None:
    """The fields whose share in ``current`` fell sharply against ``history``'s mean.

    Runs with fewer than ``config.min_articles`` articles count neither as the
    current run nor as history: five articles from a small run say little.
    """
    history = [h for h in history if h.articles >= config.min_articles]
    if current.articles < config.min_articles or not history:
        return None
    dropped, parts = [], []
    for name in FIELDS:
        baseline = sum(h.share(name) for h in history) / len(history)
        now = current.share(name)
        if round(baseline - now, 6) >= config.max_drop:
            dropped.append(name)
            parts.append(f"{name} {now:.2f} (was {baseline:.2f})")
    if not dropped:
        return None
    runs = f"{len(history)} run{'s' if len(history) != 1 else ''}"
    return Drift(source, tuple(dropped), f"{', '.join(parts)} over {runs}")
