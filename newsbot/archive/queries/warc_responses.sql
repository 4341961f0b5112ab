-- Why: every stored version is a WARC response record, oldest first.
SELECT s.url, s.fetched_at, coalesce(s.raw_response, held.raw_response) AS raw_response
FROM snapshots s
LEFT JOIN snapshots held ON held.snapshot_id = s.capture_snapshot_id
WHERE %(since)s::timestamptz IS NULL OR s.fetched_at >= %(since)s
ORDER BY s.fetched_at, s.snapshot_id
