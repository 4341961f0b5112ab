-- Why: a crawl killed and restarted with the same JOBDIR is the same run, not a new one.
UPDATE crawl_runs
SET status = 'running', finished_at = NULL, pid = %(pid)s, hostname = %(hostname)s
WHERE run_id = %(run_id)s
RETURNING run_id
