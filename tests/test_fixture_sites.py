"""The fixture news sites (tests/sites) serve what they promise: robots, feeds, sitemaps, articles, bad inputs."""

from __future__ import annotations

import html
import tomllib
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.robotparser import RobotFileParser

import pytest
from lxml import html as lxml_html

from tests.sites import ExpectedArticle, FixtureSites, render_seed_page

SEED_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seed"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
TEMPLATE_SITES = ("dailyharbor", "meridian", "plainpost")


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def text_of(url: str) -> str:
    return html.unescape(fetch(url)[2].decode("utf-8"))


def links_of(url: str) -> set[str]:
    document = lxml_html.fromstring(fetch(url)[2], base_url=url)
    document.make_links_absolute()
    return {link for _, attribute, link, _ in document.iterlinks() if attribute == "href"}


def sitemap_locs(url: str) -> list[str]:
    root = ET.fromstring(fetch(url)[2])
    return [loc.text for loc in root.iter(f"{SITEMAP_NS}loc")]


@pytest.fixture(scope="module")
def sites():
    with FixtureSites(seed_dir=SEED_DIR if SEED_DIR.is_dir() else None) as running:
        yield running


def test_each_site_is_its_own_origin(sites):
    assert set(TEMPLATE_SITES) | {"badinput"} <= set(sites.sites)
    ports = {url.rsplit(":", 1)[1] for url in sites.sites.values()}
    assert len(ports) == len(sites.sites)
    assert all(url.startswith("http://127.0.0.1:") for url in sites.sites.values())


def test_article_counts_and_variety(sites):
    per_site = Counter(article.site for article in sites.articles)
    for name in TEMPLATE_SITES:
        assert per_site[name] == 10
        own = [a for a in sites.articles if a.site == name]
        assert any(a.published_at.utcoffset() != timedelta(0) for a in own), name
        assert any(len(a.authors) == 2 for a in own), name
        assert any(len(a.body) <= 4 for a in own) and all(2 <= len(a.body) <= 8 for a in own), name
    assert per_site["badinput"] == 2
    assert all(isinstance(a, ExpectedArticle) and a.published_at.tzinfo for a in sites.articles)
    assert len({a.url for a in sites.articles}) == len(sites.articles)


def test_robots_txt_keeps_crawlers_out_of_one_path(sites):
    for name in TEMPLATE_SITES:
        base = sites.sites[name]
        parser = RobotFileParser()
        parser.parse(text_of(base + "/robots.txt").splitlines())
        own_disallowed = [u for u in sites.disallowed_urls if u.startswith(base + "/")]
        assert own_disallowed, name
        assert not any(parser.can_fetch("newsbot", url) for url in own_disallowed)
        assert all(parser.can_fetch("newsbot", a.url) for a in sites.articles if a.site == name)
    assert "Disallow: /private/" in text_of(sites.sites["dailyharbor"] + "/robots.txt")


def test_disallowed_articles_are_linked_and_listed_like_any_other(sites):
    sections = {"dailyharbor": "/category/world/", "meridian": "/world", "plainpost": "/world/index.html"}
    sitemaps = {"dailyharbor": "/post-sitemap.xml", "meridian": "/news-sitemap.xml", "plainpost": "/sitemap.xml"}
    for name in TEMPLATE_SITES:
        base = sites.sites[name]
        url = next(u for u in sites.disallowed_urls if u.startswith(base + "/"))
        assert fetch(url)[0] == 200
        assert url in sitemap_locs(base + sitemaps[name])
        # Only robots.txt keeps a crawler out: some section page links the story.
        section_pages = [u for u in sites.non_article_urls if u.startswith(base + sections[name].split("index")[0])]
        assert len(section_pages) >= 3, name
        assert any(url in links_of(page) for page in section_pages), name
        assert section_pages[1] in links_of(section_pages[0])  # page 1 links page 2


def test_feeds_parse_and_list_the_articles(sites, tmp_path):
    sources = tomllib.loads(sites.write_sources_toml(tmp_path / "sources.toml").read_text())
    assert sources["defaults"]["allow_private_addresses"] is True
    assert {s["name"] for s in sources["source"]} == set(sites.sites)
    for source in sources["source"]:
        assert source["home"] == sites.sites[source["name"]] + "/"
        for feed in source["feeds"]:
            root = ET.fromstring(fetch(feed)[2])
            links = [el.text for el in root.iter("link")] + [
                el.get("href") for el in root.iter("{http://www.w3.org/2005/Atom}link")]
            for article in sites.articles:
                if article.site == source["name"]:
                    assert article.url in links, (feed, article.url)


def test_sitemap_indexes_lead_to_child_sitemaps(sites):
    harbor = sites.sites["dailyharbor"]
    children = sitemap_locs(harbor + "/sitemap_index.xml")
    assert children == [harbor + "/post-sitemap.xml", harbor + "/page-sitemap.xml"]
    assert harbor + "/about/" in sitemap_locs(children[1])
    assert harbor + "/about/" in sites.non_article_urls
    meridian = sites.sites["meridian"]
    assert sitemap_locs(meridian + "/sitemap.xml") == [meridian + "/news-sitemap.xml"]
    news = ET.fromstring(fetch(meridian + "/news-sitemap.xml")[2])
    assert len(list(news.iter(f"{NEWS_NS}news"))) == 11
    for name in TEMPLATE_SITES:
        listed = set()
        for url in (sites.sites[name] + p for p in ("/post-sitemap.xml", "/news-sitemap.xml", "/sitemap.xml")):
            try:
                listed.update(sitemap_locs(url))
            except urllib.error.HTTPError:
                pass
        assert {a.url for a in sites.articles if a.site == name} <= listed


def test_every_article_is_served_with_its_paragraphs(sites):
    for article in sites.articles:
        if article.url == sites.bad_input_urls["cp1251"]:
            continue
        status, content_type, body = fetch(article.url)
        assert status == 200 and content_type.startswith("text/html"), article.url
        page = html.unescape(body.decode("utf-8"))
        assert article.title in page
        for paragraph in article.body:
            assert paragraph in page, (article.url, paragraph[:40])


def test_non_article_pages_are_served(sites):
    assert len(sites.non_article_urls) >= 3 * 8
    for url in sites.non_article_urls:
        assert fetch(url)[0] == 200, url
    for suffix in ("/tag/economy/", "/wp-login.php"):
        assert sites.sites["dailyharbor"] + suffix in sites.non_article_urls
    assert sites.sites["meridian"] + "/world?page=3" in sites.non_article_urls
    assert sites.sites["plainpost"] + "/world/page2.html" in sites.non_article_urls


def test_cp1251_page_declares_its_charset_only_in_a_meta_tag(sites):
    url = sites.bad_input_urls["cp1251"]
    status, content_type, body = fetch(url)
    assert status == 200 and content_type == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    page = body.decode("cp1251")
    assert 'charset=windows-1251' in page
    article = next(a for a in sites.articles if a.url == url)
    assert article.language == "ru"
    assert article.title in page and all(p in page for p in article.body)


def test_bad_inputs(sites):
    bad = sites.bad_input_urls
    assert set(bad) == {"malformed", "cp1251", "empty", "huge", "binary"}
    assert fetch(bad["empty"])[:3] == (200, "text/html", b"")
    status, _, body = fetch(bad["huge"])
    assert status == 200 and len(body) >= 10 * 1024 * 1024
    status, content_type, body = fetch(bad["binary"])
    assert content_type == "text/html" and b"\x00" in body
    assert bad["malformed"] in {a.url for a in sites.articles}
    assert {bad["empty"], bad["huge"], bad["binary"]}.isdisjoint(a.url for a in sites.articles)
    listed = sitemap_locs(sites.sites["badinput"] + "/sitemap.xml")
    assert set(bad.values()) <= set(listed)


def test_request_log_records_origin_and_path(sites):
    base = sites.sites["plainpost"]
    with pytest.raises(urllib.error.HTTPError):
        fetch(base + "/no/such/page.html")
    assert (base.removeprefix("http://"), "/no/such/page.html") in sites.requests


def test_seed_page(sites):
    if not SEED_DIR.is_dir():
        pytest.skip(f"no seed directory at {SEED_DIR}")
    page = render_seed_page(SEED_DIR)
    assert page == render_seed_page(SEED_DIR)
    article = next(a for a in sites.articles if a.site == "londonnews")
    assert article.section == "World" and len(article.body) == 19
    text = html.unescape(page)
    first_line = (SEED_DIR / "zelensky-trump-article.txt").read_text(encoding="utf-8").splitlines()[0]
    assert f"<title>{first_line}</title>" in text
    assert text.count(article.title) >= 3  # <title>, <h1>, repeated heading (plus og:title)
    assert "Related posts" in text and "This website uses cookies" in text
    assert all(paragraph in text for paragraph in article.body)
    served = fetch(article.url)[2].decode("utf-8")
    assert served == render_seed_page(SEED_DIR, sites.sites["londonnews"])
    assert article.url.startswith(sites.sites["londonnews"] + "/2025/10/11/zelensky-calls-on-trump")


def test_scale_multiplies_articles_and_pagination():
    with FixtureSites(scale=3) as big:
        counts = Counter(a.site for a in big.articles)
        assert all(counts[name] == 30 for name in TEMPLATE_SITES)
        assert len({a.body for a in big.articles}) == len(big.articles)
        base = big.sites["meridian"]
        assert base + "/world?page=2" in big.non_article_urls
        atom = ET.fromstring(fetch(base + "/atom.xml")[2])
        assert len(list(atom.iter("{http://www.w3.org/2005/Atom}entry"))) == 30
        for article in (a for a in big.articles if a.site == "plainpost"):
            page = text_of(article.url)
            assert all(paragraph in page for paragraph in article.body), article.url
