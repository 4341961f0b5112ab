-- Why: `newsbot reextract` stores a new version of the same fetch. It copied
-- the fetch's raw capture into every new version, so capture storage grew
-- with each re-extraction. A re-extracted version now names the version that
-- holds its capture; every version has exactly one of the two.

ALTER TABLE snapshots ALTER COLUMN raw_response DROP NOT NULL;
ALTER TABLE snapshots ADD COLUMN capture_snapshot_id bigint REFERENCES snapshots (snapshot_id);
ALTER TABLE snapshots ADD CONSTRAINT snapshots_one_capture
    CHECK ((raw_response IS NULL) <> (capture_snapshot_id IS NULL));
COMMENT ON COLUMN snapshots.raw_response IS 'The raw HTTP response (status line, headers and body bytes as received), gzip-compressed; NULL for a re-extracted version, whose capture is in capture_snapshot_id''s row.';
COMMENT ON COLUMN snapshots.capture_snapshot_id IS 'For a re-extracted version (newsbot reextract): the version of the same fetch that holds its raw_response; NULL when this row holds its own.';
