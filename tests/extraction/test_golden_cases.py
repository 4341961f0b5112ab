"""Golden pages: ``cases/<name>.html`` through extraction and cleaning, compared field by field.

Each ``<name>.expected.json`` holds the request (``input``: url, headers)
and the cleaned ``Article`` (``expected``: every field but ``url``, datetimes
as ISO 8601). One test per case and field, so a failure names both.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newsbot.cleaning import clean_article
from newsbot.extraction import Article, decode_html, extract_article

CASES_DIR = Path(__file__).resolve().parent / "cases"
CASE_NAMES = sorted(path.name.removesuffix(".expected.json") for path in CASES_DIR.glob("*.expected.json"))
FIELDS = [f.name for f in dataclasses.fields(Article)]


def _load_expected(name: str) -> dict[str, Any]:
    return json.loads((CASES_DIR / f"{name}.expected.json").read_text(encoding="utf-8"))


@cache
def _extracted(name: str) -> Article:
    spec = _load_expected(name)["input"]
    headers = spec.get("headers") or {}
    # Through decode_html, as the spider does: the case files declare their charsets.
    html = decode_html((CASES_DIR / f"{name}.html").read_bytes(), headers.get("Content-Type"))
    return clean_article(extract_article(html, spec["url"], headers))


def _as_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_as_json(item) for item in value]
    return value


def test_cases_exist() -> None:
    assert len(CASE_NAMES) >= 5
    for name in CASE_NAMES:
        assert (CASES_DIR / f"{name}.html").is_file(), name


@pytest.mark.parametrize("name", CASE_NAMES)
def test_expected_file_names_every_field(name: str) -> None:
    assert set(_load_expected(name)["expected"]) == set(FIELDS) - {"url"}


@pytest.mark.parametrize(
    ("name", "field"),
    [pytest.param(name, field, id=f"{name}-{field}") for name in CASE_NAMES for field in FIELDS],
)
def test_field(name: str, field: str) -> None:
    case = _load_expected(name)
    expected = case["input"]["url"] if field == "url" else case["expected"][field]
    assert _as_json(getattr(_extracted(name), field)) == expected


@pytest.mark.parametrize("name", CASE_NAMES)
def test_datetimes_are_timezone_aware(name: str) -> None:
    article = _extracted(name)
    for value in (article.published_at, article.modified_at):
        assert value is None or value.utcoffset() is not None


@pytest.mark.parametrize("name", CASE_NAMES)
def test_cleaning_is_idempotent(name: str) -> None:
    article = _extracted(name)
    assert clean_article(article) == article
