"""The archive side of site templates: recording sightings, loading them, forgetting the one-offs."""

from __future__ import annotations

import asyncio

import psycopg

from newsbot.archive.templates import TemplateArchive, site_boilerplate
from newsbot.extraction.templates import MAX_PAGE_KEYS, BlockSighting


def sightings(fingerprint: int, pages: range, site: str = "gazette.example") -> list[BlockSighting]:
    return [BlockSighting(site, fingerprint, page, f"block {fingerprint}") for page in pages]


def test_record_counts_distinct_pages_and_returns_the_merged_rows(database_url):
    archive = TemplateArchive(database_url)
    first = asyncio.run(archive.record(sightings(11, range(1, 3)) + sightings(22, range(1, 2))))
    assert {(r.fingerprint, r.page_count, tuple(r.page_keys)) for r in first} == {(11, 2, (1, 2)), (22, 1, (1,))}
    # Page 2 again (a re-fetch) and page 3: one new page.
    (row,) = asyncio.run(archive.record(sightings(11, range(2, 4))))
    assert row.page_count == 3 and row.page_keys == [1, 2, 3]


def test_page_keys_are_capped_but_the_count_goes_on(database_url):
    archive = TemplateArchive(database_url)
    (row,) = asyncio.run(archive.record(sightings(5, range(MAX_PAGE_KEYS + 4))))
    assert row.page_count == MAX_PAGE_KEYS  # one statement: only the first keys are sent
    (row,) = asyncio.run(archive.record(sightings(5, range(100, 104))))
    assert row.page_count == MAX_PAGE_KEYS + 4 and len(row.page_keys) == MAX_PAGE_KEYS


def test_load_returns_recurring_blocks_and_the_cli_reads_a_sites_template(database_url):
    archive = TemplateArchive(database_url)
    asyncio.run(archive.record(sightings(1, range(3)) + sightings(2, range(1)) + sightings(3, range(3), "other.example")))
    loaded = asyncio.run(archive.load(min_count=2))
    assert {(r.site, r.fingerprint) for r in loaded} == {("gazette.example", 1), ("other.example", 3)}
    with psycopg.connect(database_url) as conn:
        assert site_boilerplate(conn, "gazette.example", min_pages=3) == {1}
        assert site_boilerplate(conn, "gazette.example", min_pages=4) == frozenset()


def test_forget_deletes_old_one_off_blocks_only(database_url):
    archive = TemplateArchive(database_url)
    asyncio.run(archive.record(sightings(1, range(1)) + sightings(2, range(1)) + sightings(3, range(2))))
    with psycopg.connect(database_url) as conn:
        conn.execute("UPDATE site_template_blocks SET last_seen_at = now() - interval '40 days'"
                     " WHERE fingerprint IN (1, 3)")
    assert asyncio.run(archive.forget(days=30)) == 1
    with psycopg.connect(database_url) as conn:
        left = {f for (f,) in conn.execute("SELECT fingerprint FROM site_template_blocks")}
    assert left == {2, 3}
