-- Why: `newsbot diff` shows every version of one article, by id or by any URL it was fetched at.
SELECT s.article_id, a.canonical_url, s.snapshot_id, s.fetched_at, s.title,
       s.words_added, s.words_removed, s.title_changed, s.diff
FROM snapshots s
JOIN articles a USING (article_id)
WHERE a.article_id = coalesce(%(article_id)s, (
    SELECT article_id FROM articles WHERE canonical_url = %(url)s
    UNION ALL
    SELECT article_id FROM fetches WHERE url = %(url)s
    LIMIT 1))
ORDER BY s.fetched_at, s.snapshot_id
