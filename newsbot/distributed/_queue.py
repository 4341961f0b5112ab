"""The shared request queue: scrapy-redis's priority queue, with requests stored as JSON.

scrapy-redis pickles each request; a pickle read back from Redis can run any
code, so whoever can write to the Redis could run code on every worker.
Here a request travels as JSON instead, and only what the spider can rebuild:

- callbacks and errbacks by the name of the spider method (as scrapy-redis
  does, without its scan of every spider attribute per request);
- the ``Source`` in ``cb_kwargs`` by its name, looked up again in the
  worker's own sources (so every worker must run the same sources file);
- the browser settings of a rendered page (``playwright*`` meta keys, which
  hold callables) as one flag, rebuilt by the spider's ``RenderRequests``;
- bytes (headers, body) as base64, dicts with non-text keys as pairs;
- the request class by a name from ``REQUEST_CLASSES``, never a class path
  to import: a path read from Redis would let its writer load any module.

A value of any other type is refused when the request is queued, with its
key in the message. A queued request this worker cannot rebuild is dropped,
logged and counted in ``newsbot/distributed/dropped/<error class>``.
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

from newsbot.crawl_sources import crawl_sources
from newsbot.sources import Source

logger = logging.getLogger(__name__)

_BYTES, _PAIRS, _SOURCE = "__bytes__", "__pairs__", "__source__"
# Set on a queued rendered request, in place of its playwright* keys.
RENDER_LISTING_META = "newsbot_render_listing"
# The request classes newsbot's spiders make; anything else is not rebuilt.
REQUEST_CLASSES: dict[str, type[Request]] = {"Request": Request}


class SharedRequestQueue(PriorityQueue):
    """``SCHEDULER_QUEUE_CLASS`` of distributed mode (see the module docstring)."""

    def _encode_request(self, request: Request) -> str:
        data = {"url": request.url, "callback": self._method_name(request.callback),
                "errback": self._method_name(request.errback), "headers": dict(request.headers)}
        for attribute in request.attributes:
            data.setdefault(attribute, getattr(request, attribute))
        class_name = next((name for name, cls in REQUEST_CLASSES.items() if type(request) is cls),
                          None)
        if class_name is None:
            raise TypeError(f"{type(request).__name__} is not a request class the shared queue "
                            f"carries ({', '.join(REQUEST_CLASSES)})")
        if class_name != "Request":
            data["_class"] = class_name
        meta = dict(data["meta"])
        if meta.get("playwright"):
            for key in [key for key in meta if key.startswith("playwright")]:
                del meta[key]
            meta[RENDER_LISTING_META] = data["callback"] == "parse_section"
        data["meta"] = meta
        return json.dumps(_pack(data, "request"), separators=(",", ":"))

    def _decode_request(self, encoded: bytes | str) -> Request | None:
        try:
            return self._request_from(json.loads(encoded))
        except (LookupError, ValueError, TypeError, AttributeError) as exc:
            # Another worker's code or sources file differs from this one's.
            logger.error("Dropped a request from the shared queue: %s: %.300s", exc, encoded)
            stats = getattr(getattr(self.spider, "crawler", None), "stats", None)
            if stats is not None:
                stats.inc_value(f"newsbot/distributed/dropped/{type(exc).__name__}")
            return None

    def _request_from(self, packed: Any) -> Request:
        data = _unpack(packed, self._sources())
        meta = data["meta"]
        if RENDER_LISTING_META in meta:
            meta.update(self.spider.render.meta(listing=meta.pop(RENDER_LISTING_META)))
        class_name = data.pop("_class", "Request")
        if class_name not in REQUEST_CLASSES:
            raise LookupError(f"queued request names class {class_name!r}, not one of "
                              f"{sorted(REQUEST_CLASSES)}")
        request_class = REQUEST_CLASSES[class_name]
        kwargs = {key: value for key, value in data.items() if key in request_class.attributes}
        for key in ("callback", "errback"):
            if data.get(key):
                kwargs[key] = getattr(self.spider, data[key])
        return request_class(**kwargs)

    def _method_name(self, function: Any) -> str | None:
        if function is None or isinstance(function, str):
            return function
        name = getattr(function, "__name__", "")
        bound = getattr(self.spider, name, None)
        if getattr(bound, "__func__", None) is not getattr(function, "__func__", object()):
            raise ValueError(f"{function!r} is not a method of spider {self.spider.name!r}: "
                             "a request in the shared queue names its callback")
        return name

    def _sources(self) -> dict[str, Source]:
        return crawl_sources(self.spider.crawler).by_name


def _pack(value: Any, where: str) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (bytes, bytearray)):
        return {_BYTES: base64.b64encode(value).decode("ascii")}
    if isinstance(value, Source):
        return {_SOURCE: value.name}
    if isinstance(value, (list, tuple)):
        return [_pack(item, where) for item in value]
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value) and not {_BYTES, _PAIRS, _SOURCE} & value.keys():
            return {key: _pack(item, f"{where}.{key}") for key, item in value.items()}
        return {_PAIRS: [[_pack(key, where), _pack(item, f"{where}[{key!r}]")]
                         for key, item in value.items()]}
    raise TypeError(f"{where} is a {type(value).__name__}, which the shared request queue "
                    "cannot store (JSON, bytes and sources only)")


def _unpack(value: Any, sources: dict[str, Source]) -> Any:
    if isinstance(value, list):
        return [_unpack(item, sources) for item in value]
    if not isinstance(value, dict):
        return value
    if _BYTES in value:
        return base64.b64decode(value[_BYTES])
    if _SOURCE in value:
        try:
            return sources[value[_SOURCE]]
        except KeyError:
            raise LookupError(f"queued request names source {value[_SOURCE]!r}, which this "
                              "worker's sources file does not have") from None
    if _PAIRS in value:
        return {_hashable(_unpack(key, sources)): _unpack(item, sources)
                for key, item in value[_PAIRS]}
    return {key: _unpack(item, sources) for key, item in value.items()}


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key
