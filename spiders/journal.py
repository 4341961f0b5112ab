"""The crawl's frontier on disk, so a crawl killed with -9 resumes without loss.

With ``JOBDIR`` set, Scrapy keeps its pending requests on disk, but writes
where its queues stand only on a clean stop: after SIGKILL it restarts with
an empty queue and a dupefilter that remembers every URL it ever saw, so
the rest of the crawl is silently never fetched. This journal is the
frontier instead: every request is recorded the moment it is scheduled
(``request_scheduled``), and crossed off when its work is done (its item
stored or dropped, its listing read) or when it failed (download error,
error status, an exception in its callback, dropped by the scheduler). A
restart with the same ``JOBDIR`` requests again (``dont_filter``) whatever is
still open, and drops Scrapy's own queue, which holds nothing the journal
does not. A page fetched twice costs a request, never a duplicate: the
store is idempotent.

Each line reaches the operating system when written (which is what survives
SIGKILL) and the file is fsynced every ``NEWSBOT_JOURNAL_SYNC_EVERY``
lines and when the crawl closes (what survives a power cut). The file is
rewritten with only the open entries once it holds
``NEWSBOT_JOURNAL_COMPACT_LINES`` lines more than that, so it never grows
without bound.

Settings read: ``JOBDIR``; ``NEWSBOT_JOURNAL_SYNC_EVERY`` (int, 200),
``NEWSBOT_JOURNAL_COMPACT_LINES`` (int, 20000).

Stats written: ``newsbot/journal/recorded``, ``newsbot/journal/done``,
``newsbot/journal/failed``, ``newsbot/journal/resumed``,
``newsbot/journal/compacted``.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from scrapy import signals

logger = logging.getLogger(__name__)
META_KEY = "newsbot_journal"
ID_KEY = "newsbot_journal_id"
_FILE = "newsbot-frontier.jsonl"
_FINISHED = "newsbot-finished"
# The first version's journal (requests in the downloader only), read once on upgrade.
_LEGACY_FILE = "newsbot-inflight.jsonl"


class InflightJournal:
    def __init__(self, path: Path | None, crawler=None, sync_every: int = 200,
                 compact_lines: int = 20_000):
        self.path = path
        # The spider (and this with it) is built before the crawler's stats exist.
        self.crawler = crawler
        self.sync_every = max(1, sync_every)
        self.compact_lines = max(100, compact_lines)
        self._fd: int | None = None
        self._open: dict[str, dict[str, Any]] = {}
        self._lines = 0
        self._unsynced = 0
        # Ids unique across processes: a resumed run's requests never take an old id.
        prefix = secrets.token_hex(4)
        self._ids = (f"{prefix}.{n}" for n in itertools.count())

    @classmethod
    def from_crawler(cls, crawler) -> InflightJournal:
        settings = crawler.settings
        jobdir = settings.get("JOBDIR")
        journal = cls(Path(jobdir) / _FILE if jobdir else None, crawler,
                      settings.getint("NEWSBOT_JOURNAL_SYNC_EVERY", 200),
                      settings.getint("NEWSBOT_JOURNAL_COMPACT_LINES", 20_000))
        if journal.enabled:
            journal._prepare_jobdir(Path(jobdir))
            crawler.signals.connect(journal._scheduled, signals.request_scheduled)
            crawler.signals.connect(journal._request_dropped, signals.request_dropped)
            for signal in (signals.item_scraped, signals.item_dropped):
                crawler.signals.connect(journal._item_done, signal)
            crawler.signals.connect(journal._item_error, signals.item_error)
            crawler.signals.connect(journal._spider_error, signals.spider_error)
            crawler.signals.connect(journal._spider_closed, signals.spider_closed)
        return journal

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def pending(self) -> list[dict[str, Any]]:
        """Entries an earlier process recorded and never crossed off, oldest first."""
        if not self.enabled:
            return []
        self._open = _replay(self.path) if self.path.exists() else {}
        self._adopt_legacy_journal()
        self._rewrite()  # the new journal starts from what is still open
        if self._open:
            logger.info("Resuming %d request(s) still open when the crawl stopped (%s)",
                        len(self._open), self.path)
            self._inc("newsbot/journal/resumed", len(self._open))
        return [{**record, ID_KEY: key} for key, record in self._open.items()]

    def entry(self, url: str, callback: str, **fields: Any) -> dict[str, Any]:
        """The request meta that puts a request in the journal."""
        return {META_KEY: {"url": url, "callback": callback, **fields}} if self.enabled else {}

    def finished(self, request_or_response) -> None:
        """Cross off the request behind ``request_or_response`` (its work is done)."""
        self._cross_off(_meta(request_or_response), "newsbot/journal/done")

    def failed(self, request_or_response) -> None:
        """Cross off a request that failed for good (counted apart)."""
        self._cross_off(_meta(request_or_response), "newsbot/journal/failed")

    # -- signal handlers ---------------------------------------------------

    def _scheduled(self, request, spider) -> None:
        record = request.meta.get(META_KEY)
        # A redirect or a retry carries the original's id: the same work.
        if record is None or ID_KEY in request.meta:
            return
        key = next(self._ids)
        request.meta[ID_KEY] = key
        self._open[key] = record
        self._write("+", {"id": key, **record})
        self._inc("newsbot/journal/recorded")

    def _request_dropped(self, request, spider) -> None:
        # Refused by the scheduler (a URL already seen): another request does the work.
        self._cross_off(request.meta, "newsbot/journal/done")

    def _item_done(self, item, response, spider, **kwargs) -> None:
        if response is not None:
            self.finished(response)

    def _item_error(self, item, response, spider, failure) -> None:
        from newsbot.archive.spooling_store import SpoolUnwritable

        # An item that could be neither stored nor spooled stays open: the
        # resumed crawl fetches it again.
        if response is not None and not failure.check(SpoolUnwritable):
            self.failed(response)

    def _spider_error(self, failure, response, spider) -> None:
        if response is not None:
            self.failed(response)

    def _spider_closed(self, spider, reason) -> None:
        if reason == "finished":
            # A finished job leaves a mark: running it again is said to do nothing.
            self._close()
            self.path.unlink(missing_ok=True)
            (self.path.parent / _FINISHED).write_text(json.dumps({"open": len(self._open)}))
            return
        self._sync()
        self._close()

    # -- the file ----------------------------------------------------------

    def _prepare_jobdir(self, jobdir: Path) -> None:
        finished = jobdir / _FINISHED
        if finished.exists():
            # Every request of that job was done and is in its dupefilter:
            # the same JOBDIR again would fetch nothing and say nothing.
            logger.warning("JOBDIR %s holds a finished crawl; starting a fresh job there", jobdir)
            for name in ("requests.seen", "requests.queue", "spider.state", _FINISHED):
                target = jobdir / name
                if target.is_dir():
                    shutil.rmtree(target)
                else:
                    target.unlink(missing_ok=True)
        elif self.path.exists():
            # What Scrapy's queue holds is open in the journal too; after a
            # kill its state is stale anyway. One frontier: the journal's.
            shutil.rmtree(jobdir / "requests.queue", ignore_errors=True)

    def _adopt_legacy_journal(self) -> None:
        """Take over the open entries of the first version's in-flight journal (keyed by URL)."""
        legacy = self.path.parent / _LEGACY_FILE
        if not legacy.exists():
            return
        by_url: dict[str, dict[str, Any]] = {}
        for line in legacy.read_text(errors="replace").splitlines():
            try:
                mark, record = line[0], json.loads(line[2:])
            except (IndexError, ValueError):
                continue
            if mark == "+":
                by_url[record["url"]] = record
            elif mark == "-":
                by_url.pop(record.get("url"), None)
        for record in by_url.values():
            self._open[next(self._ids)] = record
        legacy.unlink()

    def _cross_off(self, meta, stat: str) -> None:
        key = meta.get(ID_KEY) if meta else None
        if key is None or self._open.pop(key, None) is None:
            return
        self._write("-", {"id": key})
        self._inc(stat)
        if self._lines > len(self._open) + self.compact_lines:
            self._rewrite()
            self._inc("newsbot/journal/compacted")

    def _write(self, mark: str, record: dict[str, Any]) -> None:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        # One write per line: in the OS's hands at once, so SIGKILL loses nothing.
        os.write(self._fd, f"{mark} {json.dumps(record)}\n".encode())
        self._lines += 1
        self._unsynced += 1
        if self._unsynced >= self.sync_every:
            self._sync()

    def _sync(self) -> None:
        if self._fd is not None and self._unsynced:
            os.fsync(self._fd)
            self._unsynced = 0

    def _rewrite(self) -> None:
        self._close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with open(temporary, "w") as f:
            for key, record in self._open.items():
                f.write(f"+ {json.dumps({'id': key, **record})}\n")
            f.flush()
            os.fsync(f.fileno())
        temporary.replace(self.path)
        self._lines = len(self._open)

    def _close(self) -> None:
        if self._fd is not None:
            self._sync()
            os.close(self._fd)
            self._fd = None

    def _inc(self, key: str, n: int = 1) -> None:
        if self.crawler is not None:
            self.crawler.stats.inc_value(key, n)


def _meta(request_or_response) -> dict[str, Any]:
    try:
        return request_or_response.meta
    except AttributeError:  # a response without its request
        return {}


def _replay(path: Path) -> dict[str, dict[str, Any]]:
    open_entries: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                mark, record = line[0], json.loads(line[2:])
                key = record.pop("id")
            except (IndexError, ValueError, KeyError, AttributeError):
                continue  # a line cut short by the crash
            if mark == "+":
                open_entries[key] = record
            elif mark == "-":
                open_entries.pop(key, None)
    return open_entries


def request_failed(stats, journal: InflightJournal, failure, log) -> None:
    """What the spider's errback does: count, log once, cross off.

    Stats: ``newsbot/request/failed`` and ``newsbot/request/failed/<kind>``
    (``http`` for an error status, else the exception class), which the run's
    status is judged on (newsbot/archive/run_status.py); a request a
    middleware chose not to send (``IgnoreRequest``: robots.txt, a known
    alias, the address policy) is ``newsbot/request/ignored``, no failure.
    """
    from scrapy.exceptions import IgnoreRequest
    from scrapy.spidermiddlewares.httperror import HttpError

    request = getattr(failure, "request", None)
    if failure.check(HttpError):
        response = failure.value.response
        stats.inc_value("newsbot/request/failed")
        stats.inc_value("newsbot/request/failed/http")
        stats.inc_value(f"newsbot/request/failed/http_{response.status}")
        log.warning("Request failed: HTTP %s for %s", response.status, response.url)
        journal.failed(response)
        return
    if failure.check(IgnoreRequest):
        stats.inc_value("newsbot/request/ignored")
        if request is not None:
            journal.finished(request)
        return
    kind = failure.type.__name__ if failure.type else "unknown"
    stats.inc_value("newsbot/request/failed")
    stats.inc_value(f"newsbot/request/failed/{kind}")
    log.error("Request failed: %s for %s: %s", kind,
              request.url if request is not None else "?", failure.getErrorMessage())
    if request is not None:
        journal.failed(request)
