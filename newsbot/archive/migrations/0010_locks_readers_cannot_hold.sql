-- Why: coordination that a reader can neither take nor break (issue 15).
-- Advisory locks are open to every role: an analyst holding the migration
-- key kept every crawl waiting, and holding a job's key made every scheduled
-- run "skipped"; and a session lock dies with its connection, so after a
-- PostgreSQL restart a second scheduler started a job still running.
-- Leases are rows only newsbot's owner role can write, kept alive by a
-- heartbeat, and they outlive a restart; dedupe locks rows instead. Views are replaced only when their
-- SQL changed (a checksum per view), so a crawl start takes no lock a
-- reader's open transaction on a view would hold up. And readers may not
-- create temporary tables (a copy of the archive out of any audit's sight).

CREATE TABLE schema_views (
    name        text PRIMARY KEY,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE schema_views IS 'The view definitions (views/*.sql) as last applied; a view is replaced only when its file''s checksum differs.';
COMMENT ON COLUMN schema_views.name IS 'File name of the view definition, e.g. latest_articles.sql.';
COMMENT ON COLUMN schema_views.checksum IS 'SHA-256 of the file as applied.';
COMMENT ON COLUMN schema_views.applied_at IS 'When the view was last created or replaced.';

CREATE TABLE newsbot_leases (
    name          text PRIMARY KEY,
    holder        text NOT NULL,
    acquired_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
COMMENT ON TABLE newsbot_leases IS 'Who runs what right now (e.g. a scheduled job): one row per lease, held while its heartbeat keeps expires_at ahead; only newsbot''s owner role can write it.';
COMMENT ON COLUMN newsbot_leases.name IS 'What is leased, e.g. job:worldnews-nightly.';
COMMENT ON COLUMN newsbot_leases.holder IS 'The holder: host, process id and a random part, e.g. crawlhost:4123:9f2c.';
COMMENT ON COLUMN newsbot_leases.acquired_at IS 'When the holder took the lease.';
COMMENT ON COLUMN newsbot_leases.heartbeat_at IS 'The holder''s last heartbeat.';
COMMENT ON COLUMN newsbot_leases.expires_at IS 'Past this time without a heartbeat, the lease is free for another holder.';

-- Dedupe's "copies are linked one after the other": each linking transaction
-- locks the rows of its band keys' buckets (queries/dedupe_lock.sql). Row locks
-- need UPDATE on the table, which readers lack; with advisory locks a reader
-- holding a story's keys kept its copies from ever being stored.
CREATE TABLE dedupe_locks (
    bucket  integer PRIMARY KEY
);
COMMENT ON TABLE dedupe_locks IS 'One row per lock bucket (65,536): a transaction linking an article locks the rows of its band-key buckets FOR UPDATE, in bucket order; never read for data.';
COMMENT ON COLUMN dedupe_locks.bucket IS 'Bucket number, 0 to 65535: a band key (or body hash key) modulo 65,536.';
INSERT INTO dedupe_locks (bucket) SELECT generate_series(0, 65535);

-- Reading who holds what is harmless; writing is the owner's alone (no grant).
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsbot_reader') THEN
        EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM newsbot_reader', current_database());
    END IF;
END
$$;
