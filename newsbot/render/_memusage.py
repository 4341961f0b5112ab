"""scrapy-playwright's memory-usage extension, able to find Playwright's driver again."""

from __future__ import annotations

from scrapy_playwright.memusage import ScrapyPlaywrightMemoryUsageExtension


class RenderMemoryUsage(ScrapyPlaywrightMemoryUsageExtension):
    """Scrapy's MemoryUsage (``MEMUSAGE_*``) counting Playwright's driver and Chromium too.

    scrapy-playwright's extension reads the driver's pid from Playwright
    internals (``PlaywrightContextManager._connection``) that Playwright 1.6x
    no longer has; it then silently counts no browser at all. When it finds
    none, this looks for the driver among the crawl's own child processes
    (``... cli.js run-driver``); the extension then adds the RSS of the driver
    and all its descendants (every Chromium process) to Scrapy's own.

    Settings read: Scrapy's ``MEMUSAGE_*``. Stats written: ``memusage/startup``,
    ``memusage/max`` (Scrapy's keys).
    """

    def _get_main_process_ids(self) -> list[int]:
        return super()._get_main_process_ids() or self._playwright_drivers()

    def _playwright_drivers(self) -> list[int]:
        drivers = []
        for child in self.psutil.Process().children():
            try:
                if "run-driver" in child.cmdline():
                    drivers.append(child.pid)
            except self.psutil.Error:  # exited while being looked at
                pass
        return drivers
