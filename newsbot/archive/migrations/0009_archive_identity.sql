-- Why: items spooled on local disk while the database was away must go back
-- into the archive that they were fetched for, never into another database
-- that a later crawl under the same NEWSBOT_HOME happens to use. Each archive
-- gets one random id, made once; the spool keeps a folder per id.
CREATE TABLE archive_identity (
    archive_id  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at  timestamptz NOT NULL DEFAULT now(),
    singleton   boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton)
);
COMMENT ON TABLE archive_identity IS 'The archive''s own id, one row: it names the local spool folder of items waiting for this database.';
COMMENT ON COLUMN archive_identity.archive_id IS 'Random id made when the table was created; a copy of the database (pg_dump/restore) keeps it.';
COMMENT ON COLUMN archive_identity.created_at IS 'When the id was made.';
COMMENT ON COLUMN archive_identity.singleton IS 'Always true; its unique constraint keeps the table to one row.';

INSERT INTO archive_identity DEFAULT VALUES;
