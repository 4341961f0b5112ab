"""End to end: two local news sites built from real pages, crawled twice as a new user would.

Serves ``../shared/benchmarks/article-extraction`` (181 pages) and
``../shared/benchmarks/news-articles`` (129 pages) as two news sites on
127.0.0.1, each with what a real site has around its articles: an RSS feed
(the newest 50), a sitemap index with two sitemaps (every article, with
lastmod, plus the tag, about and login pages and a withdrawn story that
answers 200 "Page not found"), a paginated section (20 links a page, with
print and tracking variants of each link), tag, about and login pages, a
robots.txt that disallows ``/private/`` (which the sections link to), and in
every article links to related stories that do not exist. Each article is
served at its original URL path, so relative links and canonicals resolve
as they did on the original site.

Both sites are crawled with ``scrapy crawl worldnews`` in a subprocess, with
the shipped settings except the politeness limits, which are lifted for
loopback: ``AUTOTHROTTLE_ENABLED=False DOWNLOAD_DELAY=0
CONCURRENT_REQUESTS_PER_DOMAIN=16`` (the sources set
``allow_private_addresses = true``, as loopback needs); into a PostgreSQL
cluster started in a temporary directory; then crawled a second time.

Run from the repository root:

    .venv/bin/python -m benchmarks.e2e               # every page of both sets
    .venv/bin/python -m benchmarks.e2e --limit 30    # 30 pages per site, for development
    .venv/bin/python -m benchmarks.e2e --data /work/shared/benchmarks   # from a worktree
    .venv/bin/python -m benchmarks.e2e --profile /tmp/first.txt   # first crawl under py-spy (raw stacks)

Scores: coverage (stored / articles served, per site), body F1 of what was
stored (the article-extraction metric of benchmarks/extraction.py; a page not
stored scores as empty output), articles stored per second of wall time and
the crawl's CPU seconds, requests per stored article, non-articles stored,
robots-disallowed paths requested, and the second run's requests (and how
many of them were pages the first run had fetched). CPU milliseconds per
stored article of the first crawl are given per process: the crawl process
itself, its extraction processes (this process adopts and reaps the fork
server they come from, so their CPU is counted) and the PostgreSQL server
(postmaster and backends); the sites' server runs in this process and is
shown apart. The last line is:

    RESULT coverage=<min over sites> f1=<site1>/<site2> articles_per_s=<n> requests_per_article=<n>
           non_articles=<n> robots_violations=<n> second_run_requests=<n>
           second_run_refetched=<n> cpu_s=<n> cpu_ms_per_article=<n>
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from benchmarks._services import Archive, adopt_orphans, run_measured
from benchmarks.extraction import _f1, Page
from tests.sites._markup import HTML_UTF8, RSS, TEXT, XML, Response, attr, esc, page
from tests.sites._server import RequestLog, RouteTable, SiteServer

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "benchmarks"
SETS = (("extraction", "article-extraction"), ("news", "news-articles"))
POLITENESS = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
              "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16")
FEED_SIZE = 50
SECTION_PAGE_SIZE = 20
DISALLOWED = "/private/"
NON_ARTICLE_PATHS = ("/tag/politics/", "/about/", "/login/", "/stories/withdrawn-story-about-the-ferry/")
EPOCH = datetime(2026, 3, 1, tzinfo=timezone.utc)


@dataclass
class Site:
    name: str
    server: SiteServer
    requests: list[tuple[str, str]]
    articles: dict[str, Page] = field(default_factory=dict)  # URL -> page with its truth

    @property
    def base(self) -> str:
        return self.server.base_url


def load(data_dir: Path, limit: int | None) -> list[tuple[str, dict, bytes]]:
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    return [(i, truth[i], gzip.decompress((data_dir / "html" / f"{i}.html.gz").read_bytes()))
            for i in ids]


def article_path(original_url: str, page_id: str, taken: set[str]) -> str:
    """The page's original path (so its relative canonical still names it), unique on the site."""
    path = urlsplit(original_url).path or "/"
    if path in ("", "/") or path.startswith(DISALLOWED) or path in taken or path in NON_ARTICLE_PATHS:
        path = f"/story/{page_id}.html"
    taken.add(path)
    return path


def with_dead_links(html: bytes, page_id: str) -> bytes:
    """Add links to related stories that do not exist, as article pages have."""
    links = (f'<p class="related"><a href="/related/{page_id}-follow-up-story.html">Follow-up story'
             f'</a> | <a href="/related/{page_id}-more-on-this.html">More on this</a></p>').encode()
    at = html.lower().rfind(b"</body>")
    return html[:at] + links + html[at:] if at >= 0 else html + links


def shell(title: str, body: str) -> str:
    return (f"<!doctype html><html><head><title>{esc(title)}</title></head><body>"
            '<nav><a href="/">Home</a> <a href="/section/1.html">News</a> '
            '<a href="/tag/politics/">Politics</a> <a href="/about/">About</a> '
            f'<a href="/login/">Log in</a></nav><main>{body}</main></body></html>')


def build_site(name: str, data_dir: Path, limit: int | None, requests: list) -> Site:
    server = SiteServer(RequestLog(requests))
    site = Site(name, server, requests)
    routes = RouteTable()
    base = server.base_url
    taken: set[str] = set()
    entries = []  # (url, title, lastmod)
    for index, (page_id, record, html) in enumerate(load(data_dir, limit)):
        path = article_path(record.get("url", ""), page_id, taken)
        routes.add_fixed(path, Response(200, HTML_UTF8, with_dead_links(html, page_id)))
        url = base + path
        site.articles[url] = Page(page_id, url, "", record["articleBody"])
        entries.append((url, record.get("title") or f"Story {page_id}", EPOCH - timedelta(hours=index)))
    urls = [url for url, _, _ in entries]
    # robots.txt, feed, sitemap index and sitemaps.
    routes.add_fixed("/robots.txt", page(f"User-agent: *\nDisallow: {DISALLOWED}\n\n"
                                         f"Sitemap: {base}/sitemap.xml\n", TEXT))
    items = "".join(f"<item><title>{esc(title)}</title><link>{esc(url)}</link>"
                    f"<pubDate>{moment:%a, %d %b %Y %H:%M:%S} +0000</pubDate></item>"
                    for url, title, moment in entries[:FEED_SIZE])
    routes.add_fixed("/feed.xml", page(f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
                                       f"<channel><title>{name}</title><link>{base}/</link>"
                                       f"{items}</channel></rss>", RSS))
    half = (len(entries) + 1) // 2
    children = ""
    for number, chunk in enumerate((entries[:half], entries[half:]), start=1):
        rows = [f"<url><loc>{esc(url)}</loc><lastmod>{moment.isoformat()}</lastmod></url>"
                for url, _, moment in chunk]
        if number == 2:
            rows += [f"<url><loc>{base}{path}</loc></url>" for path in NON_ARTICLE_PATHS]
        routes.add_fixed(f"/sitemap-{number}.xml", page(
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9">{"".join(rows)}</urlset>', XML))
        children += f"<sitemap><loc>{base}/sitemap-{number}.xml</loc></sitemap>"
    routes.add_fixed("/sitemap.xml", page(
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9">{children}</sitemapindex>', XML))
    # Paginated section; each link with its print and tracking variants, and a members-only link.
    pages = [urls[i:i + SECTION_PAGE_SIZE] for i in range(0, len(urls), SECTION_PAGE_SIZE)] or [[]]
    for number, chunk in enumerate(pages, start=1):
        links = "".join(
            f'<li><a href="{attr(url)}">Story {i}</a> <a href="{attr(url)}?print=1">Print</a> '
            f'<a href="{attr(url)}?utm_source=section&amp;utm_medium=web">Share</a></li>'
            for i, url in enumerate(chunk))
        links += f'<li><a href="{DISALLOWED}members-only-story-{number}.html">Members only story</a></li>'
        pager = f'<a rel="next" href="/section/{number + 1}.html">Next</a>' if number < len(pages) else ""
        routes.add_fixed(f"/section/{number}.html", page(shell(f"News, page {number}",
                                                               f"<ul>{links}</ul>{pager}")))
    # Pages that are not articles.
    headlines = "".join(f'<li><a href="{attr(url)}">{esc(title)}</a></li>' for url, title, _ in entries[:30])
    routes.add_fixed("/tag/politics/", page(shell("Politics", f"<h1>Politics</h1><ul>{headlines}</ul>")))
    routes.add_fixed("/about/", page(shell("About us", "<h1>About us</h1><p>We report the news of the "
                                                       "region, independently, since 1990.</p>")))
    routes.add_fixed("/login/", page(shell("Log in", '<form method="post"><input name="user">'
                                                     '<input type="password" name="pw"></form>')))
    routes.add_fixed("/stories/withdrawn-story-about-the-ferry/", page(shell(
        "Page not found", "<h1>Page not found</h1><p>Sorry, this story does not exist any more.</p>")))
    server.start(routes)
    return site


def write_sources(sites: list[Site], path: Path) -> Path:
    q = json.dumps
    lines = []
    for site in sites:
        lines += ["[[source]]", f"name = {q(site.name)}", f"home = {q(site.base + '/')}",
                  f"feeds = [{q(site.base + '/feed.xml')}]", f"sitemaps = [{q(site.base + '/sitemap.xml')}]",
                  f"sections = [{q(site.base + '/section/1.html')}]", "allow_private_addresses = true", ""]
    path.write_text("\n".join(lines))
    return path


@dataclass
class CrawlCost:
    """What one ``scrapy crawl`` took: wall seconds and CPU seconds per process."""

    wall: float
    crawl_cpu: float  # the crawl process itself (Scrapy, spider, pipelines, psycopg)
    workers_cpu: float  # its child processes: the extraction workers
    database_cpu: float  # the PostgreSQL server: postmaster and backends
    code: int
    sites_cpu: float = 0.0  # this process meanwhile: the local sites' server threads

    @property
    def cpu(self) -> float:
        return self.crawl_cpu + self.workers_cpu


def crawl(sources: Path, database_url: str, log: Path, archive: Archive,
          profile: Path | None = None, extra: tuple[str, ...] = ()) -> CrawlCost:
    """Run one ``scrapy crawl``; with ``profile``, under py-spy (its CPU figures then include py-spy's)."""
    # A spool of its own: another crawl running on the machine must not share it.
    env = {**os.environ, "NEWSBOT_SOURCES": str(sources), "NEWSBOT_DATABASE_URL": database_url,
           "NEWSBOT_SPOOL_DIR": str(log.parent / "spool")}
    command = [sys.executable, "-m", "scrapy", "crawl", "worldnews", *POLITENESS, *extra]
    if profile is not None:
        command = [str(Path(sys.executable).with_name("py-spy")), "record", "--subprocesses",
                   "--format", "raw", "-o", str(profile), "--", *command]
    database_before = archive.server_cpu()
    sites_before = time.process_time()
    with log.open("w") as out:
        cost = run_measured(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    sites_cpu = time.process_time() - sites_before
    # Backends end with the crawl's connections; give the postmaster a moment to reap them.
    time.sleep(0.5)
    return CrawlCost(cost.wall, cost.own_cpu, cost.descendants_cpu,
                     archive.server_cpu() - database_before, cost.code, sites_cpu)


def stored_articles(database_url: str) -> list[tuple[set[str], str]]:
    """Per stored article: its URLs (canonical and every fetched one) and its body."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("""
            SELECT a.canonical_url, array_agg(f.url), s.body
            FROM articles a
            JOIN snapshots s ON s.snapshot_id = a.current_snapshot_id
            JOIN fetches f ON f.article_id = a.article_id
            GROUP BY a.article_id, s.body""").fetchall()
    return [({canonical, *fetched}, body or "") for canonical, fetched, body in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="pages per site (default: all)")
    parser.add_argument("--keep-logs", type=Path, default=None, help="write the crawl logs here")
    parser.add_argument("--data", type=Path, default=SHARED,
                        help=f"folder holding both sets (default {SHARED})")
    parser.add_argument("--profile", type=Path, default=None,
                        help="run the first crawl under py-spy and write its raw stacks here")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra Scrapy setting for both crawls (experiments)")
    args = parser.parse_args(argv)
    extra = tuple(part for setting in args.set for part in ("-s", setting))
    folders = [(name, args.data / folder) for name, folder in SETS]
    missing = [str(d) for _, d in folders if not (d / "ground-truth.json").exists()]
    if missing:
        print(f"e2e: benchmark data not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    logs = args.keep_logs or Path(os.environ.get("TMPDIR", "/tmp")) / "newsbot-e2e-logs"
    logs.mkdir(parents=True, exist_ok=True)
    requests: list[tuple[str, str]] = []
    sites = [build_site(name, data_dir, args.limit, requests) for name, data_dir in folders]
    try:
        with Archive() as archive:
            adopt_orphans()  # after the cluster started: its postmaster is not this process's
            url = archive.fresh("e2e")
            sources = write_sources(sites, logs / "sources.toml")
            cost = crawl(sources, url, logs / "first.log", archive, args.profile,
                         extra)
            first = list(requests)
            requests.clear()
            cost2 = crawl(sources, url, logs / "second.log", archive, extra=extra)
            second = list(requests)
            if cost.code or cost2.code:
                print(f"e2e: a crawl failed (exit {cost.code}, {cost2.code}); logs in {logs}",
                      file=sys.stderr)
                return 1
            stored = stored_articles(url)
    finally:
        for site in sites:
            site.server.stop()
    return report(sites, first, second, stored, cost, cost2)


def report(sites: list[Site], first: list, second: list, stored_rows: list[tuple[set[str], str]],
           cost: CrawlCost, cost2: CrawlCost) -> int:
    wall, cpu, wall2 = cost.wall, cost.cpu, cost2.wall
    all_articles = {url for site in sites for url in site.articles}
    bodies = {url: body for urls, body in stored_rows for url in urls}
    non_articles = sum(1 for urls, _ in stored_rows if not urls & all_articles)
    stored_total = 0
    coverages, f1s = [], []
    print(f"{'site':<12}{'articles':>9}{'stored':>8}{'coverage':>10}{'body F1':>9}")
    for site in sites:
        pages = list(site.articles.values())
        stored = [p for p in pages if p.url in bodies]
        stored_total += len(stored)
        coverage = len(stored) / len(pages) if pages else 0.0
        f1 = _f1(pages, [bodies.get(p.url, "") for p in pages])[2]
        coverages.append(coverage)
        f1s.append(f1)
        print(f"{site.name:<12}{len(pages):>9}{len(stored):>8}{coverage:>10.3f}{f1:>9.3f}")
    fetched_first = {(origin, target) for origin, target in first}
    violations = sum(1 for _, target in first + second if target.startswith(DISALLOWED))
    again = sum(1 for entry in second if entry in fetched_first and not _is_listing(entry[1]))
    per_article = len(first) / stored_total if stored_total else float("inf")
    print(f"\nfirst run: {len(first)} requests in {wall:.1f} s wall, {cpu:.1f} s CPU (crawl process"
          f" and its extraction workers); {stored_total} articles stored, {stored_total / wall:.1f}"
          f" articles/s, {stored_total / cpu if cpu else 0:.1f} articles per CPU second")
    per = 1000 / stored_total if stored_total else 0.0
    print(f"CPU ms per stored article: crawl process {cost.crawl_cpu * per:.1f}, extraction workers"
          f" {cost.workers_cpu * per:.1f}, PostgreSQL {cost.database_cpu * per:.1f}, total"
          f" {(cost.cpu + cost.database_cpu) * per:.1f} (and the sites' server, in this process,"
          f" {cost.sites_cpu * per:.1f})")
    print(f"requests per stored article: {per_article:.2f}; non-articles stored: {non_articles};"
          f" disallowed paths requested: {violations}")
    print(f"second run: {len(second)} requests in {wall2:.1f} s ({again} of them pages the first run"
          " fetched; the rest robots.txt, feeds, sitemaps and sections)")
    print("politeness lifted for loopback: " + " ".join(POLITENESS[1::2]) + "; machine shared, timings noisy")
    print(f"RESULT coverage={min(coverages):.3f} f1={'/'.join(f'{f:.3f}' for f in f1s)} "
          f"articles_per_s={stored_total / wall:.1f} requests_per_article={per_article:.2f} "
          f"non_articles={non_articles} robots_violations={violations} "
          f"second_run_requests={len(second)} second_run_refetched={again} cpu_s={cpu:.1f} "
          f"cpu_ms_per_article={(cost.cpu + cost.database_cpu) * per:.1f}")
    return 0


def _is_listing(target: str) -> bool:
    return target in ("/robots.txt", "/feed.xml", "/sitemap.xml") or target.startswith(
        ("/sitemap-", "/section/"))


if __name__ == "__main__":
    sys.exit(main())
