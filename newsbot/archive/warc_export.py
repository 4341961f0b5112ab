"""Export the archive's raw captures as WARC, the web archives' standard container.

Each stored version becomes a ``response`` record (the HTTP response as
fetched); each later fetch that found nothing new becomes a ``revisit``
record pointing at the version it matched, so a replay tool sees the whole
fetch history without the repeated bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from typing import BinaryIO

import psycopg
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsbot.archive.capture import status_line, unpack_capture
from newsbot.archive.queries import load_query

# The body in a capture is as Scrapy handed it over: already decompressed
# and de-chunked, so these headers would misdescribe it in a replay.
_TRANSPORT_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.0/revisit/server-not-modified"
# A refetch whose bytes differ (a timestamp, an ad) but whose article does
# not: no standard profile says that, so it gets a name of its own.
SAME_ARTICLE_PROFILE = "urn:newsbot:revisit:same-article-content"


@dataclass
class WarcCounts:
    responses: int = 0
    revisits: int = 0


def export_warc(conn: psycopg.Connection, out: BinaryIO, since: datetime | None = None,
                progress=lambda n: None) -> WarcCounts:
    writer = WARCWriter(out, gzip=True)
    counts = WarcCounts()
    for row in _rows(conn, "warc_responses", since):
        _write_response(writer, row)
        counts.responses += 1
        progress(counts.responses + counts.revisits)
    for row in _rows(conn, "warc_revisits", since):
        if _write_revisit(writer, row):
            counts.revisits += 1
        progress(counts.responses + counts.revisits)
    return counts


def _rows(conn: psycopg.Connection, query: str, since: datetime | None) -> Iterator[tuple]:
    # A named (server-side) cursor streams: the export's memory stays flat.
    with conn.cursor(name=f"newsbot_{query}") as cursor:
        cursor.itersize = 200
        cursor.execute(load_query(query), {"since": since})
        yield from cursor


def write_capture(out: BinaryIO, url: str, fetched_at: datetime, raw_response: bytes) -> None:
    """One stored version's raw capture as a single gzipped WARC response record."""
    _write_response(WARCWriter(out, gzip=True), (url, fetched_at, raw_response))


def _write_response(writer: WARCWriter, row: tuple) -> None:
    url, fetched_at, raw_response = row
    capture = unpack_capture(raw_response)
    headers = [(k, v) for k, v in capture.headers if k.lower() not in _TRANSPORT_HEADERS]
    headers.append(("Content-Length", str(len(capture.body))))
    http_headers = StatusAndHeaders(status_line(capture.status), headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=BytesIO(capture.body), http_headers=http_headers,
        warc_headers_dict={"WARC-Date": _warc_date(fetched_at)})
    writer.write_record(record)


def _write_revisit(writer: WARCWriter, row: tuple) -> bool:
    (url, fetched_at, status, fetch_digest, outcome,
     original_url, original_fetched_at, original_digest) = row
    if outcome == "not_modified":
        profile, digest = NOT_MODIFIED_PROFILE, original_digest
        http_headers = StatusAndHeaders("304 Not Modified", [], protocol="HTTP/1.1")
    else:
        identical = fetch_digest == original_digest
        profile = writer.REVISIT_PROFILE if identical else SAME_ARTICLE_PROFILE
        digest = fetch_digest or original_digest
        http_headers = None
    if not digest:
        return False  # a version stored before digests were kept: nothing to refer by
    record = writer.create_revisit_record(
        url, digest, original_url, _warc_date(original_fetched_at), http_headers=http_headers,
        warc_headers_dict={"WARC-Date": _warc_date(fetched_at)})
    record.rec_headers.replace_header("WARC-Profile", profile)
    writer.write_record(record)
    return True


def _warc_date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

