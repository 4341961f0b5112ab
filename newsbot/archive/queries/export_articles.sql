-- Why: `newsbot export --format`: each article as it reads now, new or changed
-- since a time (its current version was first fetched then or later), with the
-- URL that was fetched for that version beside the canonical one.
SELECT l.article_id, l.canonical_url, s.url AS fetched_url, l.source, l.title, l.authors,
       l.published_at, l.modified_at, l.section, l.tags, l.language, l.site_name, l.summary,
       l.body, l.word_count, l.first_seen_at, l.last_seen_at, l.version_fetched_at,
       l.version_count
FROM latest_articles l
JOIN snapshots s ON s.snapshot_id = l.latest_snapshot_id
WHERE %(since)s::timestamptz IS NULL OR l.version_fetched_at >= %(since)s
ORDER BY l.article_id
