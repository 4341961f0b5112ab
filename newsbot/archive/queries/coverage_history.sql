-- Why: the drift alarm compares a source's coverage (stored / listed) in this
-- run with its earlier runs.
SELECT p.run_id, src.name AS source, p.listed, p.stored
FROM crawl_source_pages p
JOIN sources src ON src.source_id = p.source_id
WHERE src.name = ANY(%(sources)s)
  AND p.run_id < %(run_id)s
  AND p.listed >= %(min_listed)s
ORDER BY p.run_id DESC
