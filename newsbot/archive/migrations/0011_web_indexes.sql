-- Why: the pages of `newsbot web` (newsbot/web), found by benchmarks/web.py
-- at 100,000 articles. An article's timeline counts the fetches of each
-- version (fetches.snapshot_id had no index: a scan of the whole fetch
-- history per version); browsing newest-first walks the current versions
-- by publication time and needs to get from a version to its article; a
-- source's chart counts its articles per day.

CREATE INDEX fetches_snapshot_id_idx ON fetches (snapshot_id);
CREATE INDEX articles_current_snapshot_id_idx ON articles (current_snapshot_id);
CREATE INDEX articles_source_id_first_seen_at_idx ON articles (source_id, first_seen_at);
-- Search results and browsing, newest first: walked in this order, a page
-- of 20 stops after a few dozen rows instead of sorting every match.
CREATE INDEX snapshots_published_at_newest_idx ON snapshots (published_at DESC NULLS LAST, snapshot_id DESC);
