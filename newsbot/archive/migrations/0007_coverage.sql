-- Why: every article a source lists gets stored, every drop is visible, no
-- request is wasted (issue 12). A crawl records, per run and source, how many
-- pages its listings named and how many it stored, and per reason how many
-- it dropped, so `newsbot runs` and the drift alarm can show a source whose
-- coverage fell. It remembers each refused or missing (404/410) URL, so the
-- next run does not fetch it again before the source's recrawl interval (or
-- a newer sitemap lastmod); and a stored article whose page is gone is
-- marked so, instead of being revisited forever.

CREATE TABLE crawl_source_pages (
    run_id     bigint NOT NULL REFERENCES crawl_runs (run_id) ON DELETE CASCADE,
    source_id  bigint NOT NULL REFERENCES sources (source_id) ON DELETE CASCADE,
    listed     integer NOT NULL DEFAULT 0 CHECK (listed >= 0),
    stored     integer NOT NULL DEFAULT 0 CHECK (stored >= 0),
    dropped    integer NOT NULL DEFAULT 0 CHECK (dropped >= 0),
    warning    text,
    PRIMARY KEY (run_id, source_id)
);
COMMENT ON TABLE crawl_source_pages IS 'One row per crawl run and source: pages its feeds, sitemaps and sections named, and what became of them. stored / listed is the source''s coverage (newsbot runs shows it).';
COMMENT ON COLUMN crawl_source_pages.run_id IS 'The crawl run (crawl_runs.run_id).';
COMMENT ON COLUMN crawl_source_pages.source_id IS 'The source (sources.source_id).';
COMMENT ON COLUMN crawl_source_pages.listed IS 'Article pages the source''s listings named that the run requested (stored ones and recently refused ones are not requested again, so not counted).';
COMMENT ON COLUMN crawl_source_pages.stored IS 'Listed pages the run stored as articles (revisits not counted).';
COMMENT ON COLUMN crawl_source_pages.dropped IS 'Listed pages the run fetched and dropped, whatever the reason (crawl_drops has the reasons).';
COMMENT ON COLUMN crawl_source_pages.warning IS 'The coverage alarm logged for this source and run (its stored share of listed pages fell by NEWSBOT_DRIFT_MAX_DROP against its earlier runs, or is below one half on its first runs); NULL when none.';

CREATE TABLE crawl_drops (
    run_id     bigint NOT NULL REFERENCES crawl_runs (run_id) ON DELETE CASCADE,
    source_id  bigint NOT NULL REFERENCES sources (source_id) ON DELETE CASCADE,
    reason     text NOT NULL,
    pages      integer NOT NULL CHECK (pages > 0),
    PRIMARY KEY (run_id, source_id, reason)
);
COMMENT ON TABLE crawl_drops IS 'One row per crawl run, source and reason: how many fetched pages were dropped instead of stored.';
COMMENT ON COLUMN crawl_drops.run_id IS 'The crawl run (crawl_runs.run_id).';
COMMENT ON COLUMN crawl_drops.source_id IS 'The source whose listing or revisit led to the pages.';
COMMENT ON COLUMN crawl_drops.reason IS 'Why, as in the stats key newsbot/validate/dropped/<reason>: e.g. too_short, no_article_signal, login_page, http_404.';
COMMENT ON COLUMN crawl_drops.pages IS 'Pages dropped for this reason.';

CREATE TABLE refused_urls (
    url          text PRIMARY KEY,
    source_id    bigint REFERENCES sources (source_id) ON DELETE CASCADE,
    reason       text NOT NULL,
    http_status  smallint,
    run_id       bigint REFERENCES crawl_runs (run_id) ON DELETE SET NULL,
    refused_at   timestamptz NOT NULL,
    refusals     integer NOT NULL DEFAULT 1 CHECK (refusals > 0)
);
COMMENT ON TABLE refused_urls IS 'URLs a crawl fetched and did not store (dropped, or 404/410): not requested again before their source''s first recrawl_after interval has passed, or a sitemap gives them a lastmod after refused_at.';
COMMENT ON COLUMN refused_urls.url IS 'The URL as requested.';
COMMENT ON COLUMN refused_urls.source_id IS 'The source whose listing named it.';
COMMENT ON COLUMN refused_urls.reason IS 'Why it was not stored, e.g. too_short, login_page, http_404.';
COMMENT ON COLUMN refused_urls.http_status IS 'HTTP status of the refused fetch.';
COMMENT ON COLUMN refused_urls.run_id IS 'The crawl run that refused it last.';
COMMENT ON COLUMN refused_urls.refused_at IS 'When it was last fetched and refused.';
COMMENT ON COLUMN refused_urls.refusals IS 'How many fetches of it were refused so far.';

ALTER TABLE articles ADD COLUMN gone_at timestamptz;
COMMENT ON COLUMN articles.gone_at IS 'When a revisit found the article''s page gone (404 or 410); it is not revisited after that. NULL while the page exists.';
