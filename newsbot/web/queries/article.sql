-- Why: the article page: the current version's fields, its source and story.
SELECT a.article_id, a.canonical_url, src.name AS source, src.site_name AS source_site_name,
       a.story_id, a.duplicate_of, a.duplicate_similarity,
       a.first_seen_at, a.last_fetched_at, a.last_http_status, a.next_fetch_at, a.fetch_count,
       s.snapshot_id, s.title, s.authors, s.published_at, s.modified_at, s.section, s.tags,
       s.language, s.site_name, s.summary, s.image_url, s.body, s.word_count, s.fetched_at,
       (SELECT count(*) FROM articles o WHERE o.story_id = a.story_id) AS story_size
FROM articles a
JOIN snapshots s ON s.snapshot_id = a.current_snapshot_id
LEFT JOIN sources src ON src.source_id = a.source_id
WHERE a.article_id = %(article_id)s
