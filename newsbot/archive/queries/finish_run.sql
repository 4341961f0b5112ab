-- Why: the final stats are the run's report: where every page and item went.
UPDATE crawl_runs
SET finished_at = now(),
    status = %(status)s,
    finish_reason = %(finish_reason)s,
    stats = %(stats)s
WHERE run_id = %(run_id)s
