-- Why: the raw capture of one version, for its WARC record download.
SELECT url, fetched_at, raw_response
FROM snapshots
WHERE article_id = %(article_id)s AND snapshot_id = %(snapshot_id)s
