"""Shipped Scrapy settings that newsbot changes from Scrapy's defaults."""

from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list


def test_scrapys_remote_control_server_is_left_out():
    settings = Settings()
    settings.setmodule("newsbot.settings", priority="project")
    extensions = build_component_list(settings.getwithbase("EXTENSIONS"))
    assert "scrapy.extensions.remote_control.RemoteControl" not in extensions
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")
