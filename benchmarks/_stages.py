"""Where a crawl's CPU goes: py-spy's raw stacks sorted into the pipeline's stages.

``py-spy record --subprocesses --format raw`` writes one line per distinct
stack: ``process <pid>:"<command>";frame;frame;... <samples>``, a worker's
stack nested under its parent's process frame. Each sample of the crawl
process is put in the stage of its outermost newsbot frame (a store call
that waits in psycopg is "store"), else in "Scrapy core", except for the
stages marked as nested (imports, archive lookups, the journal), which win
wherever they are in the stack; a sample in
``select``/``epoll`` or a lock wait is "waiting", not work. Samples of the
extraction processes are put in the first of their stages found anywhere
in the stack.

    .venv/bin/python -m benchmarks._stages /tmp/crawl.raw    # prints both tables
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

# (stage, what a frame's "function (file:line)" text contains).
# Found anywhere in a crawl-process stack, these win:
CRAWL_NESTED = (
    ("startup: imports", ("<frozen importlib._bootstrap",)),
    ("archive lookups (revisits, aliases)", ("newsbot/archive/revisits.py", "newsbot/middlewares/dedupe.py")),
    ("journal", ("spiders/journal.py",)),
)
# Else the outermost frame that matches one of these.
CRAWL_STAGES = (
    ("spider, link rules", ("spiders/base.py", "spiders/sitemaps.py", "spiders/feeds.py",
                            "newsbot/link_rules.py", "newsbot/dedupe/urls.py", "scrapy/utils/sitemap.py")),
    ("newsbot middlewares", ("newsbot/middlewares/",)),
    ("hand-off to workers", ("pipelines/extract.py", "newsbot/extract_pool.py",
                             "concurrent/futures/process.py", "multiprocessing/")),
    ("validate", ("pipelines/validate.py",)),
    ("templates", ("pipelines/templates.py",)),
    ("clean", ("pipelines/clean.py",)),
    ("dedupe signatures", ("pipelines/dedupe.py",)),
    ("store, psycopg", ("pipelines/store.py", "newsbot/archive/", "psycopg")),
    ("run bookkeeping, extensions", ("newsbot/extensions.py", "newsbot/progress.py", "newsbot/drift",
                                     "benchmarks/")),
)
WORKER_STAGES = (
    ("startup: imports, warm-up", ("<frozen importlib._bootstrap", "_warm_up")),
    ("capture packing (gzip, sha1)", ("newsbot/archive/capture.py",)),
    ("extraction", ("newsbot/extraction/",)),
    ("hand-off (pickle, pipes)", ("multiprocessing/", "concurrent/futures/process.py")),
)
WAITING = ("select (selectors.py", "Condition.wait", "Event.wait", "Lock.acquire",
           "wait (threading.py", "_recv (multiprocessing", "poll (multiprocessing")
_LINE = re.compile(r":\d+\)")


def _stage(frames: list[str], nested, stages, fallback: str) -> str:
    leaf = frames[-1] if frames else ""
    if any(mark in leaf for mark in WAITING):
        return "waiting"
    for stage, marks in nested:
        if any(mark in frame for frame in frames for mark in marks):
            return stage
    for frame in frames:
        for stage, marks in stages:
            if any(mark in frame for mark in marks):
                return stage
    return fallback


def classify(raw: Path) -> tuple[Counter, Counter]:
    """Samples per stage: of the crawl process (the first process), and of its child processes."""
    crawl, workers = Counter(), Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        processes = [i for i, frame in enumerate(frames) if frame.startswith("process ")]
        if not processes:
            continue
        own = [_LINE.sub(")", f) for f in frames[processes[-1] + 1:]]
        if len(processes) == 1:
            crawl[_stage(own, CRAWL_NESTED, CRAWL_STAGES, "Scrapy core, Twisted, asyncio")] += int(count)
        else:
            workers[_stage(own, WORKER_STAGES, (), "other")] += int(count)
    return crawl, workers


def table(title: str, samples: Counter, cpu_ms_per_article: float | None) -> str:
    """Stages by share of the working samples, and in ms per article if the process's CPU is known."""
    working = {stage: n for stage, n in samples.items() if stage != "waiting"}
    total = sum(working.values()) or 1
    head = f"{title} ({sum(working.values())} working samples, {samples['waiting']} waiting)"
    lines = [head, f"  {'stage':40}{'share':>8}" + (f"{'ms/article':>12}" if cpu_ms_per_article else "")]
    for stage, n in sorted(working.items(), key=lambda kv: -kv[1]):
        row = f"  {stage:40}{100 * n / total:7.1f}%"
        if cpu_ms_per_article:
            row += f"{cpu_ms_per_article * n / total:12.2f}"
        lines.append(row)
    return "\n".join(lines)


if __name__ == "__main__":
    crawl_samples, worker_samples = classify(Path(sys.argv[1]))
    print(table("crawl process", crawl_samples, None))
    print(table("extraction processes", worker_samples, None))
