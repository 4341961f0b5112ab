-- Why: every URL an article was fetched at, with when (fetches), and the
-- URLs known to lead to it (article_urls: canonical and aliases).
SELECT url, min(first_at) AS first_fetched_at, max(last_at) AS last_fetched_at,
       sum(fetches)::integer AS fetches, string_agg(DISTINCT kind, ', ') AS kind
FROM (
    SELECT f.url, min(f.fetched_at) AS first_at, max(f.fetched_at) AS last_at,
           count(*) AS fetches, 'fetched' AS kind
    FROM fetches f WHERE f.article_id = %(article_id)s GROUP BY f.url
    UNION ALL
    SELECT u.url, u.first_seen_at, u.last_seen_at, 0, u.kind
    FROM article_urls u WHERE u.article_id = %(article_id)s
) known
GROUP BY url
ORDER BY min(first_at), url
