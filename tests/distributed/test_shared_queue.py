"""SharedRequestQueue: requests survive the trip through Redis as JSON, sources by name."""

from __future__ import annotations

import json

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from newsbot.distributed import SharedRequestQueue
from spiders.worldnews import WorldNewsSpider

SOURCES = """
[[source]]
name = "plain"
home = "https://plain.example/"
feeds = ["https://plain.example/feed"]

[[source]]
name = "spa"
home = "https://spa.example/"
sections = ["https://spa.example/world"]
render = "js"
"""


@pytest.fixture
def spider(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES)
    crawler = get_crawler(WorldNewsSpider, {"NEWSBOT_SOURCES": str(path),
                                            "NEWSBOT_RECRAWL_ENABLED": False,
                                            "NEWSBOT_RENDER_ENABLED": True})
    return WorldNewsSpider.from_crawler(crawler)


@pytest.fixture
def queue(spider):
    return SharedRequestQueue(server=None, spider=spider, key="newsbot:%(spider)s:requests")


def source(spider, name):
    return next(s for s in spider.sources if s.name == name)


def round_trip(queue, request):
    encoded = queue._encode_request(request)
    json.loads(encoded)  # plain JSON, not a pickle
    return queue._decode_request(encoded)


def test_an_article_request_comes_back_whole(spider, queue):
    plain = source(spider, "plain")
    request = Request("https://plain.example/2026/03/14/story", callback=spider.parse_article,
                      cb_kwargs={"source": plain, "via": "recrawl", "depth": 1, "recrawl_of": 7},
                      headers={"If-None-Match": '"abc"'}, priority=3,
                      meta={"newsbot_source": "plain", "handle_httpstatus_list": [304]})
    back = round_trip(queue, request)
    assert back.url == request.url
    assert back.callback == spider.parse_article
    assert back.cb_kwargs["source"] is plain
    assert back.cb_kwargs == request.cb_kwargs
    assert back.headers.getlist("If-None-Match") == [b'"abc"']
    assert back.meta == request.meta
    assert back.priority == 3


def test_a_rendered_page_gets_fresh_browser_settings(spider, queue):
    spa = source(spider, "spa")
    request = Request("https://spa.example/world", callback=spider.parse_section,
                      cb_kwargs={"source": spa, "page": 1},
                      meta={"newsbot_source": "spa", **spider.render.meta(listing=True)})
    back = round_trip(queue, request)
    assert back.meta["playwright"] is True
    assert callable(back.meta["playwright_page_init_callback"])
    assert back.meta["playwright_context"] != request.meta["playwright_context"]


def test_a_value_json_cannot_hold_is_refused_by_name(spider, queue):
    request = Request("https://plain.example/a", callback=spider.parse_article,
                      meta={"when": object()})
    with pytest.raises(TypeError, match=r"request\.meta\.when"):
        queue._encode_request(request)


def test_a_source_this_worker_lacks_drops_the_request(spider, queue, caplog):
    encoded = queue._encode_request(Request(
        "https://plain.example/a", callback=spider.parse_article,
        cb_kwargs={"source": source(spider, "plain"), "via": "feed", "depth": 1}))
    assert queue._decode_request(encoded.replace('"__source__":"plain"',
                                                 '"__source__":"elsewhere"')) is None
    assert "elsewhere" in caplog.text


def test_a_queued_class_path_is_never_imported(spider, queue, tmp_path, monkeypatch):
    # Whoever can write to the Redis could name any importable callable.
    marker = tmp_path / "imported"
    module = tmp_path / "h15_evil_module.py"
    module.write_text(f"import pathlib\npathlib.Path({str(marker)!r}).write_text('x')\n"
                      "from scrapy import Request as EvilRequest\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    encoded = queue._encode_request(Request(
        "https://plain.example/a", callback=spider.parse_article,
        cb_kwargs={"source": source(spider, "plain"), "via": "feed", "depth": 1}))
    data = json.loads(encoded)
    data["_class"] = "h15_evil_module.EvilRequest"
    assert queue._decode_request(json.dumps(data)) is None
    assert not marker.exists()
    assert spider.crawler.stats.get_value("newsbot/distributed/dropped/LookupError") == 1


def test_a_dropped_request_is_counted(spider, queue):
    assert queue._decode_request("{not json") is None
    assert spider.crawler.stats.get_value("newsbot/distributed/dropped/JSONDecodeError") == 1


def test_a_request_class_newsbot_does_not_make_is_refused_when_queued(spider, queue):
    from scrapy.http import FormRequest

    with pytest.raises(TypeError, match="FormRequest"):
        queue._encode_request(FormRequest("https://plain.example/a", callback=spider.parse_article))
