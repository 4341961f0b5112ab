-- Why: `newsbot sources`: each configured outlet with how much of it is archived
-- and how fresh it is.
SELECT s.name,
       s.site_name,
       s.language,
       count(a.article_id) AS articles,
       count(a.article_id) FILTER (WHERE a.next_fetch_at <= now()) AS due,
       max(a.first_seen_at) AS newest_article_at,
       max(a.last_fetched_at) AS last_fetched_at,
       s.home_url
FROM sources s
LEFT JOIN articles a ON a.source_id = s.source_id
GROUP BY s.source_id
ORDER BY s.name
