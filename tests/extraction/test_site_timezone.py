"""A source's time zone: where a page gives its time without an offset and states none anywhere."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsbot.archive.reextract import rules_from_config
from newsbot.extraction import SiteRules, extract_article
from newsbot.sources import SourcesConfigError, load_sources

URL = "https://harbourtimes.example/2026/01/15/ferry-fares"
BODY = "<p>The ferry company will raise fares by four per cent from March, its board said on Thursday.</p>" * 4


def page(published: str, modified: str | None = None) -> str:
    modified_meta = f'<meta property="article:modified_time" content="{modified}">' if modified else ""
    return (f'<html><head><title>Ferry fares rise</title><meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="{published}">{modified_meta}</head>'
            f'<body><article><h1>Ferry fares rise</h1>{BODY}</article></body></html>')


def published(html: str, zone: str | None) -> datetime | None:
    return extract_article(html, URL, rules=SiteRules(timezone=zone)).published_at


def test_a_naive_time_is_read_in_the_sources_zone():
    # Winter: Berlin is UTC+1; summer: UTC+2 (the zone, not a fixed offset).
    assert published(page("2026-01-15T09:30:00"), "Europe/Berlin") == datetime(2026, 1, 15, 8, 30, tzinfo=timezone.utc)
    assert published(page("2026-07-15T09:30:00"), "Europe/Berlin") == datetime(2026, 7, 15, 7, 30, tzinfo=timezone.utc)


def test_without_a_zone_a_naive_time_is_utc():
    assert published(page("2026-01-15T09:30:00"), None) == datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc)


def test_an_offset_the_page_states_wins_over_the_sources_zone():
    stated = published(page("2026-01-15T09:30:00+05:30"), "Europe/Berlin")
    assert stated.utcoffset() == timedelta(hours=5, minutes=30)
    # ... also when only the modified time states it.
    naive = published(page("2026-01-15T09:30:00", modified="2026-01-15T10:00:00-05:00"), "Europe/Berlin")
    assert naive == datetime(2026, 1, 15, 14, 30, tzinfo=timezone.utc)


def _sources(tmp_path: Path, lines: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(lines + '\n[[source]]\nname = "harbour"\nhome = "https://harbourtimes.example/"\n'
                    'feeds = ["https://harbourtimes.example/feed"]\n')
    return path


def test_the_sources_file_sets_the_zone_per_source_or_by_default(tmp_path):
    (source,) = load_sources(_sources(tmp_path, '[defaults]\ntimezone = "Europe/Lisbon"'))
    assert source.extraction_rules == SiteRules(timezone="Europe/Lisbon")
    # Re-extraction reads the zone from the source's stored config.
    assert rules_from_config(source.as_config()) == SiteRules(timezone="Europe/Lisbon")


@pytest.mark.parametrize("zone", ["Europe/Atlantis", "+02:00", "../../etc/passwd"])
def test_a_bad_zone_is_one_clear_error(tmp_path, zone):
    with pytest.raises(SourcesConfigError) as error:
        load_sources(_sources(tmp_path, f'[defaults]\ntimezone = "{zone}"'))
    assert f"is not a time zone name (an IANA name such as \"Europe/Berlin\")" in str(error.value)
    assert "\n" not in str(error.value)
