"""The extraction process pool: pages come back extracted, and a dead worker is replaced."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsbot.archive.capture import pack_page, unpack_capture
from newsbot.items import FetchedPage
from pipelines.extract import MAX_AUTO_WORKERS, ExtractPipeline, extract_workers
from tests.conftest import REPO

PAGE = (b"<html lang='en'><head><title>Ferry timetable changes</title></head><body><article>"
        b"<h1>Ferry timetable changes</h1>" + b"<p>The harbour board said the winter ferry would "
        b"run twice a day from Monday, with a late crossing on Fridays.</p>" * 6
        + b"</article></body></html>")


def page(number: int) -> FetchedPage:
    return FetchedPage(source="plain", url=f"https://plain.example/2026/03/{number}/ferry",
                       requested_url=f"https://plain.example/2026/03/{number}/ferry", status=200,
                       headers={"Content-Type": ["text/html; charset=utf-8"]}, body=PAGE,
                       fetched_at=datetime.now(timezone.utc), discovered_via="feed")


def test_a_dead_extraction_process_is_replaced():
    stats = MemoryStatsCollector(get_crawler())
    pipeline = ExtractPipeline(stats, max_bytes=1 << 20, workers=1)
    pipeline.open_spider()

    async def crawl():
        first = await pipeline.process_item(page(1))
        for pid in list(pipeline._executor._processes):
            os.kill(pid, signal.SIGKILL)
        await asyncio.sleep(0.5)
        second = await pipeline.process_item(page(2))
        return first, second

    try:
        first, second = asyncio.run(crawl())
    finally:
        pipeline.close_spider()
    assert first.article.title == second.article.title == "Ferry timetable changes"
    assert second.skip_reason is None
    assert stats.get_value("newsbot/extract/pool_restarted") == 1


def test_extraction_runs_in_worker_processes_by_default():
    code = "import newsbot.settings as s; print(s.NEWSBOT_EXTRACT_WORKERS)"
    env = {k: v for k, v in os.environ.items() if k != "NEWSBOT_EXTRACT_WORKERS"}
    default = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                             text=True, check=True).stdout.strip()
    crawler = get_crawler(settings_dict={"NEWSBOT_EXTRACT_WORKERS": default,
                                         "NEWSBOT_EXTRACT_MAX_BYTES": 1 << 20})
    pipeline = ExtractPipeline.from_crawler(crawler)
    cpus = len(os.sched_getaffinity(0))
    assert pipeline.workers == max(1, min(cpus, MAX_AUTO_WORKERS))
    pipeline.open_spider()
    try:
        item = asyncio.run(pipeline.process_item(page(1)))
        assert pipeline._executor is not None
        assert item.article.title == "Ferry timetable changes"
        # The extraction process packed the capture too, as the writer would have.
        assert item.page.capture == pack_page(200, item.page.headers, PAGE)
        assert unpack_capture(item.page.capture.raw_response).body == PAGE
    finally:
        pipeline.close_spider()


def test_extract_workers_setting():
    assert extract_workers("0") == 0
    assert extract_workers(" 3 ") == 3
    assert extract_workers("AUTO") == extract_workers(None) >= 1
    with pytest.raises(ValueError, match="NEWSBOT_EXTRACT_WORKERS='many'"):
        extract_workers("many")
    with pytest.raises(ValueError, match="NEWSBOT_EXTRACT_WORKERS='-1'"):
        extract_workers("-1")


def test_extraction_processes_start_without_scrapy():
    # They are forked from a fork server that imported the extraction library
    # only (newsbot/extract_pool.py), not spawned to import pipelines/ again.
    pipeline = ExtractPipeline(MemoryStatsCollector(get_crawler()), max_bytes=1 << 20, workers=1)
    pipeline.open_spider()
    try:
        loaded = asyncio.run(pipeline._pool()).submit(
            eval, "[m in __import__('sys').modules for m in ('scrapy', 'trafilatura')]").result()
    finally:
        pipeline.close_spider()
    assert loaded == [False, True]


def test_the_pool_starts_without_holding_the_caller():
    # Its fork server imports and warms up for a second or more: open_spider
    # (on the reactor) must not wait for that.
    pipeline = ExtractPipeline(MemoryStatsCollector(get_crawler()), max_bytes=1 << 20, workers=1)
    pipeline.open_spider()
    try:
        assert pipeline._executor is None and pipeline._starting is not None
        item = asyncio.run(pipeline.process_item(page(1)))
        assert item.article.title == "Ferry timetable changes"
    finally:
        pipeline.close_spider()


POOL_OWNER = """
import sys
import time
from newsbot.extract_pool import new_pool, warm_up
if __name__ == "__main__":
    pool = new_pool(2)
    pids = set()
    while len(pids) < 2:
        pool.submit(warm_up).result()
        pids = set(pool._processes)
    print(*pids, flush=True)
    sys.stdin.read()
"""


def test_extraction_processes_exit_when_the_crawl_process_is_killed(tmp_path):
    script = tmp_path / "owner.py"
    script.write_text(POOL_OWNER)
    owner = subprocess.Popen([sys.executable, str(script)], cwd=REPO, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in owner.stdout.readline().split()]
    assert len(workers) == 2
    owner.send_signal(signal.SIGKILL)
    owner.wait()
    left = set(workers)
    for _ in range(300):  # they go within milliseconds; a loaded machine may take seconds
        left = {pid for pid in left if _running(pid)}
        if not left:
            break
        time.sleep(0.1)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "extraction processes outlived the killed crawl process"


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
