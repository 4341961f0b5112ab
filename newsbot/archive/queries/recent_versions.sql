-- Why: a fetch whose content matches one of the latest versions is not new
-- (unchanged, or a page flip-flopping between versions).
SELECT snapshot_id, content_hash
FROM snapshots
WHERE article_id = %(article_id)s
ORDER BY fetched_at DESC, snapshot_id DESC
LIMIT %(window)s
