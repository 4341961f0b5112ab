-- Why: a crawl that dies before its store opens (a bad sources file, a
-- broken setting) would otherwise leave no trace in `newsbot runs`.
INSERT INTO crawl_runs (spider, hostname, pid, finished_at, status, finish_reason)
VALUES (%(spider)s, %(hostname)s, %(pid)s, now(), 'failed', %(reason)s)
RETURNING run_id
