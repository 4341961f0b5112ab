-- Why: "how did this article read over time" is one query, with the size of each change.
CREATE OR REPLACE VIEW article_history AS
SELECT
    s.article_id,
    a.canonical_url,
    row_number() OVER (PARTITION BY s.article_id ORDER BY s.fetched_at, s.snapshot_id) AS version,
    s.snapshot_id,
    s.previous_snapshot_id,
    s.fetched_at,
    s.title,
    s.word_count,
    s.words_added,
    s.words_removed,
    s.title_changed,
    s.snapshot_id = a.current_snapshot_id AS is_current
FROM snapshots s
JOIN articles a USING (article_id);

COMMENT ON VIEW article_history IS 'Every stored version of every article, numbered from 1 in fetch order.';
COMMENT ON COLUMN article_history.article_id IS 'The article.';
COMMENT ON COLUMN article_history.canonical_url IS 'The article''s canonical URL.';
COMMENT ON COLUMN article_history.version IS 'Version number, 1 for the first stored.';
COMMENT ON COLUMN article_history.snapshot_id IS 'The version''s row in snapshots.';
COMMENT ON COLUMN article_history.previous_snapshot_id IS 'The version it replaced.';
COMMENT ON COLUMN article_history.fetched_at IS 'When the version was first fetched.';
COMMENT ON COLUMN article_history.title IS 'Headline of the version.';
COMMENT ON COLUMN article_history.word_count IS 'Words in the version''s body.';
COMMENT ON COLUMN article_history.words_added IS 'Words added against the previous version.';
COMMENT ON COLUMN article_history.words_removed IS 'Words removed against the previous version.';
COMMENT ON COLUMN article_history.title_changed IS 'Whether the headline changed against the previous version.';
COMMENT ON COLUMN article_history.is_current IS 'Whether the page showed this version at its latest fetch.';
