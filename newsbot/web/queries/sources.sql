-- Why: the sources page: each source's article count and newest article,
-- each read from the (source_id, first_seen_at) index alone.
SELECT s.name, s.site_name, s.language, s.home_url,
       (SELECT count(*) FROM articles a WHERE a.source_id = s.source_id) AS articles,
       (SELECT max(a.first_seen_at) FROM articles a WHERE a.source_id = s.source_id) AS newest_article_at
FROM sources s
ORDER BY s.name
