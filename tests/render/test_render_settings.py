"""NEWSBOT_RENDER_* become scrapy-playwright's settings in one place, and rendered requests say so."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.extensions.memusage import MemoryUsage
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from scrapy_playwright.memusage import ScrapyPlaywrightMemoryUsageExtension

from newsbot import settings as newsbot_settings
from newsbot.render import (QUIET_CHROMIUM_ARGS, AbortResourceTypes, CloseRenderedPages,
                            LazyChromiumProvider, RenderAddon, RenderMemoryUsage, RenderRequests,
                            playwright_settings)
from newsbot.render._addon import HANDLER


def _settings(**overrides) -> Settings:
    settings = Settings()
    settings.setmodule(newsbot_settings, priority="project")
    settings.setdict(overrides, priority="cmdline")
    return settings


def test_render_settings_become_playwright_settings():
    values = playwright_settings(_settings(NEWSBOT_RENDER_MAX_CONTEXTS=3, NEWSBOT_RENDER_TIMEOUT=12,
                                           NEWSBOT_RENDER_EXECUTABLE="/opt/chromium/chrome"))
    assert values["PLAYWRIGHT_MAX_CONTEXTS"] == 3
    assert values["PLAYWRIGHT_MAX_PAGES_PER_CONTEXT"] == 1
    assert values["PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT"] == 12000
    assert values["PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER"] is True
    assert values["PLAYWRIGHT_ABORT_REQUEST"].resource_types == {"image", "font", "media"}
    assert values["PLAYWRIGHT_LAUNCH_OPTIONS"]["args"] == list(QUIET_CHROMIUM_ARGS)
    provider = values["PLAYWRIGHT_BROWSER_PROVIDER"](SimpleNamespace())
    assert isinstance(provider, LazyChromiumProvider)
    assert provider.executable == "/opt/chromium/chrome"
    assert provider.playwright is None  # nothing started yet


@pytest.mark.parametrize("name, value, message", [
    ("NEWSBOT_RENDER_MAX_CONTEXTS", 0, "NEWSBOT_RENDER_MAX_CONTEXTS must be at least 1"),
    ("NEWSBOT_RENDER_TIMEOUT", 0, "NEWSBOT_RENDER_TIMEOUT must be positive"),
])
def test_impossible_render_settings_are_refused(name, value, message):
    with pytest.raises(ValueError, match=message):
        playwright_settings(_settings(**{name: value}))


def test_the_addon_installs_the_handler_the_page_closer_and_the_memory_check():
    settings = _settings()
    RenderAddon().update_settings(settings)
    assert settings.getdict("DOWNLOAD_HANDLERS") == {"http": HANDLER, "https": HANDLER}
    assert settings.getdict("DOWNLOADER_MIDDLEWARES")[CloseRenderedPages] == 950
    extensions = settings.getdict("EXTENSIONS")
    assert extensions[MemoryUsage] is None
    assert extensions[RenderMemoryUsage] == 0
    assert issubclass(RenderMemoryUsage, ScrapyPlaywrightMemoryUsageExtension)
    # Set at add-on priority: the same name in settings.py or on the command line wins.
    assert settings.getpriority("PLAYWRIGHT_MAX_CONTEXTS") < settings.getpriority("NEWSBOT_SOURCES")


def test_switched_off_the_addon_leaves_scrapy_alone():
    crawler = get_crawler(settings_dict={"NEWSBOT_RENDER_ENABLED": False})
    with pytest.raises(NotConfigured):
        RenderAddon.from_crawler(crawler)


def test_a_rendered_page_gets_its_own_context_and_is_handed_back_to_be_closed():
    render = RenderRequests(enabled=True, quiet_s=0.25, settle_timeout_s=5, max_scrolls=10)
    article, section = render.meta(listing=False), render.meta(listing=True)
    assert article["playwright"] and section["playwright"]
    assert article["playwright_context"] != section["playwright_context"]
    assert article["playwright_include_page"] is True
    (settle,) = article["playwright_page_methods"]
    (scroll,) = section["playwright_page_methods"]
    assert settle.method.__name__ == "settle" and scroll.method.__name__ == "scroll"


def test_with_rendering_off_pages_are_plain_requests():
    render = RenderRequests(enabled=False, quiet_s=0.25, settle_timeout_s=5, max_scrolls=10)
    assert render.meta(listing=False) == {}


def test_only_images_fonts_and_media_are_aborted():
    abort = AbortResourceTypes(["image", "font", "media"])
    kinds = {kind: abort(SimpleNamespace(resource_type=kind))
             for kind in ("document", "script", "fetch", "xhr", "stylesheet", "image", "font", "media")}
    assert [kind for kind, aborted in kinds.items() if aborted] == ["image", "font", "media"]
