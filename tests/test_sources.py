"""The sources config: the shipped file loads, and a bad one says exactly what is wrong."""

import pytest
from courlan.urlutils import get_tldinfo

from newsbot.sources import DEFAULT_SOURCES_PATH, SourcesConfigError, load_sources


# An outlet whose feeds live on a second registered domain of its own (the BBC's
# feeds.bbci.co.uk). Nothing else is allowed: a feed on a third party's domain
# (feedburner, a CDN) is not the outlet's own.
OWN_OTHER_DOMAINS = {"bbc-world": {"bbci.co.uk"}}


def registered_domain(url: str) -> str:
    return get_tldinfo(url)[1]


def test_the_shipped_sources_file_names_real_outlets():
    sources = load_sources(DEFAULT_SOURCES_PATH)
    assert len(sources) >= 25
    assert len({s.language for s in sources}) >= 6, sorted({s.language for s in sources})
    assert all(s.home.startswith("https://") for s in sources)
    assert not any(s.allow_private_addresses for s in sources)
    assert len({s.name for s in sources}) == len(sources)
    # Each outlet with its feed and its news sitemap.
    assert [s.name for s in sources if not (s.feeds and s.sitemaps)] == []


def test_each_feed_and_sitemap_is_on_the_outlets_own_domain():
    wrong = []
    for source in load_sources(DEFAULT_SOURCES_PATH):
        own = {registered_domain(source.home)} | OWN_OTHER_DOMAINS.get(source.name, set())
        wrong += [f"{source.name}: {url}" for url in (*source.feeds, *source.sitemaps)
                  if not url.startswith("https://") or registered_domain(url) not in own]
    assert wrong == []


def test_defaults_apply_unless_a_source_overrides_them(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("""
[defaults]
max_depth = 3
[[source]]
name = "a"
home = "https://a.example/"
feeds = ["https://a.example/feed"]
[[source]]
name = "b"
home = "https://b.example/"
sections = ["https://b.example/world"]
max_depth = 0
""")
    a, b = load_sources(path)
    assert (a.max_depth, b.max_depth) == (3, 0)
    assert a.owns("https://a.example/x") and not a.owns("https://b.example/x")


def test_a_source_owns_only_the_registered_domains_it_names(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("""
[[source]]
name = "bbc"
home = "https://www.bbc.com/news"
feeds = ["https://feeds.bbci.co.uk/news/world/rss.xml"]
domains = ["bbc.co.uk"]
[[source]]
name = "guardian"
home = "https://www.theguardian.com/world"
feeds = ["https://www.theguardian.com/world/rss"]
""")
    bbc, guardian = load_sources(path)
    assert bbc.owns("https://www.bbc.co.uk/news/world-1")
    assert bbc.owns("https://www.bbc.com/news/articles/abc")
    assert bbc.owns("https://news.bbci.co.uk/1")
    assert not bbc.owns("https://www.theguardian.com/world")
    # The same name under another public suffix is someone else's site.
    assert guardian.owns("https://amp.theguardian.com/world/1")
    assert not guardian.owns("https://theguardian.ru/world/1")
    assert not guardian.owns("https://www.theguardian.xyz/world/1")
    assert not guardian.owns("https://theguardian.com.evil.example/world/1")


def test_domains_must_be_registered_domains(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("""
[[source]]
name = "bbc"
home = "https://www.bbc.com/news"
feeds = ["https://www.bbc.com/feed"]
domains = ["www.bbc.co.uk"]
""")
    with pytest.raises(SourcesConfigError, match=r"field 'domains'\[0\]: 'www.bbc.co.uk' is not a "
                                                 r"registered domain"):
        load_sources(path)


def test_render_picks_the_pages_that_go_through_the_browser(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("""
[[source]]
name = "plain"
home = "https://plain.example/"
feeds = ["https://plain.example/feed"]
[[source]]
name = "spa"
home = "https://spa.example/"
feeds = ["https://spa.example/feed"]
render = "js"
[[source]]
name = "live"
home = "https://live.example/"
feeds = ["https://live.example/feed"]
render_js_url_patterns = ['^/live/']
""")
    plain, spa, live = load_sources(path)
    assert (plain.render, spa.render, live.render) == ("http", "js", "http")
    assert not plain.renders_with_js("https://plain.example/news/a-b-c")
    assert spa.renders_with_js("https://spa.example/news/a-b-c")
    assert live.renders_with_js("https://live.example/live/election-night?x=1")
    assert not live.renders_with_js("https://live.example/news/live/")


BAD_CONFIGS = [
    ('[[source]]\nname = "x"\nhome = "https://x.example/"\nfeeds = ["https://x.example/f"]\nrecrawl_after = ["1h", "3y"]\n', "source 'x': field 'recrawl_after'[1]: '3y' is not a duration"),
    ("not toml [", "not valid TOML"),
    ("", "no [[source]] entries"),
    ('[[source]]\nname = "x"\nfeeds = ["https://x.example/f"]\n', "source 'x': field 'home': missing"),
    ('[[source]]\nname = "x"\nhome = "ftp://x.example/"\nfeeds = []\n', "source 'x': field 'home': 'ftp://x.example/' is not an http(s) URL"),
    ('[[source]]\nname = "x"\nhome = "https://x.example/"\nfeeds = "https://x.example/f"\n', "source 'x': field 'feeds': expected a list"),
    ('[[source]]\nname = "x"\nhome = "https://x.example/"\nfeeds = ["nope"]\n', "source 'x': field 'feeds'[0]: 'nope' is not an http(s) URL"),
    ('[[source]]\nname = "x"\nhome = "https://x.example/"\n', "at least one URL is needed"),
    ('[[source]]\nname = "x"\nhome = "https://x.example/"\nfeeds = ["https://x.example/f"]\nmax_depth = "2"\n', "source 'x': field 'max_depth': expected a non-negative integer"),
    ('[[source]]\nname = "x"\nhome = "https://x.example/"\nfeeds = ["https://x.example/f"]\nfeed = []\n', "source 'x': unknown field(s) ['feed']"),
    ('[[source]]\nname = "x"\nhome = "https://x.example/"\nsections = ["https://x.example/"]\narticle_url_patterns = ["(unclosed"]\n', "field 'article_url_patterns'[0]: bad regular expression"),
    ('[[source]]\nname = "x"\nhome = "http://127.0.0.1:8000/"\nfeeds = ["http://127.0.0.1:8000/f"]\n', "private or loopback address"),
    ('[[source]]\nname = "Bad Name"\nhome = "https://x.example/"\nfeeds = ["https://x.example/f"]\n', "field 'name'"),
    ('[[source]]\nhome = "https://x.example/"\nfeeds = ["https://x.example/f"]\n', "source #1: field 'name': missing"),
    ('[defaults]\nhome = "https://x.example/"\n[[source]]\nname = "x"\nhome = "https://x.example/"\nfeeds = ["https://x.example/f"]\n', "[defaults]: field 'home' cannot have a default"),
    ('[[source]]\nname = "x"\nhome = "https://x.example/"\nfeeds = ["https://x.example/f"]\nrender = "chrome"\n', "source 'x': field 'render': expected \"http\" or \"js\", got 'chrome'"),
    ('[[source]]\nname = "x"\nhome = "https://x.example/"\nfeeds = ["https://x.example/f"]\nrender_js_url_patterns = ["[a-"]\n', "source 'x': field 'render_js_url_patterns'[0]: bad regular expression"),
    ('[[source]]\nname = "x"\nhome = "https://x.example/"\nfeeds = ["https://x.example/f"]\nrender = "js"\nrender_js_url_patterns = ["^/live/"]\n', "source 'x': field 'render_js_url_patterns': only applies with render = \"http\""),
]


@pytest.mark.parametrize("text, message", BAD_CONFIGS)
def test_a_bad_config_names_the_file_the_source_and_the_field(tmp_path, text, message):
    path = tmp_path / "sources.toml"
    path.write_text(text)
    with pytest.raises(SourcesConfigError) as caught:
        load_sources(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(SourcesConfigError, match="sources file not found"):
        load_sources(tmp_path / "absent.toml")
