"""Close every rendered page, with its browser context, as soon as its download ends."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response


class CloseRenderedPages:
    """Downloader middleware: close the page and context of each rendered request.

    ``RenderRequests`` asks scrapy-playwright for the page
    (``playwright_include_page``), so the handler leaves it open; this closes
    it and its one-page context on the response and on every error, before
    retries or callbacks, and so frees the context slot
    (``PLAYWRIGHT_MAX_CONTEXTS``) for the next page. It sits next to the
    download handler (order 950), so it sees exceptions before RetryMiddleware
    turns them into new requests.

    Settings read: none (``RenderAddon`` installs it). Stats written:
    ``newsbot/render/rendered`` (responses), ``newsbot/render/failed/<exception
    class>`` (downloads that raised), ``newsbot/render/closed`` (contexts closed).
    """

    def __init__(self, stats) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    async def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("playwright"):
            self.stats.inc_value("newsbot/render/rendered")
            await self._close(request)
        return response

    async def process_exception(self, request: Request, exception: Exception) -> None:
        if request.meta.get("playwright"):
            self.stats.inc_value(f"newsbot/render/failed/{type(exception).__name__}")
            await self._close(request)
        return None

    async def _close(self, request: Request) -> None:
        page = request.meta.pop("playwright_page", None)
        if page is None:
            return
        # Already gone when the browser crashed or was restarted: nothing to free.
        with suppress(PlaywrightError):
            await page.context.close()
            self.stats.inc_value("newsbot/render/closed")
