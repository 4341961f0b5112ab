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
    plain = reextract_version(stored({}))
    assert PROMO in plain.body and plain.language == "en"  # the page's own lang wins over the source's
    dropped = reextract_version(stored({"drop_selectors": [".promo"]}))
    assert PROMO not in dropped.body and STORY in dropped.body
    learned = reextract_version(stored({}), frozenset({block_fingerprint(PROMO)}))
    assert PROMO not in learned.body
