"""Articles or versions out of the archive as CSV, JSON lines or Parquet, streamed.

Rows come through a server-side cursor, so memory stays flat however big
the archive; Parquet is written in row groups of ``BATCH_ROWS``. pyarrow is
imported only for Parquet.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import IO, Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from newsbot.archive.queries import load_query

FORMATS = ("csv", "jsonl", "parquet")
BATCH_ROWS = 5000

# Column types for Parquet (and the column order of every format).
_ID, _INT, _TEXT, _TIME, _LIST, _BOOL = "id", "int", "text", "time", "list", "bool"
ARTICLE_COLUMNS = {
    # fetched_url: the URL fetched for the current version (a redirect's target,
    # or a listed URL whose page named another canonical URL).
    "article_id": _ID, "canonical_url": _TEXT, "fetched_url": _TEXT, "source": _TEXT, "title": _TEXT,
    "authors": _LIST, "published_at": _TIME, "modified_at": _TIME, "section": _TEXT,
    "tags": _LIST, "language": _TEXT, "site_name": _TEXT, "summary": _TEXT, "body": _TEXT,
    "word_count": _INT, "first_seen_at": _TIME, "last_seen_at": _TIME,
    "version_fetched_at": _TIME, "version_count": _INT,
}
VERSION_COLUMNS = {
    "snapshot_id": _ID, "article_id": _ID, "canonical_url": _TEXT, "source": _TEXT,
    "fetched_at": _TIME, "url": _TEXT, "http_status": _INT, "title": _TEXT, "authors": _LIST,
    "published_at": _TIME, "modified_at": _TIME, "section": _TEXT, "tags": _LIST,
    "language": _TEXT, "site_name": _TEXT, "summary": _TEXT, "body": _TEXT, "word_count": _INT,
    "previous_snapshot_id": _ID, "words_added": _INT, "words_removed": _INT,
    "title_changed": _BOOL, "content_hash": _TEXT, "extractor_version": _TEXT,
}


@dataclass(frozen=True)
class TableExport:
    """What to export: current articles, or every version (``versions``), since a time."""

    versions: bool = False
    since: datetime | None = None

    @property
    def query_name(self) -> str:
        return "export_versions" if self.versions else "export_articles"

    @property
    def columns(self) -> dict[str, str]:
        return VERSION_COLUMNS if self.versions else ARTICLE_COLUMNS

    def count(self, conn: psycopg.Connection) -> int:
        query = sql.SQL("SELECT count(*) FROM ({}) AS export").format(
            sql.SQL(load_query(self.query_name)))
        return conn.execute(query, {"since": self.since}).fetchone()[0]

    def rows(self, conn: psycopg.Connection) -> Iterator[dict[str, Any]]:
        with conn.cursor(name="newsbot_export", row_factory=dict_row) as cursor:
            cursor.itersize = BATCH_ROWS
            cursor.execute(load_query(self.query_name), {"since": self.since})
            yield from cursor


def write_rows(rows: Iterator[dict[str, Any]], columns: dict[str, str], fmt: str,
               out: IO, progress: Callable[[int], None] = lambda n: None) -> int:
    """Write ``rows`` to ``out`` (text for csv/jsonl, binary for parquet); return the count."""
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}[fmt]
    return writer(rows, columns, out, progress)


def _write_csv(rows, columns, out, progress) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    done = 0
    for done, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(row[c]) for c in columns])
        progress(done)
    return done


def _write_jsonl(rows, columns, out, progress) -> int:
    done = 0
    for done, row in enumerate(rows, start=1):
        out.write(json.dumps({c: _json_value(row[c]) for c in columns}, ensure_ascii=False))
        out.write("\n")
        progress(done)
    return done


def _write_parquet(rows, columns, out, progress) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {_ID: pa.int64(), _INT: pa.int64(), _TEXT: pa.string(), _BOOL: pa.bool_(),
             _TIME: pa.timestamp("us", tz="UTC"), _LIST: pa.list_(pa.string())}
    schema = pa.schema([(name, types[kind]) for name, kind in columns.items()])
    done = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for done, row in enumerate(rows, start=1):
            batch.append(row)
            progress(done)
            if len(batch) == BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or not done:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return done


# A spreadsheet runs a cell starting with one of these as a formula: a title
# "=HYPERLINK(...)" from a hostile page would be a live link in the analyst's sheet.
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Any) -> Any:
    # Lists (authors, tags) as "a; b"; times in UTC, ISO 8601.
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_LEADS):
        # OWASP's advice: a leading apostrophe makes the cell text.
        return "'" + value
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    return value
