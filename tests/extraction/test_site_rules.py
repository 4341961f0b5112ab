"""Per-source overrides: keep/drop selectors, as the sources config states them and extraction applies them."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsbot.cleaning import clean_article
from newsbot.extraction import SiteRules, extract_article, selector_problem
from newsbot.items import FetchedPage
from newsbot.sources import SourcesConfigError, load_sources
from newsbot.validation import rejection_reason
from pipelines.extract import ExtractPipeline

URL = "https://odd.example/2026/05/01/quarry-lake"
STORY = ("The flooded quarry north of Denholm will open for swimming in June, the county said, after "
         "tests found the water clean enough for the first time in a decade.")
SECOND = "Lifeguards will watch the shallow end on weekends, and a cafe opens in the old weighbridge."
PROMO = "Subscribers read every story first: join today and get the print edition for half price."
# A layout the generic path reads wrong: the story is in a table cell, the promo a paragraph in the next one.
PAGE = f"""<html><head><title>Quarry lake opens for swimming</title>
<meta property="og:type" content="article"></head><body>
<div class="sidebar"><p>{PROMO}</p></div>
<table class="layout"><tr><td class="nav"><a href="/">Home</a></td>
<td class="copy"><p>{STORY}</p><p>{SECOND}</p></td><td class="offer"><p>{PROMO}</p></td></tr></table>
<div class="related"><p>{PROMO}</p></div></body></html>"""


def body(rules: SiteRules | None) -> tuple[str, ...]:
    return clean_article(extract_article(PAGE, URL, rules=rules)).body


def test_keep_selectors_make_the_body_their_text_alone():
    assert body(SiteRules(keep_selectors=("td.copy",))) == (STORY, SECOND)


def test_xpath_works_as_well_as_css():
    assert body(SiteRules(keep_selectors=("//td[@class='copy']",))) == (STORY, SECOND)


def test_drop_selectors_remove_elements_before_extraction():
    # A promo written like a paragraph of the story, in the middle of it.
    page = (f"<html><body><article><h1>Quarry lake</h1><p>{STORY}</p><p class='promo'>{PROMO}</p>"
            f"<p>{SECOND}</p></article></body></html>")
    assert PROMO in extract_article(page, URL).body
    for selector in (".promo", "//p[@class='promo']"):
        assert extract_article(page, URL, rules=SiteRules(drop_selectors=(selector,))).body == (
            "Quarry lake", STORY, SECOND)


def test_a_keep_selector_that_matches_nothing_falls_back_to_the_generic_path():
    assert body(SiteRules(keep_selectors=("div.story-text",))) == body(None)


def test_rules_are_picklable_plain_values():
    import pickle

    rules = SiteRules(keep_selectors=("td.copy",))
    assert pickle.loads(pickle.dumps(rules)) == rules and not SiteRules()


@pytest.mark.parametrize("selector", ["div.story > p", "article p:not(.ad)", "//article//p", "(//p)[1]"])
def test_valid_selectors(selector):
    assert selector_problem(selector) is None


@pytest.mark.parametrize(("selector", "message"), [
    ("div[", "not a valid CSS selector"),
    ("//div[", "not a valid XPath expression"),
    ("x" * 600, "1 to 500 characters"),
])
def test_invalid_selectors_say_what_is_wrong(selector, message):
    assert message in selector_problem(selector)


def _sources(tmp_path: Path, field: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(f'[[source]]\nname = "odd"\nhome = "https://odd.example/"\n'
                    f'feeds = ["https://odd.example/feed"]\n{field}\n')
    return path


def test_sources_config_reads_the_selectors(tmp_path):
    (source,) = load_sources(_sources(tmp_path, 'keep_selectors = ["td.copy"]\ndrop_selectors = ["//aside"]'))
    assert source.extraction_rules == SiteRules(keep_selectors=("td.copy",), drop_selectors=("//aside",))


@pytest.mark.parametrize(("field", "message"), [
    ('drop_selectors = ["div["]', "field 'drop_selectors'[0]: 'div[': not a valid CSS selector"),
    ('keep_selectors = "td.copy"', "field 'keep_selectors': expected a list"),
    ('keep_selectors = [""]', "field 'keep_selectors'[0]: expected a non-empty string"),
])
def test_a_bad_selector_is_named_with_file_source_and_field(tmp_path, field, message):
    with pytest.raises(SourcesConfigError) as error:
        load_sources(_sources(tmp_path, field))
    assert str(error.value).startswith(f"{tmp_path / 'sources.toml'}: source 'odd': ")
    assert message in str(error.value)


class _Stats:
    def __init__(self):
        self.values = {}

    def inc_value(self, key, count=1):
        self.values[key] = self.values.get(key, 0) + count


def test_the_extract_pipeline_applies_the_item_sources_rules():
    pipeline = ExtractPipeline(_Stats(), max_bytes=1_000_000, workers=0)
    pipeline.rules = {"odd": SiteRules(keep_selectors=("td.copy",))}
    page = FetchedPage(source="odd", url=URL, requested_url=URL, status=200,
                       headers={"Content-Type": ["text/html; charset=utf-8"]}, body=PAGE.encode(),
                       fetched_at=datetime(2026, 5, 1, tzinfo=timezone.utc), discovered_via="feed")
    item = asyncio.run(pipeline.process_item(page))
    assert item.article.body == (STORY, SECOND)
    other = asyncio.run(pipeline.process_item(FetchedPage(**{**page.__dict__, "source": "other"})))
    assert other.article.body != (STORY, SECOND)


def test_a_page_that_is_gone_is_not_extracted():
    pipeline = ExtractPipeline(_Stats(), max_bytes=1_000_000, workers=0)
    page = FetchedPage(source="odd", url=URL, requested_url=URL, status=404,
                       headers={"Content-Type": ["text/html; charset=utf-8"]}, body=PAGE.encode(),
                       fetched_at=datetime(2026, 5, 1, tzinfo=timezone.utc), discovered_via="feed")
    item = asyncio.run(pipeline.process_item(page))
    assert (item.article.title, item.article.body) == (None, ())
    # ... and validate still drops it for its answer.
    assert rejection_reason(item, min_words=40) == "http_404"
