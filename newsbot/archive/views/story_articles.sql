-- Why: "which outlets ran this story, and when did each?" is one filter on
-- this view; the latest version is read per article through the snapshots
-- index, so a filter on story_id stays cheap.
CREATE OR REPLACE VIEW story_articles AS
SELECT a.story_id,
       a.article_id,
       src.name AS outlet,
       a.canonical_url,
       latest.title,
       latest.published_at,
       a.first_seen_at,
       a.last_seen_at,
       a.duplicate_of,
       a.duplicate_similarity,
       ARRAY(SELECT u.url FROM article_urls u
             WHERE u.article_id = a.article_id AND u.kind = 'alias'
             ORDER BY u.first_seen_at, u.url_key) AS alias_urls
FROM articles a
LEFT JOIN sources src ON src.source_id = a.source_id
LEFT JOIN LATERAL (
    SELECT s.title, s.published_at
    FROM snapshots s
    WHERE s.article_id = a.article_id
    ORDER BY s.fetched_at DESC, s.snapshot_id DESC
    LIMIT 1
) latest ON true
WHERE a.story_id IS NOT NULL;

COMMENT ON VIEW story_articles IS 'One row per article that belongs to a story: which outlet ran it, under which URLs, and when.';
COMMENT ON COLUMN story_articles.story_id IS 'Story cluster of the article (stories.story_id).';
COMMENT ON COLUMN story_articles.article_id IS 'Stable numeric id of the article.';
COMMENT ON COLUMN story_articles.outlet IS 'Name of the source (sources.name) that found the article.';
COMMENT ON COLUMN story_articles.canonical_url IS 'The article''s canonical URL.';
COMMENT ON COLUMN story_articles.title IS 'Headline of the latest version.';
COMMENT ON COLUMN story_articles.published_at IS 'Publication time the latest version declares.';
COMMENT ON COLUMN story_articles.first_seen_at IS 'When newsbot first stored the article.';
COMMENT ON COLUMN story_articles.last_seen_at IS 'When newsbot last fetched the article.';
COMMENT ON COLUMN story_articles.duplicate_of IS 'The earlier article it was found to copy; NULL for the story''s first article.';
COMMENT ON COLUMN story_articles.duplicate_similarity IS 'Estimated Jaccard similarity with duplicate_of.';
COMMENT ON COLUMN story_articles.alias_urls IS 'Other URLs of the same site that served this article (in canonical form), oldest first.';
