-- Why: every refetch that stored no new version is a WARC revisit record,
-- pointing at the version whose content it had.
SELECT f.url, f.fetched_at, f.http_status, f.payload_digest, f.outcome,
       s.url, s.fetched_at, s.payload_digest
FROM fetches f
JOIN snapshots s ON s.snapshot_id = f.snapshot_id
WHERE f.outcome IN ('unchanged', 'not_modified', 'flip_flop')
  AND (%(since)s::timestamptz IS NULL OR f.fetched_at >= %(since)s)
ORDER BY f.fetched_at, f.fetch_id
