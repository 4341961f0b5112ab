-- Why: a revisit answered 404 or 410: the article stays in the archive with
-- its versions, but is marked gone and leaves the recrawl schedule.
UPDATE articles
SET gone_at = coalesce(gone_at, %(fetched_at)s),
    last_fetched_at = greatest(last_fetched_at, %(fetched_at)s),
    last_http_status = %(http_status)s,
    next_fetch_at = NULL
WHERE article_id = %(article_id)s
