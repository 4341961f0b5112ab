-- Why: every stored version is a WARC response record, oldest first.
SELECT url, fetched_at, raw_response
FROM snapshots
WHERE %(since)s::timestamptz IS NULL OR fetched_at >= %(since)s
ORDER BY fetched_at, snapshot_id
