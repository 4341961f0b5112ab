-- Why: a copy of a stored article joins its story, linked to what it copies.
UPDATE articles
SET story_id = %(story_id)s, duplicate_of = %(duplicate_of)s, duplicate_similarity = %(similarity)s
WHERE article_id = %(article_id)s
