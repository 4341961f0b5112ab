"""scrapy-playwright's download handler, with a deadline on every rendered page."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from scrapy.exceptions import DownloadTimeoutError
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from ._guard import guard

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class RenderDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """Renders ``meta["playwright"]`` requests; hands every other one to Scrapy's HTTP handler.

    Playwright's own timeouts cover navigation only. A ``new_page()`` sent
    while the browser dies is never answered, and scrapy-playwright would wait
    for it forever, with the crawl unable to finish; so each rendered request
    gets ``NEWSBOT_RENDER_TIMEOUT`` seconds in all (navigation, scripts,
    scrolling), then fails with Scrapy's ``DownloadTimeoutError``, which
    RetryMiddleware retries on a fresh page.

    Every request the page makes passes the crawl's address policy (``_guard``).

    Settings read: ``NEWSBOT_RENDER_TIMEOUT`` (float, 30), and scrapy-playwright's
    ``PLAYWRIGHT_*`` (set by ``RenderAddon``).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.newsbot_crawler = crawler
        self.deadline_s = crawler.settings.getfloat("NEWSBOT_RENDER_TIMEOUT")

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        guard(self.newsbot_crawler, request)
        try:
            return await asyncio.wait_for(super().download_request(request), self.deadline_s)
        except asyncio.TimeoutError:
            raise DownloadTimeoutError(
                f"rendering {request.url} took more than {self.deadline_s:g} s") from None
