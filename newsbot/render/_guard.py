"""The address policy inside the browser: every request a rendered page makes passes it.

A rendered page runs the site's scripts, and they can ``fetch()`` any URL or
frame any origin; Chromium would load it, and with a permissive CORS header
the answer would end up in the stored page. scrapy-playwright routes every
request of a rendered page through ``PLAYWRIGHT_ABORT_REQUEST``;
``AbortRefusedRequests`` there asks the crawl's ``AddressPolicy`` about each
one, for the source of the Scrapy request the page renders, and aborts those
it refuses (counted under ``newsbot/address_policy/refused/<reason>``, like
Scrapy's own). The source reaches it through the page's browser context
(one per rendered request), recorded by the page init callback without a
round trip to the browser: a call that waits on a browser crashing mid-page
would hang the page past its deadline. A request whose context is unknown
is aborted.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError

from newsbot.middlewares.address_policy import SOURCE_META, policy_for, refuse

from ._browser import AbortResourceTypes

if TYPE_CHECKING:
    from playwright.async_api import Page
    from playwright.async_api import Request as PlaywrightRequest

# Not network requests: nothing to ask the policy.
_LOCAL_SCHEMES = ("data:", "blob:", "about:")
INIT_CALLBACK = "playwright_page_init_callback"
# Browser context -> (crawler, source name) of the rendered request it belongs to.
_CONTEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class GuardedPageInit:
    """A ``playwright_page_init_callback`` that tells the abort hook whose page this is."""

    def __init__(self, crawler, source: str | None, inner: Any) -> None:
        self.crawler = crawler
        # A rendered request always has a source; "" is none, so no private allowance.
        self.source = source or ""
        self.inner = inner.inner if isinstance(inner, GuardedPageInit) else inner

    async def __call__(self, page: Page, request) -> None:
        _CONTEXTS[page.context] = (self.crawler, self.source)
        if self.inner is not None:
            await self.inner(page, request)


class AbortRefusedRequests(AbortResourceTypes):
    """``PLAYWRIGHT_ABORT_REQUEST``: the unwanted resource types, and what the policy refuses."""

    async def __call__(self, request: PlaywrightRequest) -> bool:  # type: ignore[override]
        if super().__call__(request):
            return True
        url = request.url
        if url.startswith(_LOCAL_SCHEMES):
            return False
        try:
            owner = _CONTEXTS.get(request.frame.page.context)
        except PlaywrightError:  # e.g. a worker's request, with no frame
            owner = None
        if owner is None:
            return True
        crawler, source = owner
        reason = await policy_for(crawler).refusal(url, source)
        if reason:
            refuse(crawler.stats, url, reason)
            return True
        return False


def guard(crawler, request) -> None:
    """Set ``request``'s page init callback to one that records its page's source."""
    request.meta[INIT_CALLBACK] = GuardedPageInit(crawler, request.meta.get(SOURCE_META),
                                                  request.meta.get(INIT_CALLBACK))
