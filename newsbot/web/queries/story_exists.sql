-- Why: a story id that does not exist is a 404, not an empty page.
SELECT story_id, created_at, first_article_id FROM story_clusters WHERE story_id = %(story_id)s
