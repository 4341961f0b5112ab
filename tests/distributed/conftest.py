"""A redis-server of the test run's own on 127.0.0.1, and distributed `scrapy crawl` workers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from newsbot.archive.cluster import free_port
from tests.conftest import REPO

REDIS_SERVER = "redis-server"


def _redis_server_binary() -> str:
    found = shutil.which(REDIS_SERVER) or next(
        (p for p in ("/usr/bin/redis-server", "/usr/local/bin/redis-server") if Path(p).exists()), None)
    if found is None:
        pytest.skip("redis-server is not installed (./run installs it: apt-get install redis-server)")
    return found


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A throwaway Redis (no persistence) on a free loopback port, for the whole run."""
    binary = _redis_server_binary()
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir), "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {port}") from None
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def start_worker(database_url: str, sources: Path, redis_url: str, name: str, tmp_path: Path,
                 *args: str) -> subprocess.Popen:
    """One distributed worker: `scrapy crawl worldnews` as an operator starts it (RUNBOOK)."""
    env = {**os.environ, "NEWSBOT_DATABASE_URL": database_url, "NEWSBOT_SOURCES": str(sources),
           "NEWSBOT_DISTRIBUTED_ENABLED": "1", "NEWSBOT_REDIS_URL": redis_url,
           # Workers on one machine: a spool each.
           "NEWSBOT_SPOOL_DIR": str(tmp_path / f"spool-{name}")}
    log_path = tmp_path / f"{name}.log"
    with open(log_path, "w") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "worldnews", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO", *args],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log)
    process.log_path = log_path
    return process
