-- Why: every URL that led to an article is kept, so aliases are never fetched
-- again and analysts can see every address a story had. The latest fetch wins
-- when a URL moves to another article (a site changed its canonical URL).
INSERT INTO article_urls (url_key, url, article_id, kind, first_seen_at, last_seen_at)
VALUES (%(url_key)s, %(url)s, %(article_id)s, %(kind)s, %(seen_at)s, %(seen_at)s)
ON CONFLICT (url_key) DO UPDATE
SET article_id = excluded.article_id,
    kind = excluded.kind,
    last_seen_at = greatest(article_urls.last_seen_at, excluded.last_seen_at)
RETURNING (xmax = 0) AS inserted
