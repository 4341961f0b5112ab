"""Which Chromium renders, how it is launched, and what it may load."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from playwright.async_api import Browser, Error as PlaywrightError
from scrapy_playwright.provider import PlaywrightBrowserProvider

if TYPE_CHECKING:
    from playwright.async_api import Request as PlaywrightRequest
    from scrapy_playwright.handler import Config

logger = logging.getLogger(__name__)

# Debian's package; used when Playwright's own browser was never downloaded
# (`playwright install` needs internet access that crawl hosts often lack).
SYSTEM_CHROMIUM = "/usr/bin/chromium"

# Without these, Chromium calls Google hosts on its own (component updates,
# sync, field trials, QUIC probes): a crawler sends traffic only to the sites
# it crawls.
QUIET_CHROMIUM_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

# Playwright's message when its bundled browser is not on disk.
_MISSING_BROWSER = "Executable doesn't exist"


class LazyChromiumProvider(PlaywrightBrowserProvider):
    """A scrapy-playwright browser provider that starts nothing until a page needs rendering.

    scrapy-playwright starts the Playwright driver when the engine starts;
    here ``start()`` does nothing and the first ``launch_browser()`` (awaited
    behind the handler's lock, again after a disconnection) starts the driver,
    then Chromium. A crawl whose sources are all plain HTTP never gets either.

    ``executable`` chooses the browser: ``"auto"`` is Playwright's own
    Chromium when installed, else ``/usr/bin/chromium``; ``"bundled"`` only
    Playwright's; anything else is the path of a Chromium executable. An
    ``executable_path`` in ``PLAYWRIGHT_LAUNCH_OPTIONS`` wins over all three.
    """

    def __init__(self, config: Config, executable: str = "auto") -> None:
        super().__init__(config)
        self.executable = executable
        self._chosen: dict[str, Any] | None = None

    async def start(self) -> None:
        """Deferred to the first launch_browser()."""

    async def launch_browser(self) -> Browser:
        if self.playwright is None:
            await super().start()
        if self.config.cdp_url or self.config.connect_url:
            return await super().launch_browser()
        assert self.browser_type is not None
        if self._chosen is not None:  # a restart after a disconnection
            return await self.browser_type.launch(**self._chosen)
        options = dict(self.config.launch_options)
        may_fall_back = self.executable == "auto" and "executable_path" not in options
        if "executable_path" not in options and self.executable not in ("auto", "bundled"):
            options["executable_path"] = self.executable
        try:
            browser = await self.browser_type.launch(**options)
        except PlaywrightError as exc:
            if not (may_fall_back and _MISSING_BROWSER in exc.message):
                raise
            options["executable_path"] = _system_chromium()
            browser = await self.browser_type.launch(**options)
        self._chosen = options
        logger.info("Rendering JavaScript pages with %s",
                    options.get("executable_path", "Playwright's own Chromium"))
        return browser


def _system_chromium() -> str:
    if Path(SYSTEM_CHROMIUM).exists():
        return SYSTEM_CHROMIUM
    raise RuntimeError(
        f"no browser to render JavaScript pages: neither Playwright's own Chromium nor "
        f"{SYSTEM_CHROMIUM} is installed. Install one (`apt-get install chromium`, which "
        f"./run does, or `playwright install chromium`) or name one with "
        f"NEWSBOT_RENDER_EXECUTABLE=/path/to/chromium")


class AbortResourceTypes:
    """``PLAYWRIGHT_ABORT_REQUEST``: refuse the page's requests of the given resource types.

    Images, fonts and media cost bandwidth and memory and never hold article
    text; stylesheets stay, because infinite scroll needs a real layout.
    """

    def __init__(self, resource_types: Iterable[str]) -> None:
        self.resource_types = frozenset(resource_types)

    def __call__(self, request: PlaywrightRequest) -> bool:
        return request.resource_type in self.resource_types

    def __repr__(self) -> str:
        return f"AbortResourceTypes({sorted(self.resource_types)})"
