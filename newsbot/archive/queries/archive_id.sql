-- Why: the spool keeps a folder per archive (migration 0009), so items
-- fetched for one database are never written into another.
SELECT archive_id::text FROM archive_identity
