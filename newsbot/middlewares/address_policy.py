"""Refuse requests that could turn the crawler against its own network.

A feed or sitemap is someone else's data: a hostile one can list
``http://169.254.169.254/`` or ``file:///etc/passwd``, and a rendered page's
scripts can ``fetch()`` anything. One policy (``AddressPolicy``) decides for
every request, Scrapy's (``AddressPolicyMiddleware``) and the browser's
(``newsbot.render``'s route guard):

- only http and https are fetched;
- a host that is, or resolves to, a loopback, private, link-local or
  otherwise non-public address is refused, and so is a name that does not
  resolve at all (``newsbot.addresses``: doubt means no);
- except for the origins of a source that sets ``allow_private_addresses``
  (the local test sites), and only for that source's own requests and their
  redirects: the source travels in ``Request.meta["newsbot_source"]``, so
  another source redirecting there is refused. A request without a source
  (robots.txt) may use the origins of any such source.

Stats written: ``newsbot/address_policy/refused/<reason>`` (``scheme``,
``private_address``, ``unclassified_address``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from newsbot.addresses import PUBLIC, PRIVATE, resolved_kind
from newsbot.crawl_sources import crawl_sources
from newsbot.sources import Source, origin_of

logger = logging.getLogger(__name__)
_SCHEMES = {"http", "https"}
SOURCE_META = "newsbot_source"


class AddressPolicy:
    """Which URLs may be fetched, for which source. Names are resolved once per crawl."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self._allowed = {s.name: s.origins for s in sources if s.allow_private_addresses}
        self._any_source = frozenset().union(*self._allowed.values())
        self._kinds: dict[str, str] = {}

    async def refusal(self, url: str, source: str | None) -> str | None:
        """The reason ``url`` may not be fetched for ``source``, or None when it may."""
        parts = urlsplit(url)
        if parts.scheme not in _SCHEMES:
            return "scheme"
        host = parts.hostname or ""
        if host not in self._kinds:
            self._kinds[host] = await asyncio.to_thread(resolved_kind, host)
        kind = self._kinds[host]
        if kind == PUBLIC:
            return None
        allowed = self._any_source if source is None else self._allowed.get(source, frozenset())
        if origin_of(url) in allowed:
            return None
        return "private_address" if kind == PRIVATE else "unclassified_address"


class AddressPolicyMiddleware:
    """Downloader middleware: every Scrapy request, redirects included, passes ``AddressPolicy``."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self._policy: AddressPolicy | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def policy(self) -> AddressPolicy:
        if self._policy is None:
            self._policy = policy_for(self.crawler)
        return self._policy

    async def process_request(self, request, spider=None):
        reason = await self.policy.refusal(request.url, request.meta.get(SOURCE_META))
        if reason:
            refuse(self.crawler.stats, request.url, reason)
            raise IgnoreRequest(f"address policy: {reason}")
        return None


def policy_for(crawler) -> AddressPolicy:
    """The crawl's one policy, shared by the middleware and the browser's route guard."""
    policy = getattr(crawler, "_newsbot_address_policy", None)
    if policy is None:
        policy = AddressPolicy(crawl_sources(crawler).sources)
        crawler._newsbot_address_policy = policy
    return policy


def refuse(stats, url: str, reason: str) -> None:
    stats.inc_value(f"newsbot/address_policy/refused/{reason}")
    logger.warning("Refused %s: %s", url, reason.replace("_", " "))
