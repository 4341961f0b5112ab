-- Why: one article's current version with its raw capture and its source's
-- config (the keep/drop selectors and language that extraction uses), and
-- its fetch time (when the signature it gets was fetched).
SELECT a.article_id, a.canonical_url, s.snapshot_id, s.url, s.content_hash, s.title, s.authors,
       s.published_at, s.modified_at, s.section, s.tags, s.language, s.site_name, s.summary,
       s.image_url, s.body, s.extractor_version,
       coalesce(s.raw_response, held.raw_response) AS raw_response,
       src.name AS source, src.language AS source_language, coalesce(src.config, '{}'::jsonb) AS source_config,
       s.fetched_at
FROM articles a
JOIN snapshots s ON s.snapshot_id = a.current_snapshot_id
LEFT JOIN snapshots held ON held.snapshot_id = s.capture_snapshot_id
LEFT JOIN sources src ON src.source_id = a.source_id
WHERE a.article_id = %(article_id)s
FOR UPDATE OF a
