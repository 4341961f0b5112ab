"""Dedupe in the archive: aliases, story clusters across outlets, state across runs (real PostgreSQL)."""

from __future__ import annotations

import asyncio

from newsbot.archive.writer import StoreOutcome
from newsbot.dedupe import known_urls
from tests.dedupe.harness import Harness, rows, story_of
from tests.dedupe.texts import (
    REWRITE,
    REWRITE_TITLE,
    SAME_TOPIC,
    SAME_TOPIC_TITLE,
    WIRE,
    WIRE_TITLE,
)

HARBOUR = "https://www.harbourtimes.example/news/dock-strike-ends"
HARBOUR_PRINT = "https://www.harbourtimes.example/print/4471"
COAST = "https://coastpost.example/2026/03/05/dockers-return/"
COAST_OTHER = "https://coastpost.example/2026/03/06/new-crane-terminal/"


def run(coroutine):
    return asyncio.run(coroutine)


def count(database_url: str, table: str) -> int:
    return rows(database_url, f"SELECT count(*) FROM {table}")[0][0]


def test_an_exact_copy_under_another_url_of_the_same_site_is_an_alias(database_url):
    async def scenario():
        async with Harness(database_url) as archive:
            first = await archive.store("harbourtimes", HARBOUR, WIRE_TITLE, WIRE)
            copy = await archive.store("harbourtimes", HARBOUR_PRINT, WIRE_TITLE, WIRE)
            tracked = await archive.store("harbourtimes", HARBOUR + "?utm_source=rss", WIRE_TITLE, WIRE)
            return first, copy, tracked, archive.stats

    first, copy, tracked, stats = run(scenario())
    assert (first, copy, tracked) == (StoreOutcome.NEW_ARTICLE, StoreOutcome.UNCHANGED,
                                      StoreOutcome.UNCHANGED)
    assert count(database_url, "articles") == 1
    assert count(database_url, "snapshots") == 1
    assert rows(database_url, "SELECT url, kind FROM article_urls ORDER BY kind, url") == [
        ("https://www.harbourtimes.example/print/4471", "alias"),
        (HARBOUR, "canonical")]
    assert rows(database_url, "SELECT url FROM fetches ORDER BY fetch_id") == [
        (HARBOUR,), (HARBOUR_PRINT,), (HARBOUR + "?utm_source=rss",)]
    assert stats["newsbot/dedupe/exact_duplicate"] == 1
    assert stats["newsbot/dedupe/url_alias"] == 1
    assert stats["newsbot/dedupe/new_story"] == 1


def test_an_alias_with_a_new_headline_is_a_new_version_of_the_same_article(database_url):
    async def scenario():
        async with Harness(database_url) as archive:
            await archive.store("harbourtimes", HARBOUR, WIRE_TITLE, WIRE)
            return await archive.store("harbourtimes", HARBOUR_PRINT, "Strike over", WIRE)

    assert run(scenario()) is StoreOutcome.NEW_VERSION
    assert count(database_url, "articles") == 1
    assert count(database_url, "snapshots") == 2


def test_outlets_keep_their_own_articles_in_one_story(database_url):
    async def scenario():
        async with Harness(database_url) as archive:
            await archive.store("harbourtimes", HARBOUR, WIRE_TITLE, WIRE)
            await archive.store("coastpost", COAST, REWRITE_TITLE, REWRITE)
            await archive.store("coastpost", COAST_OTHER, SAME_TOPIC_TITLE, SAME_TOPIC)
            await archive.store("bayherald", "https://bayherald.example/a/1", WIRE_TITLE, WIRE)
            return archive.stats

    stats = run(scenario())
    assert count(database_url, "articles") == 4
    wire_story = story_of(database_url, HARBOUR)
    assert story_of(database_url, COAST) == wire_story
    assert story_of(database_url, "https://bayherald.example/a/1") == wire_story
    assert story_of(database_url, COAST_OTHER) != wire_story
    assert stats["newsbot/dedupe/near_duplicate"] == 2
    assert stats["newsbot/dedupe/new_story"] == 2

    links = dict(rows(database_url, """
        SELECT a.canonical_url, (d.canonical_url, round(a.duplicate_similarity::numeric, 1))::text
        FROM articles a LEFT JOIN articles d ON d.article_id = a.duplicate_of"""))
    assert links[HARBOUR] == "(,)"
    assert links["https://bayherald.example/a/1"] == f"({HARBOUR},1.0)"
    assert links[COAST].startswith(f"({HARBOUR},0.")

    (story,) = rows(database_url, "SELECT outlets, outlet_count, article_count, first_url, title "
                                  "FROM stories WHERE story_id = %(s)s", {"s": wire_story})
    assert story == (["harbourtimes", "coastpost", "bayherald"], 3, 3, HARBOUR, WIRE_TITLE)
    ran_it = rows(database_url, """
        SELECT outlet, canonical_url, title FROM story_articles
        WHERE story_id = (SELECT story_id FROM articles WHERE canonical_url = %(u)s)
        ORDER BY first_seen_at""", {"u": COAST})
    assert [r[0] for r in ran_it] == ["harbourtimes", "coastpost", "bayherald"]
    assert ran_it[1] == ("coastpost", COAST, REWRITE_TITLE)


def test_the_threshold_setting_is_honoured(database_url):
    async def scenario():
        async with Harness(database_url, NEWSBOT_DEDUPE_THRESHOLD=0.9) as archive:
            await archive.store("harbourtimes", HARBOUR, WIRE_TITLE, WIRE)
            await archive.store("coastpost", COAST, REWRITE_TITLE, REWRITE)
            await archive.store("bayherald", "https://bayherald.example/a/1", WIRE_TITLE, WIRE)

    run(scenario())
    assert story_of(database_url, COAST) != story_of(database_url, HARBOUR)
    assert story_of(database_url, "https://bayherald.example/a/1") == story_of(database_url, HARBOUR)


def test_dedupe_state_survives_between_runs(database_url):
    async def first_run():
        async with Harness(database_url) as archive:
            await archive.store("harbourtimes", HARBOUR, WIRE_TITLE, WIRE)
            await archive.store("harbourtimes", HARBOUR_PRINT, WIRE_TITLE, WIRE)

    async def second_run():
        async with Harness(database_url) as archive:
            async with archive.writer.pool.connection() as conn:
                known = await known_urls(conn, [HARBOUR_PRINT + "?fbclid=x", "https://m.harbourtimes.example/news/dock-strike-ends/", COAST])
            await archive.store("coastpost", COAST, REWRITE_TITLE, REWRITE)
            again = await archive.store("harbourtimes", HARBOUR, WIRE_TITLE, WIRE)
            return known, again, archive.stats

    run(first_run())
    known, again, stats = run(second_run())
    assert known[HARBOUR_PRINT + "?fbclid=x"].is_alias
    assert known[HARBOUR_PRINT + "?fbclid=x"].canonical_url == HARBOUR
    assert known["https://m.harbourtimes.example/news/dock-strike-ends/"].kind == "canonical"
    assert COAST not in known
    assert again is StoreOutcome.UNCHANGED
    assert story_of(database_url, COAST) == story_of(database_url, HARBOUR)
    assert stats["newsbot/dedupe/near_duplicate"] == 1
    assert "newsbot/dedupe/signed" not in {k for k in stats if stats[k] > 1}
    runs = rows(database_url, "SELECT count(*) FROM crawl_runs")
    assert runs == [(2,)]


def test_copies_stored_at_the_same_moment_find_each_other(database_url):
    outlets = [f"outlet{i}" for i in range(6)]

    async def scenario():
        async with Harness(database_url) as archive:
            await asyncio.gather(*(
                archive.store(name, f"https://{name}.example/news/strike", WIRE_TITLE,
                              WIRE if i % 2 else REWRITE)
                for i, name in enumerate(outlets)))

    run(scenario())
    assert rows(database_url, "SELECT count(DISTINCT story_id), count(*) FROM articles") == [(1, 6)]
    assert rows(database_url, "SELECT count(*) FROM story_clusters") == [(1,)]


def test_a_new_version_replaces_the_signature_and_keeps_the_story(database_url):
    async def scenario():
        async with Harness(database_url) as archive:
            await archive.store("harbourtimes", HARBOUR, WIRE_TITLE, WIRE)
            before = rows(database_url, "SELECT minhash FROM article_signatures")
            outcome = await archive.store("harbourtimes", HARBOUR, WIRE_TITLE,
                                          WIRE + ("Update: the last ships berthed on Sunday.",))
            return before, outcome

    before, outcome = run(scenario())
    assert outcome is StoreOutcome.NEW_VERSION
    after = rows(database_url, "SELECT minhash FROM article_signatures")
    assert len(after) == 1 and after != before
    assert rows(database_url, "SELECT count(*), count(DISTINCT band) FROM signature_bands") == [(32, 32)]
    assert rows(database_url, "SELECT count(*) FROM story_clusters") == [(1,)]


def test_an_article_stored_before_dedupe_is_signed_on_its_next_fetch(database_url):
    async def scenario():
        async with Harness(database_url) as archive:
            await archive.store("harbourtimes", HARBOUR, WIRE_TITLE, WIRE, dedupe=False)
            assert story_of(database_url, HARBOUR) is None
            await archive.store("harbourtimes", HARBOUR, WIRE_TITLE, WIRE)

    run(scenario())
    assert story_of(database_url, HARBOUR) is not None
    assert count(database_url, "article_signatures") == 1


def light_rewrite(paragraph: str, every: int = 9) -> str:
    """Change one word in ``every`` (the copy an outlet makes of a wire story, roughly)."""
    words = paragraph.split()
    return " ".join(f"{w}ed" if i % every == every // 2 else w for i, w in enumerate(words))


def test_the_seed_article_and_a_rewrite_of_it_are_one_story(database_url):
    import json

    from tests.conftest import shared_path

    seed = json.loads(shared_path("seed", "expected.json").read_text())
    body = tuple(seed["body_paragraphs"])
    rewrite = tuple(light_rewrite(p) for p in body[:-2])

    async def scenario():
        async with Harness(database_url) as archive:
            await archive.store("londonnews", "https://london-news.example/2025/10/11/seed/",
                                seed["title"], body)
            await archive.store("wiredesk", "https://wiredesk.example/world/123456", seed["title"],
                                rewrite)
            await archive.store("coastpost", COAST, REWRITE_TITLE, REWRITE)

    run(scenario())
    seed_story = story_of(database_url, "https://london-news.example/2025/10/11/seed/")
    assert story_of(database_url, "https://wiredesk.example/world/123456") == seed_story
    assert story_of(database_url, COAST) != seed_story


def test_urls_of_articles_stored_without_dedupe_are_known_too(database_url):
    """The one lookup also answers from the articles' canonical URLs and their fetches."""
    async def scenario():
        async with Harness(database_url) as archive:
            await archive.store("harbourtimes", HARBOUR_PRINT, WIRE_TITLE, WIRE, canonical_url=HARBOUR,
                                dedupe=False)
            async with archive.writer.pool.connection() as conn:
                return await known_urls(conn, [HARBOUR, HARBOUR_PRINT, HARBOUR + "?utm_source=rss", COAST])

    known = run(scenario())
    assert count(database_url, "article_urls") == 0
    assert {url: hit.kind for url, hit in known.items()} == {
        HARBOUR: "canonical", HARBOUR + "?utm_source=rss": "canonical", HARBOUR_PRINT: "fetched"}
    assert not any(hit.is_alias for hit in known.values())
