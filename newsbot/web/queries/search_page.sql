-- Why: one page of search results over the articles as they read now, in
-- the order {order} names (newest first, or best match first);
-- ts_headline runs only on the page's rows, as it re-parses each body.
WITH hits AS (
    SELECT a.article_id, s.snapshot_id
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
    ORDER BY {order}
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT a.article_id, src.name AS source, s.published_at, s.language, a.canonical_url, s.title,
       (SELECT count(*) FROM snapshots v WHERE v.article_id = a.article_id) AS versions,
       CASE WHEN %(text)s::text IS NULL THEN left(s.body, 240)
            ELSE ts_headline(%(config)s::regconfig, s.body,
                             websearch_to_tsquery(%(config)s::regconfig, %(text)s),
                             'StartSel=' || %(mark_start)s || ', StopSel=' || %(mark_stop)s
                             || ', MaxFragments=2, MaxWords=30, MinWords=12')
       END AS headline,
       CASE WHEN %(text)s::text IS NULL THEN s.title
            ELSE ts_headline(%(config)s::regconfig, s.title,
                             websearch_to_tsquery(%(config)s::regconfig, %(text)s),
                             'StartSel=' || %(mark_start)s || ', StopSel=' || %(mark_stop)s
                             || ', HighlightAll=true')
       END AS title_headline
FROM hits h
JOIN articles a ON a.article_id = h.article_id
JOIN snapshots s ON s.snapshot_id = h.snapshot_id
LEFT JOIN sources src ON src.source_id = a.source_id
ORDER BY {order}
