-- Why: the re-extracted version becomes what the article reads as now.
UPDATE articles
SET current_snapshot_id = %(snapshot_id)s
WHERE article_id = %(article_id)s AND current_snapshot_id = %(previous_snapshot_id)s
