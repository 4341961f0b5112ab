"""JavaScript rendering: the pages of ``render = "js"`` sources go through Chromium.

Some outlets send an empty shell and build the article with JavaScript. For
those sources (or the URL patterns a source names), the spider marks section
and article requests for scrapy-playwright; everything else stays on Scrapy's
plain HTTP handler, the fast path.

- ``RenderAddon`` (in ``ADDONS``) turns the ``NEWSBOT_RENDER_*`` settings into
  scrapy-playwright's ``PLAYWRIGHT_*`` ones, installs its download handler
  (``RenderDownloadHandler``: a deadline per page), the middleware that closes
  each page, and its memory-usage extension (``RenderMemoryUsage``).
- ``RenderRequests`` builds the ``Request.meta`` of one rendered page.
- ``LazyChromiumProvider`` starts Playwright and Chromium on the first
  rendered request, so an HTTP-only crawl never launches a browser.

Each rendered page gets a browser context of its own, closed with the page by
``CloseRenderedPages`` when the response or the error comes back: nothing a
page loaded outlives it.
"""

from ._addon import RenderAddon, playwright_settings
from ._browser import QUIET_CHROMIUM_ARGS, SYSTEM_CHROMIUM, AbortResourceTypes, LazyChromiumProvider
from ._handler import RenderDownloadHandler
from ._memusage import RenderMemoryUsage
from ._middleware import CloseRenderedPages
from ._page import PageWatch, RenderRequests

__all__ = ["QUIET_CHROMIUM_ARGS", "SYSTEM_CHROMIUM", "AbortResourceTypes", "CloseRenderedPages",
           "LazyChromiumProvider", "PageWatch", "RenderAddon", "RenderDownloadHandler",
           "RenderMemoryUsage", "RenderRequests", "playwright_settings"]
