"""The extraction processes: what runs in them, and how the pool of them starts.

A crawl process hands each page to one of these processes (see
``pipelines/extract.py``) and gets back the article and the capture packed
for the archive. This module imports only what extraction needs (the
extraction library and ``newsbot.archive.capture``: no Scrapy, no psycopg),
since every name it exposes to a worker is imported there.

The pool's processes are forked from a fork server (``multiprocessing``'s
``forkserver``), not the crawl process: the server is a fresh interpreter
that imports this module once and extracts one small page, so each process
forked from it starts with the libraries loaded and their lazy tables
(stop lists, compiled patterns) built, sharing those pages with its
siblings. A fork of the crawl process itself would copy its threads' locks;
a spawned process would import and warm up again, once per process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import Connection

from newsbot.archive.capture import PackedCapture, pack_page
from newsbot.extraction import SiteRules, decode_html, extract_article
from newsbot.extraction.article import Article

# One crawl process feeds about this many extraction processes before its
# own share of the work (fetching, storing) is the limit; more only cost memory.
MAX_AUTO_WORKERS = 4
WARM_UP_PAGE = (b"<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
                + b"<p>An extraction process reads this page once when it starts.</p>" * 3
                + b"</article></body></html>")
# Imported by the fork server before it forks any extraction process.
_PRELOAD = "newsbot._extract_warm"


def extract_workers(value: object) -> int:
    """Processes for ``NEWSBOT_EXTRACT_WORKERS``: ``auto`` (or unset) chooses from the CPU count.

    >>> extract_workers("0"), extract_workers(3)
    (0, 3)
    """
    if value is None or str(value).strip().lower() in ("", "auto"):
        try:
            cpus = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # not on Linux
            cpus = os.cpu_count() or 1
        return max(1, min(cpus, MAX_AUTO_WORKERS))
    try:
        workers = int(str(value).strip())
    except ValueError:
        workers = -1
    if workers < 0:
        raise ValueError(f"NEWSBOT_EXTRACT_WORKERS={value!r}: use auto, 0 (extract in the crawl "
                         "process) or a number of extraction processes")
    return workers


def extract_from_response(body: bytes, content_type: str | None, url: str,
                          headers: dict[str, str], rules: SiteRules | None = None) -> Article:
    """Decode and extract; top-level so a process pool can pickle it."""
    return extract_article(decode_html(body, content_type), url, headers, rules=rules)


def first_headers(headers: dict[str, list[str]]) -> dict[str, str]:
    """Each header's first value: what the extractor reads."""
    return {name: values[0] for name, values in headers.items() if values}


def extract_and_pack(url: str, status: int, headers: dict[str, list[str]], body: bytes,
                     content_type: str | None, rules: SiteRules | None
                     ) -> tuple[Article, PackedCapture]:
    """In an extraction process: the article, and the capture packed for the archive
    (gzip and SHA-1 of the page are work the crawl process need not do)."""
    return (extract_from_response(body, content_type, url, first_headers(headers), rules),
            pack_page(status, headers, body))


def warm_up() -> None:
    """Extract one small page, so the libraries' lazy set-up is done."""
    extract_from_response(WARM_UP_PAGE, "text/html", "http://warm-up.invalid/", {})


def new_pool(workers: int) -> ExtractionPool:
    """``workers`` extraction processes, forked from a warmed-up fork server (spawned where
    there is no fork server), each exiting when this process is gone."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([_PRELOAD])
    else:
        context = multiprocessing.get_context("spawn")
    pool = ExtractionPool(workers, context)
    # Each submit with no idle process starts one: all of them start now,
    # while the crawl reads robots.txt, feeds and sitemaps.
    for _ in range(workers):
        pool.submit(warm_up)
    return pool


class ExtractionPool(ProcessPoolExecutor):
    """A process pool whose processes exit as soon as the process that made it is gone.

    Only that process holds the sending end of a pipe: when it dies, even by
    kill -9, each extraction process reads end-of-file and exits with it.
    Without this they waited for work forever, about 100 MB each per killed
    crawl (their own copy of the task queue keeps that queue open).
    """

    def __init__(self, workers: int, context: multiprocessing.context.BaseContext):
        crawl_gone, self._crawl_alive = context.Pipe(duplex=False)
        super().__init__(max_workers=workers, mp_context=context,
                         initializer=exit_with_crawl, initargs=(crawl_gone,))


def exit_with_crawl(crawl_gone: Connection) -> None:
    """In an extraction process: exit as soon as the crawl process is gone."""
    def wait_for_end_of_file() -> None:
        try:
            crawl_gone.recv()
        except (EOFError, OSError):
            pass
        os._exit(0)
    threading.Thread(target=wait_for_end_of_file, name="newsbot-crawl-watch", daemon=True).start()
