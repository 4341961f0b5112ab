-- Why: the one "is this URL known" lookup. The crawl asks, before fetching,
-- whether a URL already leads to a stored article: as a URL of article_urls
-- (its canonical URL or an alias, matched by url_key, so tracking, AMP and
-- mobile variants too), else as an article's canonical URL or a URL that was
-- fetched for one (archives stored without dedupe have no article_urls rows).
-- One row per url_key, article_urls first.
WITH asked AS (
    SELECT * FROM unnest(%(urls)s::text[], %(keys_of_urls)s::text[]) AS q(url, url_key)
)
SELECT DISTINCT ON (found.url_key)
       found.url_key, found.url, found.article_id, found.kind, found.canonical_url, found.last_seen_at
FROM (
    SELECT u.url_key, u.url, u.article_id, u.kind, a.canonical_url, u.last_seen_at, 0 AS rank
    FROM article_urls u
    JOIN articles a ON a.article_id = u.article_id
    WHERE u.url_key = ANY(%(url_keys)s::text[])
    UNION ALL
    SELECT q.url_key, q.url, a.article_id, 'canonical', a.canonical_url, a.last_seen_at, 1
    FROM asked q
    JOIN articles a ON a.canonical_url = q.url
    UNION ALL
    SELECT q.url_key, q.url, f.article_id, 'fetched', a.canonical_url, f.fetched_at, 2
    FROM asked q
    JOIN fetches f ON f.url = q.url
    JOIN articles a ON a.article_id = f.article_id
) AS found
ORDER BY found.url_key, found.rank, found.last_seen_at DESC
