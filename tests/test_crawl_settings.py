"""Shipped Scrapy settings that newsbot changes from Scrapy's defaults."""

import logging
import subprocess
import sys

from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list

from tests.conftest import REPO


def test_scrapys_remote_control_server_is_left_out():
    settings = Settings()
    settings.setmodule("newsbot.settings", priority="project")
    extensions = build_component_list(settings.getwithbase("EXTENSIONS"))
    assert "scrapy.extensions.remote_control.RemoteControl" not in extensions
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")


def test_placing_an_extension_does_not_import_the_remote_control():
    # Add-ons place extensions with set_in_component_priority_dict, which
    # imports every EXTENSIONS entry; the remote control's module imports aiohttp.
    code = ("import sys; from scrapy.settings import Settings\n"
            "from scrapy.extensions.logstats import LogStats\n"
            "s = Settings(); s.setmodule('newsbot.settings', priority='project')\n"
            "s.set_in_component_priority_dict('EXTENSIONS', LogStats, 1)\n"
            "print('aiohttp' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"


def test_callbacks_outputs_are_not_given_a_hundred_tasks_each():
    settings = Settings()
    settings.setmodule("newsbot.settings", priority="project")
    # Scrapy starts CONCURRENT_ITEMS tasks per response; a callback yields one page at most.
    assert settings.getint("CONCURRENT_ITEMS") == 2


def test_scrapy_crawl_does_not_build_log_records_below_its_level(monkeypatch):
    # Scrapy leaves the root logger at NOTSET: each response's debug line was built, then dropped.
    from newsbot.commands.crawl import _drop_records_below_log_level

    monkeypatch.setattr(logging.root, "level", logging.NOTSET)
    _drop_records_below_log_level(Settings({"LOG_LEVEL": "INFO"}))
    assert not logging.getLogger("scrapy.core.engine").isEnabledFor(logging.DEBUG)
    assert logging.getLogger("scrapy.core.engine").isEnabledFor(logging.INFO)
