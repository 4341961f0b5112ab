-- Why: the articles the search page's filters match (text, source, language,
-- published dates, changed only), shared by search_count.sql and
-- search_page.sql so the count and the page can never disagree.
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
