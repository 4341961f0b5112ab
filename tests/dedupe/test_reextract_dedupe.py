"""Re-extraction refreshes the dedupe signature and the story of what it reads again (real PostgreSQL).

Each article is stored as a crawl stores it, but with the text an older,
worse extractor read (the paragraphs given), over a capture that holds
another text; ``newsbot reextract`` then reads the capture again.
"""

from __future__ import annotations

import asyncio

import psycopg

from newsbot.archive.reextract import reextract_archive, reextract_article
from newsbot.dedupe.signatures import SCHEME, band_hashes, fingerprint, unpack_minhash
from tests.dedupe.harness import Harness, rows, story_of
from tests.dedupe.texts import REWRITE, REWRITE_TITLE, SAME_TOPIC, SAME_TOPIC_TITLE, WIRE, WIRE_TITLE

HARBOUR = "https://www.harbourtimes.example/news/dock-strike-ends"
COAST = "https://coastpost.example/2026/03/05/dockers-return/"


def page(title: str, paragraphs: tuple[str, ...]) -> str:
    """A news page as the site serves it."""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (f"<html lang='en'><head><title>{title}</title>"
            f"<meta property='og:type' content='article'></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def store(database_url: str, *articles: tuple[str, str, str, tuple[str, ...], str]) -> None:
    """Store (source, url, title, paragraphs read, page html) as one crawl run."""
    async def scenario():
        async with Harness(database_url) as archive:
            for source, url, title, paragraphs, html in articles:
                await archive.store(source, url, title, paragraphs, html=html)
    asyncio.run(scenario())


def article_id(database_url: str, url: str) -> int:
    (found,), = rows(database_url, "SELECT article_id FROM articles WHERE canonical_url = %(u)s", {"u": url})
    return found


def links(database_url: str, url: str) -> tuple:
    (row,) = rows(database_url, "SELECT story_id, duplicate_of FROM articles WHERE canonical_url = %(u)s",
                  {"u": url})
    return row


def test_an_article_read_again_as_a_copy_is_signed_anew_and_joins_the_copys_story(database_url):
    store(database_url,
          ("coastpost", COAST, WIRE_TITLE, WIRE, page(WIRE_TITLE, WIRE)),
          # An older extractor took the page's other story for the article.
          ("harbourtimes", HARBOUR, REWRITE_TITLE, SAME_TOPIC, page(REWRITE_TITLE, REWRITE)))
    coast, harbour = article_id(database_url, COAST), article_id(database_url, HARBOUR)
    assert story_of(database_url, HARBOUR) != story_of(database_url, COAST)
    old_bands = set(rows(database_url, "SELECT band, band_hash FROM signature_bands WHERE article_id = %(a)s",
                         {"a": harbour}))

    with psycopg.connect(database_url) as conn:
        result = reextract_article(conn, harbour)
    assert result.new_snapshot_id is not None and "body" in result.changed_fields

    (body, word_count), = rows(database_url, "SELECT body, word_count FROM snapshots WHERE snapshot_id = %(s)s",
                               {"s": result.new_snapshot_id})
    assert REWRITE[0] in body
    # The signature is the one a crawl storing this text computes ...
    expected = fingerprint(body)
    (scheme, body_hash, minhash, signed_words), = rows(
        database_url, "SELECT scheme, body_hash, minhash, word_count FROM article_signatures "
                      "WHERE article_id = %(a)s", {"a": harbour})
    assert (scheme, bytes(body_hash), bytes(minhash), signed_words) == (
        SCHEME, expected.body_hash, expected.minhash, expected.word_count)
    # ... and so are its LSH band keys; the old text's keys are gone.
    bands = set(rows(database_url, "SELECT band, band_hash FROM signature_bands WHERE article_id = %(a)s",
                     {"a": harbour}))
    assert bands == set(enumerate(int(h) for h in band_hashes(unpack_minhash(expected.minhash))))
    assert not bands & old_bands
    # The rewrite of the wire story now stands with the wire story.
    assert links(database_url, HARBOUR) == (story_of(database_url, COAST), coast)


def test_an_article_read_again_as_no_copy_leaves_the_story_it_was_wrongly_put_in(database_url):
    store(database_url,
          ("coastpost", COAST, WIRE_TITLE, WIRE, page(WIRE_TITLE, WIRE)),
          # An older extractor took the wire story in the sidebar for the article.
          ("harbourtimes", HARBOUR, SAME_TOPIC_TITLE, WIRE, page(SAME_TOPIC_TITLE, SAME_TOPIC)))
    coast = article_id(database_url, COAST)
    wire_story = story_of(database_url, COAST)
    assert links(database_url, HARBOUR) == (wire_story, coast)

    with psycopg.connect(database_url) as conn:
        results = {r.url: r for r in reextract_archive(conn)}
    assert results[HARBOUR].new_snapshot_id is not None
    story, duplicate_of = links(database_url, HARBOUR)
    assert story not in (None, wire_story) and duplicate_of is None
    # The article that started the wire story keeps it.
    assert links(database_url, COAST) == (wire_story, None)
    (first,), = rows(database_url, "SELECT first_article_id FROM story_clusters WHERE story_id = %(s)s",
                     {"s": story})
    assert first == article_id(database_url, HARBOUR)


def test_dry_run_and_no_dedupe_leave_signature_and_story_alone(database_url):
    store(database_url,
          ("coastpost", COAST, WIRE_TITLE, WIRE, page(WIRE_TITLE, WIRE)),
          ("harbourtimes", HARBOUR, REWRITE_TITLE, SAME_TOPIC, page(REWRITE_TITLE, REWRITE)))
    harbour = article_id(database_url, HARBOUR)
    query = ("SELECT a.story_id, a.duplicate_of, s.minhash FROM articles a "
             "JOIN article_signatures s USING (article_id) WHERE a.article_id = %(a)s")
    before = rows(database_url, query, {"a": harbour})
    with psycopg.connect(database_url) as conn:
        assert reextract_article(conn, harbour, dry_run=True).changed
        assert reextract_article(conn, harbour, dedupe=None).new_snapshot_id is not None
    assert rows(database_url, query, {"a": harbour}) == before
