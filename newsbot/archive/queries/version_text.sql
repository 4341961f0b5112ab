-- Why: a new version is diffed against the one the page showed before.
SELECT title, body FROM snapshots WHERE snapshot_id = %(snapshot_id)s
