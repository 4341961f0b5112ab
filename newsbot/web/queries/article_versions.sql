-- Why: the article page's timeline: every stored version, oldest first,
-- with the size of each change and how often each version was seen.
SELECT row_number() OVER (ORDER BY s.fetched_at, s.snapshot_id) AS version,
       s.snapshot_id, s.previous_snapshot_id, s.fetched_at, s.url, s.http_status, s.title,
       s.word_count, s.words_added, s.words_removed, s.title_changed,
       s.snapshot_id = a.current_snapshot_id AS is_current,
       (SELECT count(*) FROM fetches f WHERE f.snapshot_id = s.snapshot_id) AS fetches
FROM snapshots s
JOIN articles a USING (article_id)
WHERE s.article_id = %(article_id)s
ORDER BY s.fetched_at, s.snapshot_id
