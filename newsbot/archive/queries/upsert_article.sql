-- Why: one row per canonical URL whatever the number of fetches; the upsert
-- also locks the row, so two workers storing the same article serialise here.
INSERT INTO articles (canonical_url, source_id, first_seen_at, last_seen_at, first_run_id, last_run_id)
VALUES (%(canonical_url)s, %(source_id)s, %(fetched_at)s, %(fetched_at)s, %(run_id)s, %(run_id)s)
ON CONFLICT (canonical_url) DO UPDATE
SET last_seen_at = greatest(articles.last_seen_at, excluded.last_seen_at),
    last_run_id = excluded.last_run_id
RETURNING article_id, (xmax = 0) AS inserted, current_snapshot_id, first_seen_at
