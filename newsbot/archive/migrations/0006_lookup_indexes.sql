-- Why: found by profiling full crawls of benchmarks/throughput.py.
-- Every listing asks which of its URLs are stored (queries/known_urls.sql),
-- and that looked up fetches.url without an index: a scan of the whole fetch
-- history, which grows with every crawl, for each feed, sitemap and article
-- page read. And raw_response is gzip already, so PostgreSQL's own
-- compression of it only spent CPU on every stored version.

CREATE INDEX fetches_url_idx ON fetches (url);

ALTER TABLE snapshots ALTER COLUMN raw_response SET STORAGE EXTERNAL;
