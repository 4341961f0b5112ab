-- Why: the recrawl pass: stored articles of these sources whose next visit is due.
SELECT a.article_id, a.canonical_url, src.name AS source, a.etag, a.last_modified
FROM articles a
JOIN sources src ON src.source_id = a.source_id
WHERE src.name = ANY(%(sources)s)
  AND a.next_fetch_at <= now()
  AND a.gone_at IS NULL
ORDER BY a.next_fetch_at
LIMIT %(limit)s
