-- Why: linking an article needs its current story and signature, to keep the
-- one and replace the other only when the body changed (re-extraction also
-- needs whether the article started its story or copied another).
SELECT a.story_id, s.scheme, s.minhash, a.duplicate_of
FROM articles a
LEFT JOIN article_signatures s ON s.article_id = a.article_id
WHERE a.article_id = %(article_id)s
