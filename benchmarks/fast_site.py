"""A fast local news site for the throughput benchmark: asyncio, HTTP/1.1 keep-alive, ready-made pages.

The test suite's fixture sites (tests/sites) run on the standard library's
ThreadingHTTPServer: HTTP/1.0, so a new TCP connection and a new thread per
request, in the harness's own process. Past a few thousand pages that server,
not the crawler, sets the pace. This one keeps connections open, answers
from a dict of finished responses (status line, headers and body as one
``bytes``), and runs in a process of its own.

The pages are those of the fixture sites' three templates (dailyharbor,
meridian, plainpost) with their generated stories (``tests.sites.stories_for``),
so a crawl does the same extraction work as on the fixture sites. Only the
bodies of the generated stories are rewritten: the fixture generator builds
them from one pool of sentence templates, so at 10,000 articles two in three
would be near-duplicates of an earlier one, where real news has almost none
(newsbot/dedupe/signatures.py). Here each body keeps its paragraph and word
counts but draws its words at random from the fixture text's own vocabulary
(about 1,900 words), which makes every article distinct. Discovery
is a sitemap index per site naming sitemaps of 1,000 article URLs each; the
sites' own feeds and sections are left out, so every run finds exactly the
same pages.

Run alone (serves until interrupted; prints one ``READY {...}`` JSON line):

    .venv/bin/python -m benchmarks.fast_site --articles 10000 --sources /tmp/bench-sources.toml

From Python, ``FastSites`` runs it as a subprocess:

    with FastSites(articles=10_000, sources=path) as sites:
        sites.article_count, sites.bases
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import math
import random
import re
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

from tests.sites import dailyharbor, meridian, plainpost, stories_for

TEMPLATES = (dailyharbor, meridian, plainpost)
SITEMAP_SIZE = 1000
PAGE_SIZE = 20
SITEMAP_INDEX = "/bench-sitemaps/index.xml"
# tests/sites numbers its generated stories from here on.
GENERATED_NUMBERS = 200_000
_WORD = re.compile(r"[A-Za-z]+")
_REPO = Path(__file__).resolve().parents[1]


@dataclass
class SiteContent:
    """One site: its routes from tests/sites, its article URLs, and the benchmark's sitemaps."""

    name: str
    site_name: str
    language: str
    base: str
    routes: object  # tests.sites RouteTable
    article_urls: list[str]
    ready: dict[str, bytes] = field(default_factory=dict)

    def response(self, target: str, keep: bool) -> bytes:
        cached = self.ready.get(target)
        if cached is not None:
            return cached
        found = self.routes.get(target)
        raw = (_http_response(found.status, found.content_type, found.body) if found
               else _http_response(404, "text/plain", b"404 Not Found\n"))
        if keep:
            self.ready[target] = raw
        return raw


def _http_response(status: int, content_type: str, body: bytes) -> bytes:
    head = (f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


def _xml(lines: list[str]) -> bytes:
    return _http_response(200, "application/xml; charset=utf-8",
                          ("\n".join(lines) + "\n").encode("utf-8"))


def _sitemaps(base: str, urls: list[str]) -> dict[str, bytes]:
    """The index and its child sitemaps, as ready responses by request target."""
    chunks = [urls[i:i + SITEMAP_SIZE] for i in range(0, len(urls), SITEMAP_SIZE)]
    out = {}
    children = []
    for number, chunk in enumerate(chunks, start=1):
        target = f"/bench-sitemaps/{number}.xml"
        children.append(f"<sitemap><loc>{base}{target}</loc></sitemap>")
        out[target] = _xml(['<?xml version="1.0" encoding="UTF-8"?>',
                            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
                            *(f"<url><loc>{url}</loc></url>" for url in chunk), "</urlset>"])
    out[SITEMAP_INDEX] = _xml(['<?xml version="1.0" encoding="UTF-8"?>',
                               '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
                               *children, "</sitemapindex>"])
    return out


def distinct_bodies(stories: list, vocabulary: list[str]) -> list:
    """The stories, each generated one with a body of random words in the same shape."""
    out = []
    for story in stories:
        if story.number < GENERATED_NUMBERS:
            out.append(story)  # hand-written: keep as is
            continue
        rng = random.Random(story.slug)
        paragraphs = []
        for paragraph in story.body:
            words = [rng.choice(vocabulary) for _ in paragraph.split()]
            sentences, start = [], 0
            while start < len(words):
                end = start + rng.randint(9, 20)
                sentence = " ".join(words[start:end])
                sentences.append(sentence[0].upper() + sentence[1:] + ".")
                start = end
            paragraphs.append(" ".join(sentences))
        out.append(dataclasses.replace(story, body=tuple(paragraphs)))
    return out


def build_sites(articles: int, bases: list[str], prerender: bool) -> list[SiteContent]:
    """At least ``articles`` public articles spread over the three templates."""
    # At scale n a template has n times its hand-written public stories.
    per_scale = sum(1 for t in TEMPLATES for s in stories_for(t.NAME, 1) if not s.restricted)
    scale = max(2, math.ceil(articles / per_scale))
    stories = {t.NAME: stories_for(t.NAME, scale) for t in TEMPLATES}
    vocabulary = sorted({word.lower() for site_stories in stories.values()
                         for story in site_stories for paragraph in story.body
                         for word in _WORD.findall(paragraph)})
    sites = []
    for template, base in zip(TEMPLATES, bases, strict=True):
        built = template.build(base, distinct_bodies(stories[template.NAME], vocabulary),
                               PAGE_SIZE)
        urls = [article.url for article in built.articles]
        site = SiteContent(built.name, built.source.site_name, built.source.language, base,
                           built.routes, urls, _sitemaps(base, urls))
        if prerender:
            for url in urls:
                site.response(url[len(base):], keep=True)
        sites.append(site)
    return sites


def write_sources_toml(sites: list[SiteContent], path: Path) -> Path:
    q = json.dumps  # a JSON string is a valid TOML basic string
    lines = ["# Benchmark sites (benchmarks/fast_site.py), valid while they run.", "",
             "[defaults]", "allow_private_addresses = true   # the sites live on loopback", ""]
    for site in sites:
        lines += ["[[source]]", f"name = {q(site.name)}", f"site_name = {q(site.site_name)}",
                  f"home = {q(site.base + '/')}", f"language = {q(site.language)}",
                  "feeds = []", f"sitemaps = [{q(site.base + SITEMAP_INDEX)}]", "sections = []", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


async def _serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                            site: SiteContent, keep: bool) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            method, target, version = head[:head.index(b"\r\n")].split(b" ", 2)
            raw = site.response(target.decode("latin-1"), keep)
            if method == b"HEAD":
                raw = raw[:raw.index(b"\r\n\r\n") + 4]
            writer.write(raw)
            if writer.transport.get_write_buffer_size() > 1 << 20:
                await writer.drain()
            if version != b"HTTP/1.1" or b"connection: close" in head.lower():
                break
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
        pass  # the client went away, or sent what this server does not speak
    finally:
        writer.close()


async def _serve(listeners: list[socket.socket], sites: list[SiteContent], keep: bool,
                 ready_line: str) -> None:
    servers = []
    for sock, site in zip(listeners, sites, strict=True):
        def handler(reader, writer, site=site):
            return _serve_connection(reader, writer, site, keep)
        servers.append(await asyncio.start_server(handler, sock=sock, backlog=1024))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(ready_line, flush=True)
    await stop.wait()
    for server in servers:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--sources", type=Path, required=True, help="sources file to write")
    parser.add_argument("--lazy", action="store_true",
                        help="render each page when asked and keep nothing (for 100,000-page crawls)")
    args = parser.parse_args()
    listeners = []
    for _ in TEMPLATES:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        listeners.append(sock)
    bases = [f"http://127.0.0.1:{sock.getsockname()[1]}" for sock in listeners]
    sites = build_sites(args.articles, bases, prerender=not args.lazy)
    write_sources_toml(sites, args.sources)
    ready = {"articles": sum(len(s.article_urls) for s in sites),
             "bases": {s.name: s.base for s in sites}}
    asyncio.run(_serve(listeners, sites, keep=not args.lazy, ready_line=f"READY {json.dumps(ready)}"))


class FastSites:
    """Context manager: the fast site in a subprocess; ``article_count`` and ``bases`` once ready."""

    def __init__(self, articles: int, sources: Path, lazy: bool = False):
        self.articles = articles
        self.sources = Path(sources)
        self.lazy = lazy
        self.article_count = 0
        self.bases: dict[str, str] = {}
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> FastSites:
        command = [sys.executable, "-m", "benchmarks.fast_site", "--articles", str(self.articles),
                   "--sources", str(self.sources)] + (["--lazy"] if self.lazy else [])
        self._process = subprocess.Popen(command, cwd=_REPO, stdout=subprocess.PIPE, text=True)
        line = self._process.stdout.readline()
        if not line.startswith("READY "):
            self.__exit__()
            raise RuntimeError(f"benchmarks.fast_site did not start: {line!r}")
        ready = json.loads(line[len("READY "):])
        self.article_count, self.bases = ready["articles"], ready["bases"]
        return self

    @property
    def pid(self) -> int:
        return self._process.pid

    def __exit__(self, *exc_info: object) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process.stdout.close()
            self._process = None


if __name__ == "__main__":
    main()
