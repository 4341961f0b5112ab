"""Web: response times of every page type of `newsbot web` over a 100,000-article archive.

Fills a fresh database (an embedded PostgreSQL cluster started for the run)
with ``--articles`` articles of 20 sources, 1 to 4 versions each (2.5 on
average), a fetch per version, story clusters of 1 to 3 outlets, 300 crawl
runs (some failed or interrupted) with their stats and extraction counts.
Bodies are 80 words drawn from 5,000 made-up words with a Zipf-like spread,
so a search word can be common or rare. Rows go in by COPY; the search
vectors are computed by PostgreSQL as for crawled articles.

Then starts ``newsbot web`` (uvicorn, one process) as the newsbot_reader
login, and ``--clients`` threads each send ``--requests`` requests per page
type over keep-alive HTTP to 127.0.0.1, page types interleaved at random.
Times are from sending a request to reading the whole response.

Run from the repository root (about 10 minutes at 100,000 articles):

    .venv/bin/python -m benchmarks.web                      # 100,000 articles, 8 clients
    .venv/bin/python -m benchmarks.web --articles 5000      # a quick look
    .venv/bin/python -m benchmarks.web --workers 2          # newsbot web --workers 2

The last line is machine-readable (milliseconds):

    RESULT articles=<n> clients=<n> workers=<n> <page>_p50_ms=<n> <page>_p95_ms=<n> ... worst_p95_ms=<n>
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
import tempfile

import psycopg

from benchmarks._services import Archive
from newsbot.archive.cluster import free_port
from newsbot.archive.migrate import migrate

REPO = Path(__file__).resolve().parents[1]
SOURCES = 20
RUNS = 300
WORDS = 5000
BODY_WORDS = 80
START = datetime(2026, 1, 1, tzinfo=timezone.utc)
RAW = gzip.compress(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>benchmark</p></html>")


def vocabulary(rng: random.Random) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "sa", "tu", "ri", "po", "ve", "da", "qu", "is", "or", "an"]
    words: set[str] = set()
    while len(words) < WORDS:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def fill(url: str, articles: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(WORDS)]

    def text(n: int) -> str:
        return " ".join(rng.choices(words, weights, k=n))

    with psycopg.connect(url) as conn:
        filled = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    if filled == articles:
        return _existing(url, words)
    if filled:
        raise SystemExit(f"the database holds {filled:,} articles, not {articles:,}: give an empty one")
    with psycopg.connect(url) as conn:
        conn.execute("""
            INSERT INTO sources (name, site_name, home_url, language)
            SELECT 'source-' || i, 'Source ' || i, 'https://source-' || i || '.example/', 'en'
            FROM generate_series(1, %(n)s) i""", {"n": SOURCES})
        conn.execute("""
            INSERT INTO crawl_runs (spider, started_at, finished_at, status, finish_reason, stats)
            SELECT 'worldnews', %(start)s + i * interval '1 day',
                   %(start)s + i * interval '1 day' + (300 + i) * interval '1 second',
                   CASE WHEN i %% 23 = 0 THEN 'failed' WHEN i %% 31 = 0 THEN 'interrupted' ELSE 'finished' END,
                   CASE WHEN i %% 23 = 0 THEN 'memusage_exceeded' WHEN i %% 31 = 0 THEN 'shutdown' ELSE 'finished' END,
                   jsonb_build_object('downloader/response_count', 900 + i, 'newsbot/store/new_article', 300,
                                      'newsbot/store/new_version', 40, 'log_count/ERROR', i %% 5,
                                      'newsbot/validate/dropped/no_title', i %% 7,
                                      'newsbot/validate/dropped/too_short', i %% 11)
            FROM generate_series(1, %(runs)s) i""", {"start": START, "runs": RUNS})
        conn.execute("""
            INSERT INTO extraction_quality (run_id, source, articles, with_title, with_body, with_date,
                                            with_author, drifted_fields, warning)
            SELECT r, 'source-' || s, 20, 20, 20,
                   CASE WHEN r %% 50 = 0 THEN 2 ELSE 19 END, 15,
                   CASE WHEN r %% 50 = 0 THEN ARRAY['date'] ELSE '{}' END,
                   CASE WHEN r %% 50 = 0 THEN 'date 0.10 (was 0.95 over 5 runs)' END
            FROM generate_series(1, %(runs)s) r, generate_series(1, %(n)s) s""",
                     {"runs": RUNS, "n": SOURCES})
        stories = articles * 2 // 5
        conn.execute("INSERT INTO story_clusters (created_at) SELECT %(start)s FROM generate_series(1, %(n)s)",
                     {"start": START, "n": stories})
        with conn.cursor().copy("COPY articles (canonical_url, source_id, first_seen_at, last_seen_at, "
                                "first_run_id, last_run_id, story_id, duplicate_similarity) FROM STDIN") as copy:
            for i in range(1, articles + 1):
                seen = START + timedelta(minutes=i * RUNS * 24 * 60 // articles)
                story = rng.randint(1, stories)
                copy.write_row((f"https://source-{i % SOURCES + 1}.example/news/{i}", i % SOURCES + 1,
                                seen, seen, 1, 1, story, round(rng.uniform(0.5, 1), 2)))
        snapshot_id = 0
        versions_of: dict[int, list[int]] = {}
        with conn.cursor().copy(
                "COPY snapshots (article_id, run_id, fetched_at, url, http_status, content_hash, title, "
                "authors, published_at, language, body, paragraph_count, word_count, extractor_version, "
                "raw_response, previous_snapshot_id, words_added, words_removed, title_changed) "
                "FROM STDIN") as copy:
            for article_id in range(1, articles + 1):
                seen = START + timedelta(minutes=article_id * RUNS * 24 * 60 // articles)
                title = text(8).capitalize()
                paragraphs = [text(BODY_WORDS // 4) for _ in range(4)]
                previous = None
                for version in range(1 + article_id % 4):
                    if version:
                        paragraphs[rng.randrange(4)] = text(BODY_WORDS // 4)
                    snapshot_id += 1
                    versions_of.setdefault(article_id, []).append(snapshot_id)
                    copy.write_row((
                        article_id, 1, seen + timedelta(hours=6 * version),
                        f"https://source-{article_id % SOURCES + 1}.example/news/{article_id}", 200,
                        f"{snapshot_id:x}", title, ["Ann Writer"], seen, "en", "\n\n".join(paragraphs),
                        4, BODY_WORDS, "bench", RAW, previous, 20 if previous else None,
                        20 if previous else None, False if previous else None))
                    previous = snapshot_id
        conn.execute("""
            UPDATE articles a SET current_snapshot_id = s.last, fetch_count = s.n,
                                  duplicate_of = CASE WHEN a.article_id % 3 = 0 THEN a.article_id - 1 END
            FROM (SELECT article_id, max(snapshot_id) AS last, count(*) AS n
                  FROM snapshots GROUP BY article_id) s
            WHERE s.article_id = a.article_id""")
        conn.execute("""
            UPDATE story_clusters c SET first_article_id = f.first
            FROM (SELECT story_id, min(article_id) AS first FROM articles GROUP BY story_id) f
            WHERE f.story_id = c.story_id""")
        conn.execute("""
            INSERT INTO fetches (article_id, run_id, fetched_at, url, http_status, outcome, snapshot_id)
            SELECT article_id, run_id, fetched_at, url, 200,
                   CASE WHEN previous_snapshot_id IS NULL THEN 'new_article' ELSE 'new_version' END,
                   snapshot_id
            FROM snapshots""")
        conn.execute("""
            INSERT INTO article_urls (url_key, url, article_id, kind, first_seen_at, last_seen_at)
            SELECT substr(canonical_url, 9), canonical_url, article_id, 'canonical', first_seen_at, last_seen_at
            FROM articles""")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    multi = [a for a, v in versions_of.items() if len(v) >= 3]
    return {"words": words, "versions_of": versions_of, "multi": multi, "snapshots": snapshot_id}


def _existing(url: str, words: list[str]) -> dict:
    with psycopg.connect(url) as conn:
        versions_of: dict[int, list[int]] = {}
        for article_id, snapshot_id in conn.execute(
                "SELECT article_id, snapshot_id FROM snapshots ORDER BY snapshot_id"):
            versions_of.setdefault(article_id, []).append(snapshot_id)
    multi = [a for a, v in versions_of.items() if len(v) >= 3]
    return {"words": words, "versions_of": versions_of, "multi": multi,
            "snapshots": sum(len(v) for v in versions_of.values())}


def page_paths(data: dict, articles: int, rng: random.Random) -> dict[str, callable]:
    words, versions_of, multi = data["words"], data["versions_of"], data["multi"]
    stories = articles * 2 // 5

    def diff() -> str:
        article = rng.choice(multi)
        first, *_, last = versions_of[article]
        return f"/articles/{article}?from={first}&to={last}"

    return {
        # A common word (top 50), a middling one, a rare one, with a filter now and then.
        "search": lambda: "/?q=" + rng.choice([words[rng.randrange(50)], words[rng.randrange(50, 1000)],
                                                words[rng.randrange(1000, WORDS)]])
                          + rng.choice(["", "&changed=1", f"&source=source-{rng.randint(1, SOURCES)}"]),
        "browse": lambda: rng.choice(["/", f"/?source=source-{rng.randint(1, SOURCES)}",
                                      "/?from=2026-03-01&to=2026-03-31", f"/?page={rng.randint(2, 50)}"]),
        "article": lambda: f"/articles/{rng.randint(1, articles)}",
        "diff": diff,
        "story": lambda: f"/stories/{rng.randint(1, stories)}",
        "sources": lambda: "/sources",
        "source": lambda: f"/sources/source-{rng.randint(1, SOURCES)}",
        "runs": lambda: rng.choice(["/runs", f"/runs?page={rng.randint(2, 15)}", "/runs?status=failed"]),
        "run": lambda: f"/runs/{rng.randint(1, RUNS)}",
    }


def start_site(admin_url: str, port: int, home: Path, workers: int) -> subprocess.Popen:
    env = {**os.environ, "NEWSBOT_DATABASE_URL": admin_url, "NEWSBOT_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "newsbot.cli", "web", "--port", str(port),
                             "--workers", str(workers)],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/runs")
            if connection.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"newsbot web did not start: {proc.stderr.read().decode()[-2000:]}")


def measure(port: int, jobs: list[tuple[str, str]], clients: int) -> tuple[dict[str, list[float]], int]:
    timings: dict[str, list[float]] = {}
    failures = 0
    lock = threading.Lock()
    chunks = [jobs[i::clients] for i in range(clients)]

    def client(chunk: list[tuple[str, str]]) -> None:
        nonlocal failures
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for kind, path in chunk:
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings.setdefault(kind, []).append(elapsed)
                if response.status != 200:
                    failures += 1
                    print(f"  {response.status} for {path}", file=sys.stderr)

    threads = [threading.Thread(target=client, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, failures


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=100, help="requests per page type")
    parser.add_argument("--workers", type=int, default=1, help="newsbot web --workers")
    parser.add_argument("--database-url", default=None,
                        help="a migrated database to fill (or, already filled, to reuse) "
                             "instead of a throwaway cluster")
    args = parser.parse_args()
    rng = random.Random(11)
    with contextlib.ExitStack() as stack:
        home = stack.enter_context(tempfile.TemporaryDirectory(prefix="newsbot-web-bench-"))
        if args.database_url:
            url = args.database_url
            migrate(url)
        else:
            url = stack.enter_context(Archive()).fresh("web_bench")
        started = time.perf_counter()
        data = fill(url, args.articles)
        print(f"{args.articles:,} articles, {data['snapshots']:,} versions ready "
              f"in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        port = free_port()
        site = start_site(url, port, Path(home), args.workers)
        try:
            paths = page_paths(data, args.articles, rng)
            warm = [(kind, make()) for kind, make in paths.items() for _ in range(3)]
            measure(port, warm, args.clients)
            jobs = [(kind, make()) for kind, make in paths.items() for _ in range(args.requests)]
            rng.shuffle(jobs)
            started = time.perf_counter()
            timings, failures = measure(port, jobs, args.clients)
            wall = time.perf_counter() - started
        finally:
            site.terminate()
            site.wait(timeout=20)
    print(f"\n{'page':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    result = [f"articles={args.articles}", f"clients={args.clients}", f"workers={args.workers}"]
    worst = 0.0
    for kind in paths:
        values = timings[kind]
        median, high = statistics.median(values), p95(values)
        worst = max(worst, high)
        print(f"{kind:<10} {len(values):>8} {median:>8.1f} {high:>8.1f} {max(values):>8.1f}")
        result += [f"{kind}_p50_ms={median:.1f}", f"{kind}_p95_ms={high:.1f}"]
    print(f"\n{len(jobs)} requests in {wall:.1f} s ({len(jobs) / wall:.0f}/s), {failures} not 200")
    result += [f"worst_p95_ms={worst:.1f}", f"requests_per_s={len(jobs) / wall:.0f}",
               f"failures={failures}"]
    print("RESULT " + " ".join(result))
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
