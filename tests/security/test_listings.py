"""Listings are bounded (sitemap depth, count, size) and decoded as they declare."""

from __future__ import annotations

import gzip

import psycopg

from tests.crawl.conftest import dump, run_crawl, stat
from tests.security.test_address_policy import article
from tests.sites._small import Reply
from tests.sites.scripted import ScriptedSite

XML = "application/xml"


def trap_site(site: ScriptedSite, children: int) -> None:
    """Every index lists ``children`` new indexes, for ever."""
    def index(path: str):
        if not (path.startswith("/idx") and path.endswith(".xml")):
            return None
        stem = path.removesuffix(".xml")
        entries = "".join(f"<sitemap><loc>{site.base_url}{stem}-{i}.xml</loc></sitemap>"
                          for i in range(children))
        body = f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/' \
               f'sitemap/0.9">{entries}</sitemapindex>'
        return Reply(200, body.encode(), XML)
    site.fallback = index


def sources_for(site: ScriptedSite, path, **fields: str) -> object:
    extra = "".join(f"{k} = {v}\n" for k, v in fields.items())
    path.write_text(f"""
[[source]]
name = "listed"
home = "{site.base_url}/"
allow_private_addresses = true
{extra}""")
    return path


def index_requests(site: ScriptedSite) -> list[str]:
    return [p for p in site.requested if p.startswith("/idx")]


def test_sitemap_indexes_are_followed_to_a_depth(database_url, tmp_path):
    with ScriptedSite() as site:
        trap_site(site, children=5)
        sources = sources_for(site, tmp_path / "s.toml", sitemaps=f'["{site.base_url}/idx.xml"]')
        result = run_crawl(database_url, sources, "-s", "NEWSBOT_SITEMAP_MAX_DEPTH=2", timeout=90)
        requested = index_requests(site)
    assert result.returncode == 0, dump(result)
    assert len(requested) == 1 + 5 + 25
    assert max(p.count("-") for p in requested) == 2
    assert stat(result.stats, "newsbot/sitemaps/too_deep") == 125


def test_sitemap_files_per_source_are_counted(database_url, tmp_path):
    with ScriptedSite() as site:
        trap_site(site, children=20)
        sources = sources_for(site, tmp_path / "s.toml", sitemaps=f'["{site.base_url}/idx.xml"]')
        result = run_crawl(database_url, sources, "-s", "NEWSBOT_SITEMAP_MAX_DEPTH=50",
                           "-s", "NEWSBOT_SITEMAP_MAX_FILES=30", timeout=90)
        requested = index_requests(site)
    assert result.returncode == 0, dump(result)
    assert len(requested) == 30
    assert stat(result.stats, "newsbot/sitemaps/too_many") >= 1


def test_an_oversize_gzipped_sitemap_is_skipped_with_a_stat(database_url, tmp_path):
    with ScriptedSite() as site:
        urls = "".join(f"<url><loc>{site.base_url}/news/story-{i}-of-many</loc></url>"
                       for i in range(3000))
        packed = gzip.compress(f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/'
                               f'schemas/sitemap/0.9">{urls}</urlset>'.encode())
        assert len(packed) < 40_000
        site.serve("/big.xml.gz", packed, content_type="application/x-gzip")
        sources = sources_for(site, tmp_path / "s.toml",
                              sitemaps=f'["{site.base_url}/big.xml.gz"]')
        limit = "100000"
        result = run_crawl(database_url, sources, "-s", f"NEWSBOT_SITEMAP_MAX_BYTES={limit}",
                           "-s", f"DOWNLOAD_MAXSIZE={limit}", timeout=90)
        articles = [p for p in site.requested if p.startswith("/news/")]
    assert result.returncode == 0, dump(result)
    assert stat(result.stats, "newsbot/sitemaps/too_large") == 1
    assert articles == []
    assert stat(result.stats, "spider_exceptions/ValueError") == 0
    assert stat(result.stats, "log_count/ERROR") == 0, dump(result)


def test_a_latin1_feed_is_read_as_latin1(database_url, tmp_path):
    with ScriptedSite() as site:
        page = site.serve("/news/caf%C3%A9-reopens-2026", article("The café reopens"))
        feed = (f'<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><item>'
                f'<title>Le café</title><link>{site.base_url}/news/café-reopens-2026</link>'
                f'</item></channel></rss>').encode("latin-1")
        site.serve("/feed.xml", feed, content_type="application/rss+xml")
        sources = sources_for(site, tmp_path / "s.toml", feeds=f'["{site.base_url}/feed.xml"]')
        result = run_crawl(database_url, sources, timeout=90)
    assert result.returncode == 0, dump(result)
    with psycopg.connect(database_url) as conn:
        stored = [r[0] for r in conn.execute("SELECT canonical_url FROM articles")]
    assert stored == [page]
