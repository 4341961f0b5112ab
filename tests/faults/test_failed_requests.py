"""Failed requests are crossed off the frontier journal and counted, in a real crawl."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.crawl.conftest import dump, run_crawl, stat

ARTICLE = b"""<html><head><title>Harbour ferry returns</title>
<meta property="og:type" content="article"></head><body><article><h1>Harbour ferry returns</h1>
<p>The harbour ferry returned to service on Monday after a month of repairs to its engines.</p>
<p>Passengers queued from early morning, and the first crossing left on time at seven.</p>
</article></body></html>"""


class _Site(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/feed.xml":
            links = "".join(f"<item><link>{base}/news/{name}.html</link></item>"
                            for name in ("ferry", "missing", "broken"))
            body, status, kind = f"<rss><channel>{links}</channel></rss>".encode(), 200, "application/rss+xml"
        elif self.path == "/news/ferry.html":
            body, status, kind = ARTICLE, 200, "text/html"
        elif self.path == "/news/broken.html":
            body, status, kind = b"oops", 500, "text/plain"
        else:
            body, status, kind = b"not here", 404, "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def small_site(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    sources = tmp_path / "sources.toml"
    sources.write_text(f"""[defaults]
allow_private_addresses = true

[[source]]
name = "small"
site_name = "Small"
home = "{base}/"
language = "en"
feeds = ["{base}/feed.xml"]
""")
    yield sources
    server.shutdown()


def test_failed_requests_are_crossed_off_and_counted(database_url, small_site, tmp_path):
    result = run_crawl(database_url, small_site, "-s", f"JOBDIR={tmp_path / 'job'}",
                       "-s", "RETRY_TIMES=0")
    assert result.returncode == 0, dump(result)
    stats = result.stats
    # A listed article's 404 is an answer (the page is gone: a recorded drop),
    # a 500 a failed request.
    assert stat(stats, "newsbot/validate/dropped/http_404") == 1
    assert stat(stats, "newsbot/request/failed/http_500") == 1
    # The feed, the article and the 404 done; the 500 crossed off as failed.
    assert stat(stats, "newsbot/journal/failed") == 1
    assert stat(stats, "newsbot/journal/done") == 3
    assert stat(stats, "newsbot/journal/recorded") == 4
