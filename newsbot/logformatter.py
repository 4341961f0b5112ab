"""Scrapy's log lines for newsbot: a dropped item is one short line, never the item.

Scrapy logs a dropped item with the whole item under it; newsbot's items carry
the page's bytes, so one crawl of a few hundred drops wrote a 41 MB log. Here
a drop is ``Dropped too_short: https://... (5120 bytes)``, at the level of
Scrapy's ``DEFAULT_DROPITEM_LOG_LEVEL`` setting (or the exception's own
``log_level``). Enabled by ``LOG_FORMATTER`` in ``newsbot/settings.py``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter

from newsbot.archive.coverage import drop_reason, page_of
from newsbot.archive.spooling_store import SpoolUnwritable


class NewsbotLogFormatter(LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> dict:
        result = super().dropped(item, exception, response, spider)
        page = page_of(item)
        if page is None:
            return {**result, "msg": "Dropped %(reason)s: %(item)s",
                    "args": {"reason": drop_reason(exception), "item": type(item).__name__}}
        return {**result, "msg": "Dropped %(reason)s: %(url)s (%(size)d bytes)",
                "args": {"reason": drop_reason(exception), "url": page.url,
                         "size": len(page.body)}}

    def item_error(self, item: Any, exception: BaseException, response: Any, spider: Any) -> dict:
        result = super().item_error(item, exception, response, spider)
        page = page_of(item)
        label = page.url if page is not None else type(item).__name__
        return {**result, "msg": "Error processing %(item)s", "args": {"item": label}}


class OneLineSpoolFailures(logging.Filter):
    """An item that could be neither stored nor spooled is one line, not a traceback.

    Scrapy logs every item error with its traceback; when the spool's disk is
    full, every item in flight fails the same known way (the crawl stops and
    its run fails with the reason), so each is ``Error processing <url>:
    SpoolUnwritable: <why>``. Installed on Scrapy's scraper logger by the
    store pipeline while it is open.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, SpoolUnwritable):
            record.msg = f"{record.getMessage()}: {type(error).__name__}: {error}"
            record.args = None
            record.exc_info = record.exc_text = None
        return True


__all__ = ["NewsbotLogFormatter", "OneLineSpoolFailures"]
