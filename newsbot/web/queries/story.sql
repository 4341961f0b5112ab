-- Why: the story page: one cluster's articles across outlets, earliest
-- publication first, each with the copy it matched and how closely.
SELECT a.article_id, src.name AS outlet, a.canonical_url, s.title, s.published_at,
       a.first_seen_at, a.duplicate_of, a.duplicate_similarity,
       a.article_id = c.first_article_id AS started_story,
       (SELECT count(*) FROM snapshots v WHERE v.article_id = a.article_id) AS versions
FROM story_clusters c
JOIN articles a ON a.story_id = c.story_id
LEFT JOIN snapshots s ON s.snapshot_id = a.current_snapshot_id
LEFT JOIN sources src ON src.source_id = a.source_id
WHERE c.story_id = %(story_id)s
ORDER BY coalesce(s.published_at, a.first_seen_at), a.first_seen_at, a.article_id
