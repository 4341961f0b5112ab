-- Why: re-extraction works through articles' current versions, oldest id first,
-- optionally for one source or versions fetched since a time.
SELECT a.article_id
FROM articles a
JOIN snapshots s ON s.snapshot_id = a.current_snapshot_id
LEFT JOIN sources src ON src.source_id = a.source_id
WHERE (%(source)s::text IS NULL OR src.name = %(source)s)
  AND (%(since)s::timestamptz IS NULL OR s.fetched_at >= %(since)s)
ORDER BY a.article_id
LIMIT %(limit)s
