"""Refuse requests that could turn the crawler against its own network.

A feed or sitemap is someone else's data: a hostile one can list
``http://169.254.169.254/`` or ``file:///etc/passwd``. Only http and https
are fetched, and hosts that are (or resolve to) loopback, private or
link-local addresses only when a source explicitly allows them
(``allow_private_addresses``), which the local test sites do.

Stats written: ``newsbot/address_policy/refused/<reason>``.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from newsbot.sources import is_private_host, origin_of

logger = logging.getLogger(__name__)
_SCHEMES = {"http", "https"}


class AddressPolicyMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self._resolved: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        parts = urlsplit(request.url)
        if parts.scheme not in _SCHEMES:
            self._refuse(request, "scheme")
        host = parts.hostname or ""
        if await self._is_private(host) and origin_of(request.url) not in self._allowed_origins():
            self._refuse(request, "private_address")
        return None

    def _allowed_origins(self) -> set[str]:
        sources = getattr(self.crawler.spider, "sources", ())
        return {origin for s in sources if s.allow_private_addresses for origin in s.origins}

    async def _is_private(self, host: str) -> bool:
        if is_private_host(host):
            return True
        if host not in self._resolved:
            self._resolved[host] = await asyncio.to_thread(_resolves_to_private, host)
        return self._resolved[host]

    def _refuse(self, request, reason: str):
        self.crawler.stats.inc_value(f"newsbot/address_policy/refused/{reason}")
        logger.warning("Refused %s: %s", request.url, reason.replace("_", " "))
        raise IgnoreRequest(f"address policy: {reason}")


def _resolves_to_private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False  # unresolvable: the download fails on its own, with a clear error
    return any(is_private_host(info[4][0]) for info in infos)
