-- Why: the search page's result count, with the same filters as
-- search_page.sql, counted up to %(cap)s: past that the page says "more
-- than", as counting every match of a common word would cost more than the page.
SELECT count(*) AS total
FROM (
    SELECT 1
    FROM articles a
    JOIN snapshots s ON s.snapshot_id = a.current_snapshot_id
    WHERE (%(text)s::text IS NULL
           OR s.search_vector @@ websearch_to_tsquery(%(config)s::regconfig, %(text)s))
      AND (%(source)s::text IS NULL
           OR a.source_id = (SELECT source_id FROM sources WHERE name = %(source)s))
      AND (%(language)s::text IS NULL OR s.language = %(language)s)
      AND (%(published_from)s::timestamptz IS NULL OR s.published_at >= %(published_from)s)
      AND (%(published_to)s::timestamptz IS NULL OR s.published_at < %(published_to)s)
      -- Changed: the article has another version than the one it shows now.
      AND (NOT %(changed)s OR EXISTS (SELECT 1 FROM snapshots v
                                      WHERE v.article_id = a.article_id
                                        AND v.snapshot_id <> s.snapshot_id))
    LIMIT %(cap)s
) capped
