"""Fixtures for the web site: the reader login, the app, and articles stored by hand."""

from __future__ import annotations

import gzip
from contextlib import contextmanager
from datetime import datetime, timezone

import psycopg
import pytest
from starlette.testclient import TestClient

from newsbot.web import WebConfig, create_app
from newsbot.web.reader_login import reader_url


@pytest.fixture
def reader(database_url, tmp_path):
    """The newsbot_reader login's URL for this test's archive."""
    return reader_url(database_url, home=tmp_path)


@contextmanager
def site_client(url: str, **config):
    # As uvicorn --root-path does: the prefix is in the scope and in the paths requested.
    with TestClient(create_app(WebConfig(database_url=url, **config)),
                    root_path=config.get("root_path", "")) as client:
        yield client


@pytest.fixture
def client(reader):
    with site_client(reader) as client:
        yield client


def store_article(admin_url: str, title: str, body: str, url: str = "https://example.test/a",
                  source: str = "example") -> int:
    """An article with one version, written straight into the tables."""
    now = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)
    with psycopg.connect(admin_url) as conn:
        source_id, = conn.execute(
            "INSERT INTO sources (name, home_url) VALUES (%s, 'https://example.test/') "
            "ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING source_id",
            [source]).fetchone()
        article_id, = conn.execute(
            "INSERT INTO articles (canonical_url, source_id) VALUES (%s, %s) RETURNING article_id",
            [url, source_id]).fetchone()
        snapshot_id, = conn.execute("""
            INSERT INTO snapshots (article_id, fetched_at, url, http_status, content_hash, title,
                                   body, paragraph_count, word_count, extractor_version,
                                   raw_response, published_at, language)
            VALUES (%s, %s, %s, 200, 'x', %s, %s, 1, 3, 'test', %s, %s, 'en')
            RETURNING snapshot_id""",
            [article_id, now, url, title, body,
             gzip.compress(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>hi</p>"),
             now]).fetchone()
        conn.execute("UPDATE articles SET current_snapshot_id = %s WHERE article_id = %s",
                     [snapshot_id, article_id])
    return article_id
