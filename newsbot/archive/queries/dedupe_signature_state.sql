-- Why: linking an article needs its current story and signature, to keep the
-- one and replace the other only when the body changed.
SELECT a.story_id, s.scheme, s.minhash
FROM articles a
LEFT JOIN article_signatures s ON s.article_id = a.article_id
WHERE a.article_id = %(article_id)s
