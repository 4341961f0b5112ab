-- Why: articles change after publication. Each fetch is now logged, a new
-- version records what changed against the one before, and each article
-- knows when to be fetched again and how to ask conditionally (ETag,
-- Last-Modified), so a recrawl costs the site a 304 when nothing changed.

ALTER TABLE articles
    ADD COLUMN current_snapshot_id bigint REFERENCES snapshots (snapshot_id),
    ADD COLUMN last_fetched_at timestamptz,
    ADD COLUMN last_http_status smallint,
    ADD COLUMN etag text,
    ADD COLUMN last_modified text,
    ADD COLUMN next_fetch_at timestamptz,
    ADD COLUMN fetch_count integer NOT NULL DEFAULT 0;
COMMENT ON COLUMN articles.current_snapshot_id IS 'The version the page showed at its latest fetch (an older one again if the page flip-flopped back).';
COMMENT ON COLUMN articles.last_fetched_at IS 'When the article was last fetched, changed or not.';
COMMENT ON COLUMN articles.last_http_status IS 'HTTP status of the latest fetch (304 when the server said not modified).';
COMMENT ON COLUMN articles.etag IS 'ETag of the latest full response, sent back as If-None-Match on a recrawl.';
COMMENT ON COLUMN articles.last_modified IS 'Last-Modified of the latest full response, sent back as If-Modified-Since.';
COMMENT ON COLUMN articles.next_fetch_at IS 'When the recrawl schedule wants the article fetched again; NULL when the schedule is spent.';
COMMENT ON COLUMN articles.fetch_count IS 'How many times the article has been fetched.';
CREATE INDEX articles_next_fetch_at_idx ON articles (next_fetch_at) WHERE next_fetch_at IS NOT NULL;

UPDATE articles a
SET current_snapshot_id = s.snapshot_id,
    last_fetched_at = a.last_seen_at,
    fetch_count = 1
FROM (SELECT DISTINCT ON (article_id) article_id, snapshot_id
      FROM snapshots ORDER BY article_id, fetched_at DESC, snapshot_id DESC) s
WHERE s.article_id = a.article_id;

ALTER TABLE snapshots
    ADD COLUMN previous_snapshot_id bigint REFERENCES snapshots (snapshot_id),
    ADD COLUMN words_added integer,
    ADD COLUMN words_removed integer,
    ADD COLUMN title_changed boolean,
    ADD COLUMN diff text,
    ADD COLUMN payload_digest text;
COMMENT ON COLUMN snapshots.previous_snapshot_id IS 'The version this one replaced; NULL for an article''s first version.';
COMMENT ON COLUMN snapshots.words_added IS 'Words added to title and body against the previous version; NULL for a first version.';
COMMENT ON COLUMN snapshots.words_removed IS 'Words removed from title and body against the previous version; NULL for a first version.';
COMMENT ON COLUMN snapshots.title_changed IS 'Whether the headline differs from the previous version; NULL for a first version.';
COMMENT ON COLUMN snapshots.diff IS 'Unified diff of headline and paragraphs against the previous version; NULL for a first version.';
COMMENT ON COLUMN snapshots.payload_digest IS 'SHA-1 of the response body as received, base32 (the WARC-Payload-Digest form).';

CREATE TABLE fetches (
    fetch_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id      bigint NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    run_id          bigint REFERENCES crawl_runs (run_id),
    fetched_at      timestamptz NOT NULL,
    url             text NOT NULL,
    http_status     smallint NOT NULL,
    outcome         text NOT NULL CHECK (outcome IN
                        ('new_article', 'new_version', 'unchanged', 'not_modified', 'flip_flop')),
    snapshot_id     bigint REFERENCES snapshots (snapshot_id),
    payload_digest  text
);
COMMENT ON TABLE fetches IS 'One row per fetch of a stored article, changed or not: the recrawl history.';
COMMENT ON COLUMN fetches.fetch_id IS 'Stable numeric id of the fetch.';
COMMENT ON COLUMN fetches.article_id IS 'The article fetched.';
COMMENT ON COLUMN fetches.run_id IS 'Crawl run that made the fetch.';
COMMENT ON COLUMN fetches.fetched_at IS 'When the response arrived.';
COMMENT ON COLUMN fetches.url IS 'URL requested.';
COMMENT ON COLUMN fetches.http_status IS 'HTTP status (304 for not modified).';
COMMENT ON COLUMN fetches.outcome IS 'new_article, new_version, unchanged (same content), not_modified (304) or flip_flop (content of an earlier version again; no new version stored).';
COMMENT ON COLUMN fetches.snapshot_id IS 'The version whose content the page had at this fetch.';
COMMENT ON COLUMN fetches.payload_digest IS 'SHA-1 of the response body, base32; NULL for a 304.';
CREATE INDEX fetches_article_id_fetched_at_idx ON fetches (article_id, fetched_at);
CREATE INDEX fetches_run_id_idx ON fetches (run_id);

-- Full-text search over the versions, stemmed in each article's language.
CREATE FUNCTION newsbot_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE lower(left(language, 2))
        WHEN 'en' THEN 'english' WHEN 'de' THEN 'german' WHEN 'fr' THEN 'french'
        WHEN 'es' THEN 'spanish' WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese'
        WHEN 'nl' THEN 'dutch' WHEN 'ru' THEN 'russian' WHEN 'sv' THEN 'swedish'
        WHEN 'da' THEN 'danish' WHEN 'fi' THEN 'finnish' WHEN 'no' THEN 'norwegian'
        WHEN 'tr' THEN 'turkish' WHEN 'hu' THEN 'hungarian' WHEN 'ro' THEN 'romanian'
        ELSE 'simple' END::regconfig
$$;
COMMENT ON FUNCTION newsbot_search_config(text) IS 'Text-search configuration for an ISO 639-1 language code; simple (no stemming) for the others.';

ALTER TABLE snapshots
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(newsbot_search_config(language), coalesce(title, '')), 'A')
        || setweight(to_tsvector(newsbot_search_config(language), coalesce(summary, '')), 'B')
        || setweight(to_tsvector(newsbot_search_config(language), body), 'C')
    ) STORED;
COMMENT ON COLUMN snapshots.search_vector IS 'Words of title (weight A), summary (B) and body (C), stemmed in the article''s language, for full-text search: search_vector @@ websearch_to_tsquery(''english'', ''...'').';
CREATE INDEX snapshots_search_vector_idx ON snapshots USING gin (search_vector);
