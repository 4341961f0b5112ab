-- Why: one run's page: its row and every stat it recorded.
SELECT r.run_id, r.spider, r.status, r.finish_reason, r.hostname, r.pid, r.started_at,
       r.finished_at, coalesce(r.finished_at, now()) - r.started_at AS duration, r.stats
FROM crawl_runs r
WHERE r.run_id = %(run_id)s
