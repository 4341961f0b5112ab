-- Why: the run row exists from the first moment, so a crawl that dies still
-- leaves a trace (status stays 'running' with no finished_at).
INSERT INTO crawl_runs (spider, hostname, pid)
VALUES (%(spider)s, %(hostname)s, %(pid)s)
RETURNING run_id
