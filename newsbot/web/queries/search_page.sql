-- Why: one page of search results over the articles as they read now, in
-- the order {order} names (newest first, or best match first);
-- ts_headline runs only on the page's rows, as it re-parses each body.
WITH hits AS (
    SELECT a.article_id, s.snapshot_id
    {matches}
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
