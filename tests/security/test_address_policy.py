"""One address policy for every request: per-source allowances, fail closed, the browser too."""

from __future__ import annotations

import asyncio
import gzip

import psycopg
import pytest

from newsbot.addresses import PRIVATE, PUBLIC, UNKNOWN, literal_kind, resolved_kind
from newsbot.middlewares.address_policy import AddressPolicy
from newsbot.sources import Source
from tests.crawl.conftest import dump, run_crawl, stat
from tests.render.conftest import CHROMIUM
from tests.sites.scripted import ScriptedSite

WORDS = ("The harbour council met on Tuesday to agree the winter timetable for the ferry, "
         "after a survey found the channel had moved east and two marker buoys were lost in "
         "the storms; residents asked for a bus link to the station and longer library hours.")


def article(title: str, extra: str = "") -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            "<meta property='og:type' content='article'></head><body><article>"
            f"<h1>{title}</h1><p>{WORDS}</p><p>{WORDS}</p>{extra}</article></body></html>")


@pytest.mark.parametrize("host", ["localhost", "localhost.", "LOCALHOST.", "a.localhost",
                                  "127.0.0.1", "[::1]", "::ffff:127.0.0.1", "[::ffff:7f00:1]",
                                  "64:ff9b::7f00:1", "[64:ff9b::a9fe:a9fe]", "2002:7f00:1::",
                                  "::127.0.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
                                  "fe80::1%eth0"])
def test_every_spelling_of_a_local_address_is_private(host):
    assert literal_kind(host) == PRIVATE
    assert resolved_kind(host) == PRIVATE


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f000001"])
def test_numeric_names_are_resolved_to_what_they_mean(host):
    assert resolved_kind(host) == PRIVATE


def test_public_addresses_are_public_and_unknown_names_are_not():
    assert literal_kind("93.184.215.14") == PUBLIC
    assert literal_kind("2606:4700::1111") == PUBLIC
    assert resolved_kind("no-such-host.invalid") == UNKNOWN


def _policy_verdict(policy, url, source):
    return asyncio.run(policy.refusal(url, source))


def test_an_allowance_covers_only_its_own_source():
    local = Source(name="local", home="http://127.0.0.1:8001/", feeds=("http://127.0.0.1:8001/f",),
                   allow_private_addresses=True)
    public = Source(name="public", home="https://news.example/", feeds=("https://news.example/f",))
    policy = AddressPolicy([local, public])
    assert _policy_verdict(policy, "http://127.0.0.1:8001/a", "local") is None
    assert _policy_verdict(policy, "http://127.0.0.1:8001/a", "public") == "private_address"
    assert _policy_verdict(policy, "http://127.0.0.1:8002/a", "local") == "private_address"
    # robots.txt requests carry no source: any allowing source's origin.
    assert _policy_verdict(policy, "http://127.0.0.1:8001/robots.txt", None) is None
    assert _policy_verdict(policy, "http://[64:ff9b::7f00:1]:8001/a", "local") == "private_address"
    assert _policy_verdict(policy, "http://localhost.:8001/a", "local") == "private_address"
    assert _policy_verdict(policy, "http://no-such-host.invalid/a", "public") == "unclassified_address"
    assert _policy_verdict(policy, "file:///etc/passwd", "local") == "scheme"


def test_a_redirect_into_another_sources_allowance_is_refused(database_url, tmp_path):
    with ScriptedSite() as victim, ScriptedSite() as other:
        secret = victim.serve("/news/internal-memo", article("Internal memo of the victim site"))
        victim.feed("/feed.xml")
        # "other" is allowed its own origin only; its article redirects into the victim's.
        moved = other.serve("/news/moved-story", "", status=302, Location=secret)
        own = other.serve("/news/own-story", article("A story of the other site"))
        other.feed("/feed.xml", moved, own)
        sources = tmp_path / "sources.toml"
        sources.write_text("".join(f"""
[[source]]
name = "{name}"
home = "{site.base_url}/"
feeds = ["{site.base_url}/feed.xml"]
allow_private_addresses = true
""" for name, site in (("victim", victim), ("other", other))))
        result = run_crawl(database_url, sources, timeout=120)
        memo_fetched = victim.was_requested("/news/internal-memo")
    assert result.returncode == 0, dump(result)
    assert not memo_fetched
    with psycopg.connect(database_url) as conn:
        stored = {r[0] for r in conn.execute("SELECT canonical_url FROM articles")}
    assert stored == {own}
    assert stat(result.stats, "newsbot/address_policy/refused/private_address") == 1


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed")
def test_a_rendered_page_cannot_reach_an_origin_its_source_was_not_allowed(database_url, tmp_path):
    with ScriptedSite() as site, ScriptedSite() as internal:
        internal.serve("/secret", "SECRET-TOKEN-4711", content_type="text/plain",
                       Access_Control_Allow_Origin="*")
        internal.serve("/frame", "<p>FRAMED-TOKEN-4711</p>")
        script = f"""<div id="out"></div>
<iframe src="{internal.base_url}/frame"></iframe>
<script>
fetch("{internal.base_url}/secret").then(r => r.text())
  .then(t => {{ document.getElementById("out").textContent = t; }}).catch(() => {{}});
</script>"""
        page = site.serve("/news/js-story", article("A rendered story", script))
        site.feed("/feed.xml", page)
        sources = tmp_path / "sources.toml"
        sources.write_text(f"""
[[source]]
name = "rendered"
home = "{site.base_url}/"
feeds = ["{site.base_url}/feed.xml"]
render = "js"
allow_private_addresses = true
""")
        result = run_crawl(database_url, sources, timeout=180)
        internal_requests = list(internal.requested)
    assert result.returncode == 0, dump(result)
    assert internal_requests == []
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT body, raw_response FROM snapshots").fetchall()
    assert len(rows) == 1
    body, raw = rows[0]
    assert "harbour" in body
    assert "TOKEN-4711" not in body
    assert b"TOKEN-4711" not in gzip.decompress(raw)
    assert stat(result.stats, "newsbot/address_policy/refused/private_address") >= 2
