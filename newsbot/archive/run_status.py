"""A crawl run's status, told from its finish reason and its stats.

A run is ``failed`` when Scrapy closed it for an error, when nothing could be
kept (the spool unwritable), when it asked for pages and fetched none (a run
with nothing to ask for, such as an hourly revisit with nothing due, is
``finished``), or when the share of
requests that failed (after their retries) is above
``NEWSBOT_RUN_MAX_ERROR_SHARE``; ``interrupted`` when stopped by a signal;
``finished`` otherwise. The store pipeline records it in ``crawl_runs`` and
``scrapy crawl`` exits non-zero on a failed run (newsbot/commands/crawl.py).

Requests that failed are counted by the spider (``newsbot/request/failed``,
of which ``newsbot/request/failed/http`` were answered with an error status);
pages fetched are the responses that were not such an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Scrapy's finish reasons that mean the crawl did what it was asked to.
_COMPLETED_REASONS = ("finished", "closespider_")
DEFAULT_MAX_ERROR_SHARE = 0.5
STATUS_KEY = "newsbot/run/status"
REASON_KEY = "newsbot/run/failure_reason"


@dataclass(frozen=True)
class RunVerdict:
    status: str            # finished, failed or interrupted
    reason: str | None     # why, for failed and interrupted


def run_status(finish_reason: str | None) -> str:
    """The status that Scrapy's finish reason alone gives."""
    if finish_reason and finish_reason.startswith(_COMPLETED_REASONS):
        return "finished"
    if finish_reason == "shutdown":
        return "interrupted"
    return "failed"


def run_verdict(finish_reason: str | None, stats: Mapping[str, Any],
                max_error_share: float = DEFAULT_MAX_ERROR_SHARE,
                failure: str | None = None) -> RunVerdict:
    if failure:
        return RunVerdict("failed", failure)
    status = run_status(finish_reason)
    if status != "finished":
        return RunVerdict(status, finish_reason)
    failed = _count(stats, "newsbot/request/failed")
    failed_http = _count(stats, "newsbot/request/failed/http")
    ignored = _count(stats, "newsbot/request/ignored")
    fetched = _count(stats, "response_received_count") - failed_http
    if fetched <= 0:
        if not failed and not ignored:
            # Asked for nothing (an hourly revisit with nothing due): nothing failed.
            return RunVerdict("finished", None)
        return RunVerdict("failed", f"no page fetched ({failed} request(s) failed, "
                                    f"{ignored} not sent)")
    share = failed / (fetched + failed)
    if share > max_error_share:
        return RunVerdict("failed", f"{failed} of {fetched + failed} requests failed "
                                    f"({share:.0%}, above NEWSBOT_RUN_MAX_ERROR_SHARE "
                                    f"{max_error_share:.0%})")
    return RunVerdict("finished", None)


def _count(stats: Mapping[str, Any], key: str) -> int:
    return int(stats.get(key) or 0)
