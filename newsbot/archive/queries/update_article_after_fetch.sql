-- Why: the article row carries what the next recrawl needs: when, and how to ask conditionally.
UPDATE articles
SET current_snapshot_id = %(snapshot_id)s,
    last_fetched_at = greatest(last_fetched_at, %(fetched_at)s),
    last_seen_at = greatest(last_seen_at, %(fetched_at)s),
    last_http_status = %(http_status)s,
    etag = coalesce(%(etag)s, etag),
    last_modified = coalesce(%(last_modified)s, last_modified),
    next_fetch_at = %(next_fetch_at)s,
    fetch_count = fetch_count + 1
WHERE article_id = %(article_id)s
