"""A tiny site whose every answer a test writes: path -> (status, headers, body), with a request log.

For hostile setups: a page whose script fetches another origin, a page that
redirects elsewhere, a secret that a crawler must never read.
"""

from __future__ import annotations

import threading

from ._small import NOT_FOUND, RSS, Reply, SmallSite, rss_items


class ScriptedSite(SmallSite):
    def __init__(self, host: str = "127.0.0.1") -> None:
        super().__init__(host)
        self.pages: dict[str, Reply] = {"/robots.txt": Reply(200, b"User-agent: *\nDisallow:\n")}
        self.requested: list[str] = []
        # path -> Reply or None, for pages too many to list.
        self.fallback = lambda path: None
        self._lock = threading.Lock()

    def serve(self, path: str, body: str | bytes, status: int = 200,
              content_type: str = "text/html; charset=utf-8", **headers: str) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = Reply(status, data, content_type,
                                 {k.replace("_", "-"): v for k, v in headers.items()})
        return self.base_url + path

    def feed(self, path: str, *urls: str) -> str:
        return self.serve(path, rss_items(urls), content_type=RSS)

    def was_requested(self, path: str) -> bool:
        with self._lock:
            return any(p.split("?", 1)[0] == path for p in self.requested)

    def answer(self, request) -> Reply:
        with self._lock:
            self.requested.append(request.path)
        path = request.path.split("?", 1)[0]
        return self.pages.get(path) or self.fallback(path) or NOT_FOUND
