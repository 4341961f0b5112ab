-- Why: `newsbot export --format`: each article as it reads now, new or changed
-- since a time (its current version was first fetched then or later).
SELECT article_id, canonical_url, source, title, authors, published_at, modified_at, section,
       tags, language, site_name, summary, body, word_count, first_seen_at, last_seen_at,
       version_fetched_at, version_count
FROM latest_articles
WHERE %(since)s::timestamptz IS NULL OR version_fetched_at >= %(since)s
ORDER BY article_id
