"""kill -9 in the middle of a crawl, restart with the same JOBDIR: nothing lost, nothing twice."""

import psycopg

from tests.faults.scenarios import crash_and_resume


def test_a_killed_crawl_resumes_without_loss_or_duplicates(database_url, fixture_sites,
                                                           sources_file, tmp_path):
    expected = {a.url for a in fixture_sites.articles}
    result = crash_and_resume(database_url, sources_file, expected, tmp_path / "job",
                              tmp_path / "crawl.log", kill_after=8, kills=2)
    assert (result.lost, result.duplicated) == (0, 0), result.detail
    with psycopg.connect(database_url) as conn:
        runs = conn.execute("SELECT status FROM crawl_runs ORDER BY run_id").fetchall()
    # The restarts carried on the same run, which finished.
    assert runs == [("finished",)]
