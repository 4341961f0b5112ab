"""The address policy inside the browser: every request a rendered page makes passes it.

A rendered page runs the site's scripts, and they can ``fetch()`` any URL or
frame any origin; Chromium would load it, and with a permissive CORS header
the answer would end up in the stored page. Each rendered request's page
(and its one-page context, for popups) gets a route that asks the crawl's
``AddressPolicy`` about every browser request, for the source of the Scrapy
request it renders, and aborts those it refuses (counted under
``newsbot/address_policy/refused/<reason>``, like Scrapy's own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsbot.middlewares.address_policy import SOURCE_META, policy_for, refuse

if TYPE_CHECKING:
    from playwright.async_api import Page, Route
    from playwright.async_api import Request as PlaywrightRequest

# Not network requests: nothing to ask the policy.
_LOCAL_SCHEMES = ("data:", "blob:", "about:")
INIT_CALLBACK = "playwright_page_init_callback"


class GuardedPageInit:
    """A ``playwright_page_init_callback`` that routes the page through the policy first."""

    def __init__(self, crawler, source: str | None, inner: Any) -> None:
        self.crawler = crawler
        self.source = source
        self.inner = inner.inner if isinstance(inner, GuardedPageInit) else inner

    async def __call__(self, page: Page, request) -> None:
        # Registered after scrapy-playwright's route, so this one runs first.
        await page.route("**/*", self._route)
        await page.context.route("**/*", self._route)
        if self.inner is not None:
            await self.inner(page, request)

    async def _route(self, route: Route, browser_request: PlaywrightRequest) -> None:
        url = browser_request.url
        if not url.startswith(_LOCAL_SCHEMES):
            reason = await policy_for(self.crawler).refusal(url, self.source)
            if reason:
                refuse(self.crawler.stats, url, reason)
                await route.abort("blockedbyclient")
                return
        await route.fallback()


def guard(crawler, request) -> None:
    """Set ``request``'s page init callback to one that installs the policy route."""
    request.meta[INIT_CALLBACK] = GuardedPageInit(crawler, request.meta.get(SOURCE_META),
                                                  request.meta.get(INIT_CALLBACK))
