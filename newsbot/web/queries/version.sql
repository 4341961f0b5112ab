-- Why: one version in full, for the diff and the JSON download; it must
-- belong to the article named in the URL.
SELECT s.snapshot_id, s.article_id, a.canonical_url, s.run_id, s.fetched_at, s.url,
       s.http_status, s.content_hash, s.title, s.authors, s.published_at, s.modified_at,
       s.section, s.tags, s.language, s.site_name, s.summary, s.image_url, s.body,
       s.paragraph_count, s.word_count, s.extractor_version, s.previous_snapshot_id,
       s.words_added, s.words_removed, s.title_changed, s.payload_digest
FROM snapshots s
JOIN articles a USING (article_id)
WHERE s.article_id = %(article_id)s AND s.snapshot_id = %(snapshot_id)s
