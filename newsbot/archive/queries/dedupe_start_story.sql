-- Why: an article that copies nothing stored starts its own story.
WITH story AS (
    INSERT INTO story_clusters (created_at, first_article_id)
    VALUES (%(seen_at)s, %(article_id)s)
    RETURNING story_id
)
UPDATE articles
SET story_id = (SELECT story_id FROM story), duplicate_of = NULL, duplicate_similarity = NULL
WHERE article_id = %(article_id)s
RETURNING story_id
