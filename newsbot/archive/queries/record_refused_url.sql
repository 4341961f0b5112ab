-- Why: remember a refused or missing URL, so the next runs do not fetch it again too soon.
INSERT INTO refused_urls (url, source_id, reason, http_status, run_id, refused_at)
VALUES (%(url)s, %(source_id)s, %(reason)s, %(http_status)s, %(run_id)s, %(refused_at)s)
ON CONFLICT (url) DO UPDATE
SET source_id = coalesce(EXCLUDED.source_id, refused_urls.source_id),
    reason = EXCLUDED.reason,
    http_status = EXCLUDED.http_status,
    run_id = EXCLUDED.run_id,
    refused_at = greatest(refused_urls.refused_at, EXCLUDED.refused_at),
    refusals = refused_urls.refusals + 1
