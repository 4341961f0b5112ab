-- Why: analysts count stories, not copies: one row per story cluster with
-- when it was first seen, which outlets ran it (in the order they did) and
-- how many articles it has.
CREATE OR REPLACE VIEW stories AS
WITH outlet_articles AS (
    SELECT a.story_id,
           coalesce(src.name, '(unknown)') AS outlet,
           min(a.first_seen_at) AS first_seen_at,
           max(a.last_seen_at)  AS last_seen_at,
           count(*)             AS articles
    FROM articles a
    LEFT JOIN sources src ON src.source_id = a.source_id
    WHERE a.story_id IS NOT NULL
    GROUP BY a.story_id, src.name
)
SELECT c.story_id,
       min(o.first_seen_at) AS first_seen_at,
       max(o.last_seen_at)  AS last_seen_at,
       array_agg(o.outlet ORDER BY o.first_seen_at, o.outlet) AS outlets,
       count(*)::integer        AS outlet_count,
       sum(o.articles)::integer AS article_count,
       c.first_article_id,
       first_article.canonical_url AS first_url,
       (SELECT s.title FROM snapshots s
        WHERE s.article_id = c.first_article_id
        ORDER BY s.fetched_at DESC, s.snapshot_id DESC
        LIMIT 1) AS title
FROM story_clusters c
JOIN outlet_articles o USING (story_id)
LEFT JOIN articles first_article ON first_article.article_id = c.first_article_id
GROUP BY c.story_id, c.first_article_id, first_article.canonical_url;

COMMENT ON VIEW stories IS 'One row per story cluster: the same text run by one or more outlets, counted once.';
COMMENT ON COLUMN stories.story_id IS 'Stable numeric id of the story (articles.story_id).';
COMMENT ON COLUMN stories.first_seen_at IS 'When newsbot first stored any article of the story.';
COMMENT ON COLUMN stories.last_seen_at IS 'When newsbot last fetched any article of the story.';
COMMENT ON COLUMN stories.outlets IS 'Names of the sources that ran the story, in the order newsbot first saw each.';
COMMENT ON COLUMN stories.outlet_count IS 'Number of sources that ran the story.';
COMMENT ON COLUMN stories.article_count IS 'Number of articles (distinct canonical URLs) in the story.';
COMMENT ON COLUMN stories.first_article_id IS 'The article that started the story.';
COMMENT ON COLUMN stories.first_url IS 'Canonical URL of the article that started the story.';
COMMENT ON COLUMN stories.title IS 'Headline of the latest version of the article that started the story.';
