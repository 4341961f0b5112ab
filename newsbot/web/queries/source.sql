-- Why: the source page's heading; an unknown name is a 404.
SELECT s.source_id, s.name, s.site_name, s.home_url, s.language, s.created_at, s.updated_at,
       (SELECT count(*) FROM articles a WHERE a.source_id = s.source_id) AS articles
FROM sources s
WHERE s.name = %(name)s
