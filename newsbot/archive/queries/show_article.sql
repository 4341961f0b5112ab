-- Why: `newsbot show`: one article as it reads now, found by id or by any URL
-- that led to it (by url_key, as the crawl matches URLs: scheme, www., a
-- trailing slash and tracking parameters aside), with its fetch history
-- counts and the outlets of its story.
SELECT l.article_id,
       l.canonical_url AS url,
       l.source,
       l.title,
       l.authors,
       l.published_at,
       l.modified_at,
       l.section,
       l.tags,
       l.language,
       l.site_name,
       l.word_count,
       l.version_count AS versions,
       a.fetch_count AS fetches,
       l.first_seen_at,
       a.last_fetched_at,
       a.last_http_status,
       a.next_fetch_at,
       a.story_id,
       (SELECT array_agg(o.outlet ORDER BY o.first_seen_at, o.outlet)
        FROM (SELECT coalesce(src.name, '(unknown)') AS outlet, min(sa.first_seen_at) AS first_seen_at
              FROM articles sa LEFT JOIN sources src ON src.source_id = sa.source_id
              WHERE sa.story_id = a.story_id
              GROUP BY 1) o) AS story_outlets,
       l.summary,
       l.body
FROM latest_articles l
JOIN articles a USING (article_id)
WHERE l.article_id = coalesce(%(article_id)s, (
    SELECT article_id FROM article_urls WHERE url_key = %(url_key)s
    UNION ALL
    SELECT article_id FROM articles WHERE canonical_url = %(url)s
    UNION ALL
    SELECT article_id FROM fetches WHERE url = %(url)s
    LIMIT 1))
