-- Why: the archive runs itself (issue 6). The scheduler daemon keeps its jobs
-- in PostgreSQL, so a restart or a second machine sees the same schedule; each
-- crawl records, per domain, how many of its articles came out with a title,
-- a body, a date and an author, so a site whose layout changed (and whose
-- extraction broke) raises an alarm; and analysts get a read-only role.

-- APScheduler's SQLAlchemyJobStore table, laid out exactly as it would create
-- it (it skips creating a table that exists), so that it is documented here.
CREATE TABLE scheduler_jobs (
    id             varchar(191) PRIMARY KEY,
    next_run_time  double precision,
    job_state      bytea NOT NULL
);
COMMENT ON TABLE scheduler_jobs IS 'Jobs of the `newsbot schedule` daemon (APScheduler''s job store); written by the daemon from its schedule config, never by hand.';
COMMENT ON COLUMN scheduler_jobs.id IS 'Job id from the schedule config, e.g. worldnews-nightly; stable, so a restart replaces the job rather than adding one.';
COMMENT ON COLUMN scheduler_jobs.next_run_time IS 'When the job runs next, as seconds since 1970-01-01 UTC (APScheduler''s format); NULL while paused. to_timestamp(next_run_time) reads it.';
COMMENT ON COLUMN scheduler_jobs.job_state IS 'The job''s trigger and settings, pickled by APScheduler.';
CREATE INDEX ix_scheduler_jobs_next_run_time ON scheduler_jobs (next_run_time);

CREATE TABLE extraction_quality (
    run_id          bigint NOT NULL REFERENCES crawl_runs (run_id) ON DELETE CASCADE,
    domain          text NOT NULL,
    articles        integer NOT NULL CHECK (articles >= 0),
    with_title      integer NOT NULL,
    with_body       integer NOT NULL,
    with_date       integer NOT NULL,
    with_author     integer NOT NULL,
    drifted_fields  text[] NOT NULL DEFAULT '{}',
    warning         text,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, domain)
);
COMMENT ON TABLE extraction_quality IS 'One row per crawl run and domain: how many of the articles the run stored had each field. A sharp drop against the domain''s earlier runs is an extraction-drift alarm (newsbot runs shows it).';
COMMENT ON COLUMN extraction_quality.run_id IS 'The crawl run (crawl_runs.run_id).';
COMMENT ON COLUMN extraction_quality.domain IS 'Host name of the article pages, without a leading www. (with :port when not the default one).';
COMMENT ON COLUMN extraction_quality.articles IS 'Articles of this domain that reached the store in this run (304 answers not counted).';
COMMENT ON COLUMN extraction_quality.with_title IS 'Of those, how many had a title.';
COMMENT ON COLUMN extraction_quality.with_body IS 'Of those, how many had a non-empty body.';
COMMENT ON COLUMN extraction_quality.with_date IS 'Of those, how many had a publication date.';
COMMENT ON COLUMN extraction_quality.with_author IS 'Of those, how many had at least one author.';
COMMENT ON COLUMN extraction_quality.drifted_fields IS 'Fields (title, body, date, author) whose share fell sharply against the domain''s history (NEWSBOT_DRIFT_MAX_DROP); empty when none did.';
COMMENT ON COLUMN extraction_quality.warning IS 'The drift warning logged for this domain and run, e.g. "date 0.00 (was 1.00 over 3 runs)"; NULL when none.';
COMMENT ON COLUMN extraction_quality.recorded_at IS 'When the run''s counts were recorded (at the end of the crawl).';
CREATE INDEX extraction_quality_domain_run_idx ON extraction_quality (domain, run_id DESC);

-- A read-only role for analysts. Roles belong to the whole server, so it may
-- exist already (another newsbot database on the server made it). A
-- migrating user without CREATEROLE gets a warning, not a failed migration:
-- an administrator can create the role and run this block again by hand.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsbot_reader') THEN
        BEGIN
            CREATE ROLE newsbot_reader NOLOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'role newsbot_reader not created: % needs CREATEROLE; '
                          'ask an administrator to CREATE ROLE newsbot_reader NOLOGIN '
                          'and grant it as in 0005_operations.sql', current_user;
            RETURN;
        END;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO newsbot_reader', current_database());
    GRANT USAGE ON SCHEMA public TO newsbot_reader;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO newsbot_reader;
    -- Tables and views the migrating user creates later (new migrations and
    -- views) are readable too.
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO newsbot_reader;
END
$$;
