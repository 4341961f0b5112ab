-- Why: runs still 'running' on this machine whose process is gone died
-- without closing (kill -9, power loss) and must not look alive forever.
SELECT run_id, pid FROM crawl_runs WHERE status = 'running' AND hostname = %(hostname)s
