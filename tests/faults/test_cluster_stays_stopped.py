"""An operator's `newsbot db stop` stands: nothing mid-crawl starts the embedded cluster again."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from newsbot.archive.cluster import ClusterError
from newsbot.archive.database_url import embedded_cluster, resolve_database_url
from newsbot.archive.revisits import Revisits
from spiders.worldnews import WorldNewsSpider


@pytest.fixture
def stopped_embedded_cluster(monkeypatch):
    home = Path(tempfile.mkdtemp(prefix="newsbot-home-"))
    home.chmod(0o755)
    monkeypatch.setenv("NEWSBOT_HOME", str(home))
    monkeypatch.delenv("NEWSBOT_DATABASE_URL", raising=False)
    cluster = embedded_cluster()
    cluster.ensure_running()
    cluster.stop()
    yield cluster
    cluster.stop()
    shutil.rmtree(home, ignore_errors=True)


def test_mid_crawl_lookups_leave_a_stopped_cluster_stopped(stopped_embedded_cluster):
    with pytest.raises(ClusterError, match="not restarted mid-crawl"):
        resolve_database_url(start=False)
    crawler = get_crawler(WorldNewsSpider, {"NEWSBOT_RECRAWL_ENABLED": True,
                                            "NEWSBOT_STORE_ENABLED": True})
    revisits = Revisits.from_crawler(crawler)
    assert asyncio.run(revisits.already_stored(["https://news.example/a"])) == set()
    assert not stopped_embedded_cluster.is_running()


def test_a_crawl_start_still_starts_it(stopped_embedded_cluster):
    resolve_database_url()
    assert stopped_embedded_cluster.is_running()
