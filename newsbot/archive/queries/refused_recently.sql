-- Why: a page a crawl refused (dropped, or 404/410) is not fetched again
-- before its source's recrawl interval; this finds those among a listing's URLs.
SELECT url, refused_at
FROM refused_urls
WHERE url = ANY(%(urls)s::text[])
  AND refused_at > now() - %(interval)s::interval
