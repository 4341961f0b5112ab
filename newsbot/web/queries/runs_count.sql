-- Why: the runs page's count and pagination, with its filters.
SELECT count(*) AS total,
       count(*) FILTER (WHERE status IN ('failed', 'interrupted')) AS troubled
FROM crawl_runs
WHERE (%(status)s::text IS NULL OR status = %(status)s)
  AND (%(spider)s::text IS NULL OR spider = %(spider)s)
