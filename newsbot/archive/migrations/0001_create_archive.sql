-- Why: the first archive schema. Sources crawled, one row per crawl run, one
-- row per article (a stable id per canonical URL), and one row per stored
-- version of an article with the raw capture needed to extract it again.
-- Every time is timestamptz; every table and column carries a comment so that
-- \d+ in psql and analysts' tools explain the data.

CREATE TABLE sources (
    source_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    site_name   text,
    home_url    text NOT NULL,
    language    text,
    config      jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE sources IS 'News outlets that newsbot crawls, as named in the sources config (sources.toml).';
COMMENT ON COLUMN sources.source_id IS 'Stable numeric id of the source.';
COMMENT ON COLUMN sources.name IS 'Short unique name from the sources config, e.g. bbc-world.';
COMMENT ON COLUMN sources.site_name IS 'Human name of the outlet, e.g. BBC News.';
COMMENT ON COLUMN sources.home_url IS 'Home page of the outlet.';
COMMENT ON COLUMN sources.language IS 'Main language of the outlet (ISO 639-1), as configured.';
COMMENT ON COLUMN sources.config IS 'The source''s entry from the sources config at its last crawl (feeds, sitemaps, sections, limits).';
COMMENT ON COLUMN sources.created_at IS 'When the source was first crawled.';
COMMENT ON COLUMN sources.updated_at IS 'When the source''s config row was last refreshed by a crawl.';

CREATE TABLE crawl_runs (
    run_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    spider        text NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    status        text NOT NULL DEFAULT 'running'
                  CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
    finish_reason text,
    hostname      text,
    pid           integer,
    stats         jsonb NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE crawl_runs IS 'One row per crawl (one `scrapy crawl` process run).';
COMMENT ON COLUMN crawl_runs.run_id IS 'Stable numeric id of the crawl run.';
COMMENT ON COLUMN crawl_runs.spider IS 'Name of the Scrapy spider that ran, e.g. worldnews.';
COMMENT ON COLUMN crawl_runs.started_at IS 'When the crawl started.';
COMMENT ON COLUMN crawl_runs.finished_at IS 'When the crawl ended; NULL while it runs or if it died without closing.';
COMMENT ON COLUMN crawl_runs.status IS 'running, finished (ended normally), failed (ended with an error) or interrupted (stopped by a signal or a limit).';
COMMENT ON COLUMN crawl_runs.finish_reason IS 'Scrapy''s finish reason, e.g. finished, shutdown, closespider_timeout.';
COMMENT ON COLUMN crawl_runs.hostname IS 'Machine the crawl ran on.';
COMMENT ON COLUMN crawl_runs.pid IS 'Operating-system process id of the crawl.';
COMMENT ON COLUMN crawl_runs.stats IS 'Scrapy''s stats at the end of the run (counters such as downloader/response_count, newsbot/store/*), as JSON.';

CREATE TABLE articles (
    article_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    canonical_url  text NOT NULL UNIQUE,
    source_id      bigint REFERENCES sources (source_id),
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    first_run_id   bigint REFERENCES crawl_runs (run_id),
    last_run_id    bigint REFERENCES crawl_runs (run_id)
);
COMMENT ON TABLE articles IS 'One row per article, identified by its canonical URL; its versions are in snapshots.';
COMMENT ON COLUMN articles.article_id IS 'Stable numeric id of the article; never reused.';
COMMENT ON COLUMN articles.canonical_url IS 'The article''s canonical URL (rel=canonical or og:url on the same site, else the fetched URL).';
COMMENT ON COLUMN articles.source_id IS 'Source whose crawl found the article first.';
COMMENT ON COLUMN articles.first_seen_at IS 'Fetch time of the article''s first stored version.';
COMMENT ON COLUMN articles.last_seen_at IS 'Fetch time of the latest fetch of the article, changed or not.';
COMMENT ON COLUMN articles.first_run_id IS 'Crawl run that first stored the article.';
COMMENT ON COLUMN articles.last_run_id IS 'Crawl run that last fetched the article.';
CREATE INDEX articles_source_id_idx ON articles (source_id);

CREATE TABLE snapshots (
    snapshot_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id         bigint NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    run_id             bigint REFERENCES crawl_runs (run_id),
    fetched_at         timestamptz NOT NULL,
    url                text NOT NULL,
    http_status        smallint NOT NULL,
    content_hash       text NOT NULL,
    title              text NOT NULL,
    authors            text[] NOT NULL DEFAULT '{}',
    published_at       timestamptz,
    modified_at        timestamptz,
    section            text,
    tags               text[] NOT NULL DEFAULT '{}',
    language           text,
    site_name          text,
    summary            text,
    image_url          text,
    body               text NOT NULL,
    paragraph_count    integer NOT NULL,
    word_count         integer NOT NULL,
    extractor_version  text NOT NULL,
    response_headers   jsonb NOT NULL DEFAULT '{}'::jsonb,
    raw_response       bytea NOT NULL
);
COMMENT ON TABLE snapshots IS 'One row per stored version of an article: a new row only when the cleaned content changed.';
COMMENT ON COLUMN snapshots.snapshot_id IS 'Stable numeric id of this version.';
COMMENT ON COLUMN snapshots.article_id IS 'The article this is a version of.';
COMMENT ON COLUMN snapshots.run_id IS 'Crawl run that fetched this version.';
COMMENT ON COLUMN snapshots.fetched_at IS 'When this version was downloaded.';
COMMENT ON COLUMN snapshots.url IS 'URL that was fetched (may differ from the canonical URL).';
COMMENT ON COLUMN snapshots.http_status IS 'HTTP status code of the fetch.';
COMMENT ON COLUMN snapshots.content_hash IS 'SHA-256 (hex) of the cleaned title and body; equal hashes mean no change worth a new version.';
COMMENT ON COLUMN snapshots.title IS 'Headline, without any site or section suffix.';
COMMENT ON COLUMN snapshots.authors IS 'Author names, without "By" or dates.';
COMMENT ON COLUMN snapshots.published_at IS 'Publication time the page declares.';
COMMENT ON COLUMN snapshots.modified_at IS 'Last-modified time the page declares.';
COMMENT ON COLUMN snapshots.section IS 'Section of the outlet, e.g. World.';
COMMENT ON COLUMN snapshots.tags IS 'Tags or keywords the page declares.';
COMMENT ON COLUMN snapshots.language IS 'Language of the article (ISO 639-1).';
COMMENT ON COLUMN snapshots.site_name IS 'Outlet name the page declares (og:site_name or publisher).';
COMMENT ON COLUMN snapshots.summary IS 'Lead or description of the article.';
COMMENT ON COLUMN snapshots.image_url IS 'URL of the main image.';
COMMENT ON COLUMN snapshots.body IS 'Cleaned article text; paragraphs separated by a blank line.';
COMMENT ON COLUMN snapshots.paragraph_count IS 'Number of paragraphs in body.';
COMMENT ON COLUMN snapshots.word_count IS 'Number of words in body.';
COMMENT ON COLUMN snapshots.extractor_version IS 'Version of the extractor that produced the fields, so old versions can be re-extracted.';
COMMENT ON COLUMN snapshots.response_headers IS 'HTTP response headers of the fetch, as a JSON object of lists.';
COMMENT ON COLUMN snapshots.raw_response IS 'The raw HTTP response (status line, headers and body bytes as received), gzip-compressed.';
CREATE INDEX snapshots_article_id_fetched_at_idx ON snapshots (article_id, fetched_at DESC);
CREATE INDEX snapshots_published_at_idx ON snapshots (published_at);
CREATE INDEX snapshots_run_id_idx ON snapshots (run_id);
