-- Why: a URL listed again in a feed or sitemap is only fetched again when
-- its article is due; this finds the stored ones among a listing's URLs.
SELECT u.url, a.article_id, a.next_fetch_at <= now() AS due
FROM unnest(%(urls)s::text[]) AS u(url)
JOIN articles a ON a.canonical_url = u.url
UNION
SELECT DISTINCT ON (f.url) f.url, a.article_id, a.next_fetch_at <= now() AS due
FROM fetches f
JOIN articles a USING (article_id)
WHERE f.url = ANY(%(urls)s::text[])
