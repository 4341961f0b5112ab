-- Why: a new version is stored only when the content differs from the latest one.
SELECT content_hash
FROM snapshots
WHERE article_id = %(article_id)s
ORDER BY fetched_at DESC, snapshot_id DESC
LIMIT 1
