-- Why: the crawl asks, before fetching, whether a URL already leads to a stored
-- article (and whether it is that article's canonical URL or an alias).
SELECT u.url_key, u.url, u.article_id, u.kind, a.canonical_url, u.last_seen_at
FROM article_urls u
JOIN articles a ON a.article_id = u.article_id
WHERE u.url_key = ANY(%(url_keys)s::text[])
