-- Why: a URL listed again in a feed or sitemap is fetched again only
-- through the recrawl schedule; this finds the stored ones among a listing's URLs.
SELECT u.url, a.article_id
FROM unnest(%(urls)s::text[]) AS u(url)
JOIN articles a ON a.canonical_url = u.url
UNION
SELECT DISTINCT ON (f.url) f.url, f.article_id
FROM fetches f
WHERE f.url = ANY(%(urls)s::text[])
