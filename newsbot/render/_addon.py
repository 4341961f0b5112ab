"""The one place where NEWSBOT_RENDER_* settings become scrapy-playwright's PLAYWRIGHT_* ones."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.extensions.memusage import MemoryUsage
from scrapy.settings import BaseSettings

from ._browser import QUIET_CHROMIUM_ARGS, LazyChromiumProvider
from ._guard import AbortRefusedRequests
from ._memusage import RenderMemoryUsage
from ._middleware import CloseRenderedPages

logger = logging.getLogger(__name__)

HANDLER = "newsbot.render.RenderDownloadHandler"
# Next to the download handler, before RetryMiddleware (550) sees an exception.
CLOSE_PAGES_ORDER = 950


def playwright_settings(settings: BaseSettings) -> dict[str, Any]:
    """scrapy-playwright's settings for newsbot's ``NEWSBOT_RENDER_*`` values."""
    max_contexts = settings.getint("NEWSBOT_RENDER_MAX_CONTEXTS")
    timeout_s = settings.getfloat("NEWSBOT_RENDER_TIMEOUT")
    if max_contexts < 1:
        raise ValueError(f"NEWSBOT_RENDER_MAX_CONTEXTS must be at least 1, got {max_contexts}")
    if timeout_s <= 0:
        raise ValueError(f"NEWSBOT_RENDER_TIMEOUT must be positive, got {timeout_s}")
    return {
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_BROWSER_PROVIDER": partial(
            LazyChromiumProvider, executable=settings.get("NEWSBOT_RENDER_EXECUTABLE") or "auto"),
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"headless": True, "args": list(QUIET_CHROMIUM_ARGS)},
        # One page per context, each closed with its page: the limit on
        # contexts is the limit on pages open at once.
        "PLAYWRIGHT_MAX_CONTEXTS": max_contexts,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 1,
        # Also every request the address policy refuses (see _guard).
        "PLAYWRIGHT_ABORT_REQUEST": AbortRefusedRequests(
            settings.getlist("NEWSBOT_RENDER_ABORT_RESOURCE_TYPES")),
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout_s * 1000,
    }


class RenderAddon:
    """Scrapy add-on: route ``meta["playwright"]`` requests through Chromium.

    scrapy-playwright's handler (as ``RenderDownloadHandler``) serves both
    schemes and passes every request without that key to Scrapy's plain HTTP
    handler; with ``LazyChromiumProvider`` it starts neither Playwright nor a
    browser until a page needs one. The
    ``PLAYWRIGHT_*`` values are set at add-on priority, so the same name in
    settings.py or on the command line still wins.

    Settings read: ``NEWSBOT_RENDER_ENABLED`` (bool, True; off raises
    NotConfigured and leaves Scrapy's handlers alone), ``NEWSBOT_RENDER_EXECUTABLE``
    (str, "auto"), ``NEWSBOT_RENDER_MAX_CONTEXTS`` (int, 4),
    ``NEWSBOT_RENDER_TIMEOUT`` (float, 30), ``NEWSBOT_RENDER_ABORT_RESOURCE_TYPES``
    (list, image font media).
    """

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSBOT_RENDER_ENABLED"):
            raise NotConfigured
        return cls()

    def update_settings(self, settings: BaseSettings) -> None:
        for name, value in playwright_settings(settings).items():
            settings.set(name, value, "addon")
        handlers = settings.getdict("DOWNLOAD_HANDLERS")
        for scheme in ("http", "https"):
            handlers.setdefault(scheme, HANDLER)
            if handlers[scheme] != HANDLER:
                logger.warning("DOWNLOAD_HANDLERS[%r] is %s: %s pages are not rendered",
                               scheme, handlers[scheme], scheme)
        settings.set("DOWNLOAD_HANDLERS", handlers, settings.getpriority("DOWNLOAD_HANDLERS") or 0)
        settings.set_in_component_priority_dict("DOWNLOADER_MIDDLEWARES", CloseRenderedPages,
                                                CLOSE_PAGES_ORDER)
        # The same checks as Scrapy's MemoryUsage (MEMUSAGE_*), counting the
        # Playwright driver and Chromium processes too.
        settings.set_in_component_priority_dict("EXTENSIONS", MemoryUsage, None)
        settings.set_in_component_priority_dict("EXTENSIONS", RenderMemoryUsage, 0)
