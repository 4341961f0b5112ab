"""Re-extraction reads a stored capture with its source's stored selectors (pure part, no database)."""

from __future__ import annotations

from newsbot.archive.capture import pack_capture
from newsbot.archive.reextract import StoredVersion, reextract_version, rules_from_config
from newsbot.extraction import SiteRules
from newsbot.extraction.templates import block_fingerprint

STORY = "The flooded quarry north of Denholm opens for swimming in June, the county said on Friday."
PROMO = "Subscribers read every story first: join today and get the print edition for half price."
PAGE = (f"<html lang='en'><head><title>Quarry lake</title></head><body><article><h1>Quarry lake</h1>"
        f"<p>{STORY}</p><p class='promo'>{PROMO}</p><p>{STORY.replace('June', 'July')}</p></article></body></html>")


def stored(config: dict) -> StoredVersion:
    capture = pack_capture(200, {"Content-Type": ["text/html; charset=utf-8"]}, PAGE.encode())
    return StoredVersion(
        article_id=1, canonical_url="https://q.example/a", snapshot_id=1, url="https://q.example/a",
        content_hash="", title="", authors=[], published_at=None, modified_at=None, section=None, tags=[],
        language=None, site_name=None, summary=None, image_url=None, body="", extractor_version="old",
        raw_response=capture, source="q", source_language="de", source_config=config)


def test_rules_come_from_the_sources_stored_config():
    assert rules_from_config({"keep_selectors": ["td.x"], "drop_selectors": []}) == SiteRules(("td.x",), ())
    assert rules_from_config({}) == SiteRules()


def test_reextract_applies_selectors_templates_and_the_source_language():
    plain = reextract_version(stored({})).article
    assert PROMO in plain.body and plain.language == "en"  # the page's own lang wins over the source's
    dropped = reextract_version(stored({"drop_selectors": [".promo"]})).article
    assert PROMO not in dropped.body and STORY in dropped.body
    learned = reextract_version(stored({}), frozenset({block_fingerprint(PROMO)})).article
    assert PROMO not in learned.body


def test_a_reextraction_that_is_no_article_never_becomes_current(database_url):
    """A regressed reading (here: the capture holds a one-line stub) is refused by validation."""
    import asyncio
    from datetime import datetime, timezone

    import psycopg

    from newsbot.archive.reextract import reextract_article
    from newsbot.archive.writer import ArchiveWriter, FetchContext
    from newsbot.extraction.article import Article
    from newsbot.items import FetchedPage

    url = "https://quarry-stub.example/news/lake"
    stub = b"<html><head><title>Quarry lake</title></head><body><p>Quarry lake opens.</p></body></html>"
    article = Article(url=url, canonical_url=url, title="Quarry lake", body=(STORY, STORY, STORY))
    page = FetchedPage(source="q", url=url, requested_url=url, status=200,
                       headers={"Content-Type": ["text/html; charset=utf-8"]}, body=stub,
                       fetched_at=datetime.now(timezone.utc), discovered_via="feed")

    async def store():
        writer = await ArchiveWriter.open(database_url)
        try:
            await writer.store(article, page, FetchContext(None, None, "old"))
        finally:
            await writer.close()

    asyncio.run(store())
    with psycopg.connect(database_url) as conn:
        article_id, current = conn.execute(
            "SELECT article_id, current_snapshot_id FROM articles WHERE canonical_url = %s",
            [url]).fetchone()
        result = reextract_article(conn, article_id)
        after, = conn.execute("SELECT current_snapshot_id FROM articles WHERE article_id = %s",
                              [article_id]).fetchone()
        versions, = conn.execute("SELECT count(*) FROM snapshots WHERE article_id = %s",
                                 [article_id]).fetchone()
    assert result.changed and result.refused == "too_short"
    assert (after, versions, result.new_snapshot_id) == (current, 1, None)


def untitled(title: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> StoredVersion:
    capture = pack_capture(200, {"Content-Type": [content_type]}, body)
    return StoredVersion(
        article_id=1, canonical_url="https://q.example/a", snapshot_id=1, url="https://q.example/a",
        content_hash="", title=title, authors=[], published_at=None, modified_at=None, section=None,
        tags=[], language=None, site_name=None, summary=None, image_url=None, body="",
        extractor_version="old", raw_response=capture, source="q", source_language="en", source_config={})


def test_a_page_without_a_title_keeps_the_one_its_listing_gave():
    """As the validate stage gives a feed's title to a page that has none, so does re-extraction."""
    page = (f"<html><body><article><p>{STORY}</p><p>{STORY}</p><p>{STORY}</p></article></body></html>"
            ).encode()
    read = reextract_version(untitled("Quarry lake opens", page))
    assert read.refused is None and read.article.title == "Quarry lake opens"
    assert reextract_version(untitled("", page)).refused == "no_title"


def test_a_capture_extraction_refuses_is_refused_with_the_extract_stages_reason():
    assert reextract_version(untitled("Quarry lake", b"\x00\x01\x02" * 200, "application/octet-stream")
                             ).refused in ("binary_body", "not_html")
