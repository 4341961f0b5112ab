"""A write-ahead log of requests in flight, so a crawl killed with -9 resumes without loss.

With ``JOBDIR`` set, Scrapy keeps its pending requests and seen fingerprints
on disk, so a restarted crawl carries on. What it cannot know is which
requests were already taken off the queue (downloading, in a callback, or
their item still in the pipelines) when the process died: they are "seen",
so nothing would fetch them again. This journal records each request as it
reaches the downloader and crosses it off when its work is done (its item
stored or dropped, its listing fully read); a restart fetches again whatever
is left. A page fetched twice costs a request, never a duplicate, because
the store is idempotent.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from scrapy import signals

logger = logging.getLogger(__name__)
META_KEY = "newsbot_journal"
_FILE = "newsbot-inflight.jsonl"


class InflightJournal:
    def __init__(self, path: Path | None):
        self.path = path
        self._file = None

    @classmethod
    def from_crawler(cls, crawler) -> InflightJournal:
        jobdir = crawler.settings.get("JOBDIR")
        journal = cls(Path(jobdir) / _FILE if jobdir else None)
        if journal.enabled:
            crawler.signals.connect(journal._request_started, signals.request_reached_downloader)
            for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
                crawler.signals.connect(journal._item_done, signal)
            crawler.signals.connect(journal._spider_closed, signals.spider_closed)
        return journal

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def pending(self) -> list[dict[str, Any]]:
        """Entries started and never finished by an earlier process, oldest first."""
        if not self.enabled or not self.path.exists():
            return []
        open_entries: dict[str, dict[str, Any]] = {}
        for line in self.path.read_text().splitlines():
            try:
                mark, record = line[0], json.loads(line[2:])
            except (IndexError, ValueError):
                continue  # a line cut short by the crash
            if mark == "+":
                open_entries[record["url"]] = record
            elif mark == "-":
                open_entries.pop(record["url"], None)
        # Start the new journal from what is still open.
        self.path.write_text("".join(f"+ {json.dumps(r)}\n" for r in open_entries.values()))
        if open_entries:
            logger.info("Resuming %d request(s) that were in flight when the crawl stopped",
                        len(open_entries))
        return list(open_entries.values())

    def entry(self, url: str, callback: str, **fields: Any) -> dict[str, Any]:
        """The request meta that puts a request in the journal."""
        return {META_KEY: {"url": url, "callback": callback, **fields}} if self.enabled else {}

    def finished(self, url: str) -> None:
        self._write("-", {"url": url})

    # -- signal handlers ---------------------------------------------------

    def _request_started(self, request, spider) -> None:
        record = request.meta.get(META_KEY)
        # A redirect's follow-up is the same work, crossed off by the original URL.
        if record and "redirect_urls" not in request.meta:
            self._write("+", record)

    def _item_done(self, item, response, spider, **kwargs) -> None:
        page = getattr(item, "page", item)
        url = getattr(page, "requested_url", None)
        if url:
            self.finished(url)

    def _spider_closed(self, spider, reason) -> None:
        if self._file:
            self._file.close()
            self._file = None
        if reason == "finished":
            self.path.unlink(missing_ok=True)

    def _write(self, mark: str, record: dict[str, Any]) -> None:
        if not self.enabled:
            return
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "a", buffering=1)  # a line per write reaches the OS
        self._file.write(f"{mark} {json.dumps(record)}\n")
