"""One rendered page: the Request.meta that sends it to Chromium, and when it is done."""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import TYPE_CHECKING, Any

from scrapy_playwright.page import PageMethod

if TYPE_CHECKING:
    from playwright.async_api import Page
    from playwright.async_api import Request as PlaywrightRequest
    from scrapy import Request
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

_POLL_S = 0.02
_SCROLL_HEIGHT = "document.documentElement.scrollHeight"
_SCROLL_TO_BOTTOM = "window.scrollTo(0, document.documentElement.scrollHeight)"


class PageWatch:
    """Counts one page's requests in flight, to tell when its scripts are done loading.

    The ``load`` event comes before the XHRs that fetch an article body or the
    next batch of a listing. Playwright's ``networkidle`` waits a fixed 500 ms
    and never comes on pages that poll; this waits for ``quiet_s`` without a
    request in flight, ``settle_timeout_s`` at most, and is no error when that
    runs out: the page is taken as it is.
    """

    def __init__(self, quiet_s: float, settle_timeout_s: float, max_scrolls: int) -> None:
        self.quiet_s = quiet_s
        self.settle_timeout_s = settle_timeout_s
        self.max_scrolls = max_scrolls
        self.in_flight = 0
        self._last_change = 0.0

    async def attach(self, page: Page, request: Request) -> None:
        """``playwright_page_init_callback``: runs before the navigation, on every attempt."""
        self.in_flight = 0
        self._last_change = _now()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request: PlaywrightRequest) -> None:
        self.in_flight += 1
        self._last_change = _now()

    def _ended(self, request: PlaywrightRequest) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        self._last_change = _now()

    async def settle(self, page: Page) -> bool:
        """Wait until the network has been quiet for ``quiet_s``; False if it never was."""
        started = _now()
        deadline = started + self.settle_timeout_s
        while True:
            now = _now()
            if self.in_flight == 0 and now - max(started, self._last_change) >= self.quiet_s:
                return True
            if now >= deadline:
                logger.debug("%s: network still busy after %.1f s; taking the page as it is",
                             page.url, self.settle_timeout_s)
                return False
            await asyncio.sleep(_POLL_S)

    async def scroll(self, page: Page) -> int:
        """Scroll to the bottom until the page stops growing; returns the scrolls that loaded more.

        For section pages that load more articles as the reader scrolls.
        """
        await self.settle(page)
        grew = 0
        for _ in range(self.max_scrolls):
            height = await page.evaluate(_SCROLL_HEIGHT)
            await page.evaluate(_SCROLL_TO_BOTTOM)
            await self.settle(page)
            if await page.evaluate(_SCROLL_HEIGHT) <= height:
                break
            grew += 1
        return grew


def _now() -> float:
    return asyncio.get_running_loop().time()


class RenderRequests:
    """Builds the ``Request.meta`` that sends one page through Chromium.

    Every page gets a browser context of its own (``newsbot-<n>``), so no
    cookie, cache or script state passes from one page to the next, and
    ``playwright_include_page`` hands the page to ``CloseRenderedPages``,
    which closes it with its context. Section pages are scrolled to load what
    infinite scroll adds; article pages only wait for their scripts.

    Settings read (see ``newsbot/settings.py``): ``NEWSBOT_RENDER_ENABLED``
    (bool), ``NEWSBOT_RENDER_QUIET_MS`` (int), ``NEWSBOT_RENDER_SETTLE_TIMEOUT``
    (float, seconds), ``NEWSBOT_RENDER_MAX_SCROLLS`` (int).
    """

    def __init__(self, enabled: bool, quiet_s: float, settle_timeout_s: float,
                 max_scrolls: int) -> None:
        self.enabled = enabled
        self.quiet_s = quiet_s
        self.settle_timeout_s = settle_timeout_s
        self.max_scrolls = max_scrolls
        self._context_ids = itertools.count(1)
        self._warned = False

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RenderRequests:
        return cls(settings.getbool("NEWSBOT_RENDER_ENABLED"),
                   settings.getint("NEWSBOT_RENDER_QUIET_MS") / 1000,
                   settings.getfloat("NEWSBOT_RENDER_SETTLE_TIMEOUT"),
                   settings.getint("NEWSBOT_RENDER_MAX_SCROLLS"))

    def meta(self, listing: bool) -> dict[str, Any]:
        """Meta keys for a rendered page; none when rendering is switched off."""
        if not self.enabled:
            if not self._warned:
                logger.warning("NEWSBOT_RENDER_ENABLED is off: pages of render = \"js\" sources "
                               "are downloaded without rendering and will mostly be dropped")
                self._warned = True
            return {}
        watch = PageWatch(self.quiet_s, self.settle_timeout_s, self.max_scrolls)
        return {
            "playwright": True,
            "playwright_context": f"newsbot-{next(self._context_ids)}",
            "playwright_include_page": True,
            # Service workers fetch outside the page's routes (the address policy's guard).
            "playwright_context_kwargs": {"service_workers": "block"},
            "playwright_page_init_callback": watch.attach,
            "playwright_page_methods": [PageMethod(watch.scroll if listing else watch.settle)],
        }
