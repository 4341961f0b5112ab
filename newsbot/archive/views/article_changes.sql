-- Why: the list an editor-watcher reads: which articles changed, when, and how much.
CREATE OR REPLACE VIEW article_changes AS
SELECT
    s.article_id,
    a.canonical_url,
    src.name AS source,
    s.snapshot_id,
    s.fetched_at AS changed_at,
    p.title AS title_before,
    s.title AS title_after,
    s.title_changed,
    s.words_added,
    s.words_removed,
    s.words_added + s.words_removed AS change_size
FROM snapshots s
JOIN snapshots p ON p.snapshot_id = s.previous_snapshot_id
JOIN articles a ON a.article_id = s.article_id
LEFT JOIN sources src ON src.source_id = a.source_id;

COMMENT ON VIEW article_changes IS 'One row per change: a version that replaced an earlier one, with the size of the change.';
COMMENT ON COLUMN article_changes.article_id IS 'The article that changed.';
COMMENT ON COLUMN article_changes.canonical_url IS 'The article''s canonical URL.';
COMMENT ON COLUMN article_changes.source IS 'Name of the source.';
COMMENT ON COLUMN article_changes.snapshot_id IS 'The new version.';
COMMENT ON COLUMN article_changes.changed_at IS 'When the new version was fetched.';
COMMENT ON COLUMN article_changes.title_before IS 'Headline of the previous version.';
COMMENT ON COLUMN article_changes.title_after IS 'Headline of the new version.';
COMMENT ON COLUMN article_changes.title_changed IS 'Whether the headline changed.';
COMMENT ON COLUMN article_changes.words_added IS 'Words added.';
COMMENT ON COLUMN article_changes.words_removed IS 'Words removed.';
COMMENT ON COLUMN article_changes.change_size IS 'Words added plus words removed.';
