-- Why: `newsbot search`: full-text search over the current versions, best
-- matches first (websearch syntax: "quoted phrase", or, -exclude).
SELECT l.article_id,
       l.source,
       l.published_at,
       l.title,
       l.canonical_url AS url,
       round(ts_rank(l.search_vector, q)::numeric, 3) AS rank
FROM latest_articles l,
     websearch_to_tsquery(%(config)s::regconfig, %(text)s) AS q
WHERE l.search_vector @@ q
  AND (%(source)s::text IS NULL OR l.source = %(source)s)
  AND (%(since)s::timestamptz IS NULL OR l.published_at >= %(since)s)
ORDER BY rank DESC, l.published_at DESC NULLS LAST, l.article_id
LIMIT %(limit)s
