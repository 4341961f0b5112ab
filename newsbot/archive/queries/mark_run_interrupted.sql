-- Why: see running_runs_here.sql.
UPDATE crawl_runs
SET status = 'interrupted', finish_reason = 'process died', finished_at = now()
WHERE run_id = %(run_id)s AND status = 'running'
