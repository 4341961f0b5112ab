"""The seed article (../shared/seed) rendered as a WordPress page must come out exactly as expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbot.cleaning import clean_article
from newsbot.extraction import extract_article

SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seed"

if not SEED_DIR.is_dir():
    pytest.skip(f"{SEED_DIR} is not here (only the project's own checkout has ../shared)", allow_module_level=True)

from tests.sites.seed_page import load_seed, render_seed_page, seed_article_path  # noqa: E402


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((SEED_DIR / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def article(expected):
    url = f"https://{expected['host']}{seed_article_path(load_seed(SEED_DIR))}"
    return clean_article(extract_article(render_seed_page(SEED_DIR), url))


def test_title_is_the_bare_headline(article, expected):
    assert article.title == expected["title"]


def test_body_is_exactly_the_article_paragraphs(article, expected):
    assert list(article.body) == expected["body_paragraphs"]


def test_section_and_site(article, expected):
    assert article.section == expected["section"]
    assert article.site_name == expected["site_name"]


@pytest.mark.parametrize("field", ["title", "body"])
def test_no_boilerplate_survives(article, expected, field):
    text = article.title if field == "title" else "\n".join(article.body)
    for boilerplate in expected["must_not_contain"]:
        assert boilerplate not in text


def test_related_headlines_are_not_body(article, expected):
    for related in expected["related_titles"]:
        assert related not in article.body


def test_it_reads_as_an_article(article):
    assert article.published_at is not None and article.published_at.utcoffset() is not None
    assert "og:type=article" in article.article_signals
    assert article.language == "en"


def test_cleaning_twice_changes_nothing(article):
    assert clean_article(article) == article
