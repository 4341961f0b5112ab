-- Why: the source page's chart: articles first stored per day (UTC), over
-- the %(days)s days up to the source's latest one, days without any as 0.
WITH span AS (
    SELECT (max(first_seen_at) AT TIME ZONE 'UTC')::date AS last_day
    FROM articles WHERE source_id = %(source_id)s
),
counts AS (
    SELECT (a.first_seen_at AT TIME ZONE 'UTC')::date AS day, count(*) AS articles
    FROM articles a, span
    WHERE a.source_id = %(source_id)s
      AND a.first_seen_at >= (span.last_day - (%(days)s - 1)) AT TIME ZONE 'UTC'
    GROUP BY 1
)
SELECT d::date AS day, coalesce(c.articles, 0) AS articles
FROM span,
     generate_series(span.last_day - (%(days)s - 1), span.last_day, interval '1 day') AS d
LEFT JOIN counts c ON c.day = d::date
WHERE span.last_day IS NOT NULL
ORDER BY 1
