"""A tiny site whose every answer a test writes: path -> (status, headers, body), with a request log.

For hostile setups: a page whose script fetches another origin, a page that
redirects elsewhere, a secret that a crawler must never read.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ScriptedSite:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {
            "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n")}
        self.requested: list[str] = []
        # path -> (status, headers, body) or None, for pages too many to list.
        self.fallback = lambda path: None
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, 0), _handler(self))
        self._server.daemon_threads = True
        self.base_url = f"http://{host}:{self._server.server_address[1]}"

    def __enter__(self) -> ScriptedSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def serve(self, path: str, body: str | bytes, status: int = 200,
              content_type: str = "text/html; charset=utf-8", **headers: str) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = (status, {"Content-Type": content_type,
                                     **{k.replace("_", "-"): v for k, v in headers.items()}}, data)
        return self.base_url + path

    def feed(self, path: str, *urls: str) -> str:
        items = "".join(f"<item><link>{url}</link></item>" for url in urls)
        return self.serve(path, f"<rss><channel>{items}</channel></rss>", content_type="application/rss+xml")

    def was_requested(self, path: str) -> bool:
        with self._lock:
            return any(p.split("?", 1)[0] == path for p in self.requested)


def _handler(site: ScriptedSite):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            with site._lock:
                site.requested.append(self.path)
            path = self.path.split("?", 1)[0]
            status, headers, body = site.pages.get(path) or site.fallback(path) or (
                404, {"Content-Type": "text/plain"}, b"not found")
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args) -> None:
            pass

    return Handler
