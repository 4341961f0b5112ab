"""One sources component per crawl: loaded once by the spider, read by every component."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from newsbot.crawl_sources import crawl_sources
from newsbot.middlewares.address_policy import policy_for
from newsbot.sources import SourcesConfigError
from pipelines.clean import CleanPipeline
from pipelines.validate import ValidatePipeline
from spiders.worldnews import WorldNewsSpider

SOURCES = """
[[source]]
name = "plain"
home = "https://plain.example/"
feeds = ["https://plain.example/feed"]
language = "en"

[[source]]
name = "local"
home = "http://127.0.0.1:9/"
feeds = ["http://127.0.0.1:9/feed"]
allow_private_addresses = true
language = "fr"
"""


def crawler_for(tmp_path, **spider_args):
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES)
    crawler = get_crawler(WorldNewsSpider, {"NEWSBOT_SOURCES": str(path),
                                            "NEWSBOT_RECRAWL_ENABLED": False})
    crawler.spider = WorldNewsSpider.from_crawler(crawler, **spider_args)
    return crawler


def test_the_spider_loads_the_sources_onto_the_crawler(tmp_path):
    crawler = crawler_for(tmp_path)
    sources = crawl_sources(crawler)
    assert [s.name for s in sources] == ["plain", "local"]
    assert crawler.spider.sources is sources.sources
    assert sources.get("local").allow_private_addresses
    assert sources.get("nowhere") is None and sources.get(None) is None


def test_only_keeps_the_named_sources_for_every_component(tmp_path):
    crawler = crawler_for(tmp_path, only="local")
    assert [s.name for s in crawl_sources(crawler)] == ["local"]
    clean = CleanPipeline.from_crawler(crawler)
    clean.open_spider()
    assert clean.source_languages == {"local": "fr"}
    validate = ValidatePipeline.from_crawler(crawler)
    validate.open_spider()
    assert set(validate.sources) == {"local"}
    assert set(policy_for(crawler)._allowed) == {"local"}


def test_an_unknown_only_name_is_a_config_error(tmp_path):
    with pytest.raises(SourcesConfigError, match=r"no source named \['nope'\]"):
        crawler_for(tmp_path, only="nope")


def test_a_crawler_without_a_sources_spider_has_none():
    assert len(crawl_sources(get_crawler())) == 0
