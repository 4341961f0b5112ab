-- Why: analysts mostly want "each article as it reads now"; this view hides
-- the versioning and the raw capture. "Now" is the version the page showed
-- at its latest fetch (articles.current_snapshot_id).
CREATE OR REPLACE VIEW latest_articles AS
SELECT
    a.article_id,
    a.canonical_url,
    src.name       AS source,
    s.title,
    s.authors,
    s.published_at,
    s.modified_at,
    s.section,
    s.tags,
    s.language,
    s.site_name,
    s.summary,
    s.image_url,
    s.body,
    s.word_count,
    a.first_seen_at,
    a.last_seen_at,
    s.fetched_at   AS version_fetched_at,
    s.snapshot_id  AS latest_snapshot_id,
    s.search_vector,
    (SELECT count(*) FROM snapshots v WHERE v.article_id = a.article_id) AS version_count
FROM articles a
JOIN snapshots s ON s.snapshot_id = a.current_snapshot_id
LEFT JOIN sources src ON src.source_id = a.source_id;

COMMENT ON VIEW latest_articles IS 'One row per article with the fields of its current version (the one its latest fetch showed).';
COMMENT ON COLUMN latest_articles.article_id IS 'Stable numeric id of the article.';
COMMENT ON COLUMN latest_articles.canonical_url IS 'The article''s canonical URL.';
COMMENT ON COLUMN latest_articles.source IS 'Name of the source (sources.name) that found it.';
COMMENT ON COLUMN latest_articles.title IS 'Headline of the current version.';
COMMENT ON COLUMN latest_articles.authors IS 'Author names of the current version.';
COMMENT ON COLUMN latest_articles.published_at IS 'Publication time the page declares.';
COMMENT ON COLUMN latest_articles.modified_at IS 'Last-modified time the page declares.';
COMMENT ON COLUMN latest_articles.section IS 'Section of the outlet.';
COMMENT ON COLUMN latest_articles.tags IS 'Tags or keywords.';
COMMENT ON COLUMN latest_articles.language IS 'Language (ISO 639-1).';
COMMENT ON COLUMN latest_articles.site_name IS 'Outlet name the page declares.';
COMMENT ON COLUMN latest_articles.summary IS 'Lead or description.';
COMMENT ON COLUMN latest_articles.image_url IS 'URL of the main image.';
COMMENT ON COLUMN latest_articles.body IS 'Cleaned text of the current version.';
COMMENT ON COLUMN latest_articles.word_count IS 'Words in the body.';
COMMENT ON COLUMN latest_articles.first_seen_at IS 'When newsbot first stored the article.';
COMMENT ON COLUMN latest_articles.last_seen_at IS 'When newsbot last fetched the article.';
COMMENT ON COLUMN latest_articles.version_fetched_at IS 'When the current version was first fetched.';
COMMENT ON COLUMN latest_articles.latest_snapshot_id IS 'snapshots.snapshot_id of the current version.';
COMMENT ON COLUMN latest_articles.search_vector IS 'Full-text search vector of the current version (GIN-indexed on snapshots).';
COMMENT ON COLUMN latest_articles.version_count IS 'How many versions of the article are stored.';
