-- Why: the drift alarm's data for one source: per run, the share of stored
-- articles with a title, a date and an author, and the fields that drifted.
SELECT q.run_id, r.started_at, r.status, q.articles, q.with_title, q.with_body, q.with_date,
       q.with_author, q.drifted_fields, q.warning
FROM extraction_quality q
JOIN crawl_runs r USING (run_id)
WHERE q.source = %(source)s
ORDER BY q.run_id DESC
LIMIT %(limit)s
