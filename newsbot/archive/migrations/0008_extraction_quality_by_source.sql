-- Why: the extraction-drift alarm counted articles per host, so two sources on
-- one host (a site's world and business sections, configured apart) mixed
-- their counts, and one source spread over several hosts (bbc.com articles
-- from a feeds.bbci.co.uk feed) was split. From now on each run's counts are
-- kept per source, as named in the sources file. Rows recorded before this
-- migration keep their host as their source: such a "source" matches no
-- source name, so each source starts a new history (the alarm needs one run).

ALTER TABLE extraction_quality ADD COLUMN source text;
UPDATE extraction_quality SET source = domain;
ALTER TABLE extraction_quality ALTER COLUMN source SET NOT NULL;
ALTER TABLE extraction_quality DROP CONSTRAINT extraction_quality_pkey;
ALTER TABLE extraction_quality ADD PRIMARY KEY (run_id, source);
ALTER TABLE extraction_quality ALTER COLUMN domain DROP NOT NULL;
DROP INDEX extraction_quality_domain_run_idx;
CREATE INDEX extraction_quality_source_run_idx ON extraction_quality (source, run_id DESC);

COMMENT ON TABLE extraction_quality IS 'One row per crawl run and source: how many of the articles the run stored had each field. A sharp drop against the source''s earlier runs is an extraction-drift alarm (newsbot runs shows it).';
COMMENT ON COLUMN extraction_quality.source IS 'Name of the source (sources.name) whose articles these are; for rows recorded before migration 0008, the host they were counted by.';
COMMENT ON COLUMN extraction_quality.domain IS 'Host of the article pages, for rows recorded before migration 0008 (which counted per host); NULL since.';
COMMENT ON COLUMN extraction_quality.articles IS 'Articles of this source that reached the store in this run (304 answers not counted).';
COMMENT ON COLUMN extraction_quality.drifted_fields IS 'Fields (title, body, date, author) whose share fell sharply against the source''s history (NEWSBOT_DRIFT_MAX_DROP); empty when none did.';
COMMENT ON COLUMN extraction_quality.warning IS 'The drift warning logged for this source and run, e.g. "date 0.00 (was 1.00 over 3 runs)"; NULL when none.';
