-- Why: the spool keeps a folder per archive (migration 0009), so items
-- fetched for one database are never written into another. The database's
-- name is part of the key: a copy made with CREATE DATABASE ... TEMPLATE
-- (or restored under another name) is another archive; a dump restored
-- under the same name on a new server is the same one.
SELECT current_database() || '-' || archive_id::text FROM archive_identity
