-- Why: the raw capture of one version, for its WARC record download.
SELECT s.url, s.fetched_at, coalesce(s.raw_response, held.raw_response) AS raw_response
FROM snapshots s
LEFT JOIN snapshots held ON held.snapshot_id = s.capture_snapshot_id
WHERE s.article_id = %(article_id)s AND s.snapshot_id = %(snapshot_id)s
