-- Why: the scheduler daemon kept its jobs in APScheduler's SQLAlchemy job
-- store (scheduler_jobs: pickled job objects), the one reason newsbot needed
-- SQLAlchemy, and a store APScheduler says must never be shared between
-- schedulers. The daemon now schedules from an in-memory store and keeps here
-- only what must outlive a restart: each job's next run, so a run missed while
-- it was down still happens when it comes back.

CREATE TABLE scheduler_job_state (
    job_id       text PRIMARY KEY,
    trigger      text NOT NULL,
    next_run_at  timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE scheduler_job_state IS 'Next run of each job of the `newsbot schedule` daemon, written by the daemon from its schedule config, never by hand.';
COMMENT ON COLUMN scheduler_job_state.job_id IS 'Job id from the schedule config, e.g. worldnews-nightly.';
COMMENT ON COLUMN scheduler_job_state.trigger IS 'The job''s trigger, time zone and misfire grace as the daemon describes them; a change means a changed job, whose stored next run is dropped.';
COMMENT ON COLUMN scheduler_job_state.next_run_at IS 'When the job runs next; a time in the past when the daemon was down at that time (it runs on start, within the misfire grace time); NULL for no further run.';
COMMENT ON COLUMN scheduler_job_state.updated_at IS 'When the daemon last wrote this row.';

DROP TABLE scheduler_jobs;
