-- Why: `newsbot export --format ... --versions`: every stored version fetched
-- since a time, with what changed against the version before.
SELECT s.snapshot_id, s.article_id, a.canonical_url, src.name AS source, s.fetched_at, s.url,
       s.http_status, s.title, s.authors, s.published_at, s.modified_at, s.section, s.tags,
       s.language, s.site_name, s.summary, s.body, s.word_count, s.previous_snapshot_id,
       s.words_added, s.words_removed, s.title_changed, s.content_hash, s.extractor_version
FROM snapshots s
JOIN articles a USING (article_id)
LEFT JOIN sources src ON src.source_id = a.source_id
WHERE %(since)s::timestamptz IS NULL OR s.fetched_at >= %(since)s
ORDER BY s.snapshot_id
