"""429 and 503 with Retry-After are honoured; timeouts and resets are retried, then recorded."""

import psycopg

from tests.crawl.conftest import dump, run_crawl, stat
from tests.sites.throttling import ThrottlingSite


def test_pushback_is_honoured_and_failures_are_recorded(database_url, tmp_path):
    with ThrottlingSite(hang_seconds=4) as site:
        sources = site.write_sources_toml(tmp_path / "sources.toml")
        result = run_crawl(database_url, sources, "-s", "DOWNLOAD_TIMEOUT=1",
                           "-s", "RETRY_TIMES=2", "-s", "NEWSBOT_RETRY_BACKOFF_BASE=0.5",
                           timeout=120)
        assert result.returncode == 0, dump(result)

        seconds = site.times("retry-after-seconds")
        dated = site.times("retry-after-date")
        hangs = site.times("hangs")
    # Retry-After: 1 (seconds) and an HTTP date about 2 s ahead were waited for.
    assert len(seconds) == 2 and seconds[1] - seconds[0] >= 1.0
    assert len(dated) == 2 and dated[1] - dated[0] >= 1.0
    assert stat(result.stats, "newsbot/retry/retry_after") == 2
    # The hanging page: three tries, each after the timeout (1 s) and a backoff that doubles
    # (0.5 s, 1 s), then given up. Pauses are the site's (its download slot), so another
    # page's pause may lengthen one: these are lower bounds.
    assert len(hangs) == 3
    gaps = [b - a for a, b in zip(hangs, hangs[1:])]
    assert gaps[0] >= 1.0 + 0.5 - 0.1 and gaps[1] >= 1.0 + 1.0 - 0.1
    assert stat(result.stats, "newsbot/retry/gave_up") == 1

    with psycopg.connect(database_url) as conn:
        stored = {r[0] for r in conn.execute("SELECT canonical_url FROM articles")}
        status, stats = conn.execute("SELECT status, stats FROM crawl_runs").fetchone()
    assert stored == {site.url(s) for s in ("retry-after-seconds", "retry-after-date", "reset-once")}
    # The failure is in the run's record, by URL and reason.
    assert status == "finished"
    assert any(site.url("hangs") in entry and "TimeoutError" in entry
               for entry in stats["newsbot/retry/failed_urls"])
    assert int(stats.get("log_count/ERROR", 0)) >= 1
