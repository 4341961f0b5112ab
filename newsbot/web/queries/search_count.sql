-- Why: the search page's result count, with the same filters as search_page.sql.
-- An empty query lists every article (browsing by filters alone).
SELECT count(*) AS total
FROM articles a
JOIN snapshots s ON s.snapshot_id = a.current_snapshot_id
LEFT JOIN sources src ON src.source_id = a.source_id
WHERE (%(text)s::text IS NULL
       OR s.search_vector @@ websearch_to_tsquery(%(config)s::regconfig, %(text)s))
  AND (%(source)s::text IS NULL OR src.name = %(source)s)
  AND (%(language)s::text IS NULL OR s.language = %(language)s)
  AND (%(published_from)s::timestamptz IS NULL OR s.published_at >= %(published_from)s)
  AND (%(published_to)s::timestamptz IS NULL OR s.published_at < %(published_to)s)
  AND (NOT %(changed)s OR s.previous_snapshot_id IS NOT NULL
       OR EXISTS (SELECT 1 FROM snapshots v
                  WHERE v.article_id = a.article_id AND v.previous_snapshot_id IS NOT NULL))
