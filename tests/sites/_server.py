"""One stdlib HTTP server per fixture site, on 127.0.0.1 port 0, in a daemon thread."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from ._markup import TEXT, Response, newest_first
from ._model import Story

NOT_FOUND = Response(404, TEXT, b"404 Not Found\n")


class RouteTable:
    """Exact request target (path plus query) -> response, rendered on first request and kept.

    Rendering lazily keeps startup fast at large scales; caching keeps each
    request cheap, so a benchmark measures the crawler and not this server.
    """

    def __init__(self) -> None:
        self._renderers: dict[str, Callable[[], Response]] = {}
        self._cache: dict[str, Response] = {}
        self._lock = threading.Lock()

    def add(self, target: str, render: Callable[[], Response]) -> None:
        self._renderers[target] = render

    def add_fixed(self, target: str, response: Response) -> None:
        self._cache[target] = response
        self._renderers[target] = lambda: response

    def __contains__(self, target: str) -> bool:
        return target in self._renderers

    def get(self, target: str) -> Response | None:
        cached = self._cache.get(target)
        if cached is not None:
            return cached
        render = self._renderers.get(target)
        if render is None:
            return None
        with self._lock:
            cached = self._cache.get(target)
            if cached is None:
                cached = self._cache[target] = render()
        return cached


class SiteBuilder:
    """What a generated site's builder starts from: its stories newest first, the public ones, its routes."""

    def __init__(self, base: str, stories: list[Story], page_size: int) -> None:
        self.base = base
        self.stories = newest_first(stories)
        self.public = [s for s in self.stories if not s.restricted]
        self.page_size = page_size
        self.routes = RouteTable()
        self.non_articles: list[str] = []

    def url(self, path: str) -> str:
        return self.base + path


class RequestLog:
    """Thread-safe (origin, path) record of every request the servers answered."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        self.entries = entries
        self._lock = threading.Lock()

    def record(self, origin: str, target: str) -> None:
        with self._lock:
            self.entries.append((origin, target))


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "NewsbotFixture/1.0"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        self.server.request_log.record(self.server.origin, self.path)
        response = self.server.routes.get(self.path) or NOT_FOUND
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the request log is the record, stderr stays clean for pytest."""


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    # A crawler opens many connections at once; the default backlog of 5
    # would drop SYNs and turn a benchmark into a measure of TCP retries.
    request_queue_size = 128

    def __init__(self, request_log: RequestLog) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = RouteTable()
        self.request_log = request_log
        self.origin = f"127.0.0.1:{self.server_address[1]}"
        self.base_url = f"http://{self.origin}"
        self._thread: threading.Thread | None = None

    def start(self, routes: RouteTable) -> None:
        self.routes = routes
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"fixture-site-{self.origin}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
        self.server_close()

    def handle_error(self, request: object, client_address: object) -> None:
        # Crawlers drop connections mid-response (size limits, shutdown); that is not an error here.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)
