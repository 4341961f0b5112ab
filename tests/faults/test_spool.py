"""The spool: a poison item is set aside, the rest drains; JSON per archive; a full disk fails loudly."""

from __future__ import annotations

import asyncio
import json
import os
import random
import string
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import psycopg
import pytest

from newsbot.archive.spool import SPOOL_FORMAT, Spool, SpooledItem, SpoolWriteError
from newsbot.archive.spool_location import archive_spool
from newsbot.archive.spooling_store import SpoolingStore, SpoolUnwritable, is_outage
from newsbot.archive.writer import ArchiveWriter, FetchContext, StoreEntry
from newsbot.extraction.article import Article
from newsbot.items import ArticleItem, FetchedPage


def make_item(n: int, url: str | None = None, body: str | None = None) -> ArticleItem:
    url = url or f"https://news.example/2026/03/14/story-{n}"
    article = Article(url=url, canonical_url=url, title=f"Story {n}",
                      authors=("A. Writer",), published_at=datetime(2026, 3, 14, tzinfo=timezone.utc),
                      body=(body or f"Paragraph of story {n} with ordinary words.",))
    page = FetchedPage(source="x", url=url, requested_url=url, status=200,
                       headers={"Content-Type": ["text/html"]}, body=b"<html>\x00\xff</html>",
                       fetched_at=datetime.now(timezone.utc), discovered_via="feed")
    return ArticleItem(page, article)


def long_random_url(length: int = 4000) -> str:
    # Random letters do not compress: the btree entry is too large for PostgreSQL.
    rng = random.Random(4000)
    path = "".join(rng.choice(string.ascii_letters) for _ in range(length))
    return f"https://news.example/{path}"


async def _store_all(database_url: str, spool_dir: Path, items: list[ArticleItem],
                     spool_first: list[ArticleItem] = ()) -> tuple[list[str], dict, Spool]:
    writer = await ArchiveWriter.open(database_url)
    counts: dict[str, int] = {}

    def count(event: str, n: int) -> None:
        counts[event] = counts.get(event, 0) + n

    write = batch_writer(writer)
    try:
        spool = await archive_spool(writer, spool_dir, "worldnews", count)
        for item in spool_first:
            spool.put(SpooledItem(item, None))
        store = SpoolingStore(write, spool, retry_interval=0.05, on_event=count)
        await store.drain()
        outcomes = [await store.store(item, None) for item in items]
    finally:
        await writer.close()
    return outcomes, counts, spool


def batch_writer(writer: ArchiveWriter):
    """The store pipeline's write, without the crawl: a batch in, an outcome (or error) per item."""
    async def write(batch: list[SpooledItem], replay: bool) -> list[str | Exception]:
        entries = [StoreEntry(s.item.article, s.item.page, FetchContext(None, None, "test"))
                   for s in batch]
        outcomes = await writer.store_batch(entries, replay)
        return [o if isinstance(o, Exception) else o.value for o in outcomes]
    return write


def stored_urls(database_url: str) -> set[str]:
    with psycopg.connect(database_url) as conn:
        return {r[0] for r in conn.execute("SELECT canonical_url FROM articles")}


def test_a_too_long_url_is_set_aside_and_the_rest_is_stored(database_url, tmp_path):
    poison = make_item(0, url=long_random_url())
    items = [make_item(1), poison, make_item(2)]
    outcomes, counts, spool = asyncio.run(_store_all(database_url, tmp_path, items))
    assert outcomes == ["new_article", "rejected", "new_article"]
    assert stored_urls(database_url) == {items[0].article.url, items[2].article.url}
    assert counts["rejected"] == 1 and counts["rejected/ProgramLimitExceeded"] == 1
    assert not spool.pending()
    [kept] = spool.rejected()
    record = json.loads(kept.read_text())
    assert record["error"]["type"] == "ProgramLimitExceeded"
    assert record["article"]["url"] == poison.article.url


def test_a_poison_item_in_the_spool_does_not_jam_the_items_behind_it(database_url, tmp_path):
    waiting = [make_item(1), make_item(0, url=long_random_url()), make_item(2)]
    outcomes, counts, spool = asyncio.run(
        _store_all(database_url, tmp_path, [make_item(3)], spool_first=waiting))
    assert outcomes == ["new_article"]
    assert stored_urls(database_url) == {f"https://news.example/2026/03/14/story-{n}"
                                         for n in (1, 2, 3)}
    assert counts == {"rejected": 1, "rejected/ProgramLimitExceeded": 1, "unspooled": 2}
    assert not spool.pending() and len(spool.rejected()) == 1


def test_program_limit_is_not_an_outage_but_a_dropped_connection_is():
    assert not is_outage(psycopg.errors.ProgramLimitExceeded("index row size"))
    assert not is_outage(psycopg.errors.DataError("bad"))
    assert not is_outage(psycopg.errors.UniqueViolation("dup"))
    assert is_outage(psycopg.OperationalError("connection refused"))
    assert is_outage(psycopg.errors.AdminShutdown("terminating"))


def test_spool_files_are_versioned_json_and_round_trip(tmp_path):
    spool = Spool(tmp_path)
    item = make_item(7)
    path = spool.put(SpooledItem(item, 42, {"threshold": 0.3, "max_candidates": 100}))
    record = json.loads(path.read_bytes())  # JSON, not pickle
    assert record["format"] == SPOOL_FORMAT
    assert record["page"]["body"] == {"$base64": "PGh0bWw+AP88L2h0bWw+"}
    record["article"]["a_field_from_a_later_version"] = "ignored"
    path.write_text(json.dumps(record))
    back = spool.load(path)
    assert back.item.page == item.page and back.item.article == item.article
    assert (back.run_id, back.dedupe) == (42, {"threshold": 0.3, "max_candidates": 100})


def test_a_page_packed_by_an_extraction_worker_is_spooled_without_its_capture(database_url,
                                                                              tmp_path):
    from newsbot.archive.capture import pack_page

    item = make_item(8)
    page = item.page
    page.capture = pack_page(page.status, page.headers, page.body)
    path = Spool(tmp_path).put(SpooledItem(item, None, None))
    assert "capture" not in json.loads(path.read_bytes())["page"]
    # Read back, the writer packs the capture again and stores the page.
    outcomes, counts, _ = asyncio.run(_store_all(database_url, tmp_path / "second", [],
                                                 spool_first=[item]))
    assert counts.get("unspooled") == 1 and not counts.get("rejected")
    assert stored_urls(database_url) == {page.url}


def test_each_database_has_its_own_spool(database_url, tmp_path):
    """Items spooled for one archive are not written by a crawl of another database."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        name = conn.execute("SELECT current_database()").fetchone()[0]
        other = f"{name}_other"
        conn.execute(f'DROP DATABASE IF EXISTS "{other}"')
        conn.execute(f'CREATE DATABASE "{other}" TEMPLATE "{name}"')
    other_url = database_url.replace(f"dbname={name}", f"dbname={other}").replace(
        f"/{name}", f"/{other}")
    try:
        # A crawl of the first archive left an item behind.
        async def leave_one():
            writer = await ArchiveWriter.open(database_url)
            try:
                spool = await archive_spool(writer, tmp_path, "worldnews", lambda e, n: None)
                spool.put(SpooledItem(make_item(1), None))
            finally:
                await writer.close()
        asyncio.run(leave_one())
        counts = asyncio.run(_store_all(other_url, tmp_path, [make_item(2)]))[1]
        assert stored_urls(other_url) == {"https://news.example/2026/03/14/story-2"}
        assert counts.get("spool_other_archives") == 1
        # The crawl of its own archive writes it.
        asyncio.run(_store_all(database_url, tmp_path, []))
        assert stored_urls(database_url) == {"https://news.example/2026/03/14/story-1"}
    finally:
        with psycopg.connect(database_url.replace(f"dbname={name}", "dbname=postgres")
                             .replace(f"/{name}", "/postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{other}" WITH (FORCE)')


@pytest.fixture
def tiny_filesystem(tmp_path):
    """A 64 KiB tmpfs: the spool's disk, full after a few items."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {result.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_spool_disk_raises_and_leaves_no_litter(tiny_filesystem):
    spool = Spool(tiny_filesystem / "spool")
    big = make_item(1, body="word " * 40_000)
    with pytest.raises(SpoolWriteError):
        for _ in range(10):
            spool.put(SpooledItem(big, None))
    assert not list(tiny_filesystem.rglob("*.tmp"))


def test_when_the_database_is_down_and_the_spool_full_the_store_says_so(tiny_filesystem):
    async def down(batch, replay):
        raise psycopg.OperationalError("connection refused")

    async def run():
        store = SpoolingStore(down, Spool(tiny_filesystem / "spool"), retry_interval=60)
        big = make_item(1, body="word " * 40_000)
        try:
            for _ in range(10):
                await store.store(big, None)
        finally:
            if store._drainer:
                store._drainer.cancel()

    with pytest.raises(SpoolUnwritable):
        asyncio.run(run())
    assert not list(tiny_filesystem.rglob("*.tmp"))


def test_a_damaged_file_is_set_aside_and_a_newer_format_left_alone(tmp_path):
    spool = Spool(tmp_path)
    damaged = spool.put(SpooledItem(make_item(1), None))
    damaged.write_text('{"format": 1, "page": {"url": ')  # cut short
    newer = spool.put(SpooledItem(make_item(2), None))
    newer.write_text(json.dumps({**json.loads(newer.read_text()), "format": SPOOL_FORMAT + 1}))
    counts: dict[str, int] = {}

    async def write(batch, replay):
        raise AssertionError("nothing readable to write")

    store = SpoolingStore(write, spool, on_event=lambda e, n: counts.update({e: n}))
    assert asyncio.run(store.drain()) == 0
    assert spool.pending() == [newer]
    assert [p.name for p in spool.rejected()] == [damaged.name]
    assert counts == {"rejected": 1, "rejected/SpoolFormatError": 1, "spool_newer_format": 1}
