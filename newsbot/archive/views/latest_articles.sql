-- Why: analysts mostly want "each article as it reads now"; this view hides
-- the versioning and the raw capture.
CREATE OR REPLACE VIEW latest_articles AS
SELECT DISTINCT ON (s.article_id)
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
    s.snapshot_id  AS latest_snapshot_id
FROM snapshots s
JOIN articles a USING (article_id)
LEFT JOIN sources src ON src.source_id = a.source_id
ORDER BY s.article_id, s.fetched_at DESC, s.snapshot_id DESC;

COMMENT ON VIEW latest_articles IS 'One row per article with the fields of its latest stored version.';
COMMENT ON COLUMN latest_articles.article_id IS 'Stable numeric id of the article.';
COMMENT ON COLUMN latest_articles.canonical_url IS 'The article''s canonical URL.';
COMMENT ON COLUMN latest_articles.source IS 'Name of the source (sources.name) that found it.';
COMMENT ON COLUMN latest_articles.title IS 'Headline of the latest version.';
COMMENT ON COLUMN latest_articles.authors IS 'Author names of the latest version.';
COMMENT ON COLUMN latest_articles.published_at IS 'Publication time the page declares.';
COMMENT ON COLUMN latest_articles.modified_at IS 'Last-modified time the page declares.';
COMMENT ON COLUMN latest_articles.section IS 'Section of the outlet.';
COMMENT ON COLUMN latest_articles.tags IS 'Tags or keywords.';
COMMENT ON COLUMN latest_articles.language IS 'Language (ISO 639-1).';
COMMENT ON COLUMN latest_articles.site_name IS 'Outlet name the page declares.';
COMMENT ON COLUMN latest_articles.summary IS 'Lead or description.';
COMMENT ON COLUMN latest_articles.image_url IS 'URL of the main image.';
COMMENT ON COLUMN latest_articles.body IS 'Cleaned text of the latest version.';
COMMENT ON COLUMN latest_articles.word_count IS 'Words in the body.';
COMMENT ON COLUMN latest_articles.first_seen_at IS 'When newsbot first stored the article.';
COMMENT ON COLUMN latest_articles.last_seen_at IS 'When newsbot last fetched the article.';
COMMENT ON COLUMN latest_articles.version_fetched_at IS 'When the latest version was fetched.';
COMMENT ON COLUMN latest_articles.latest_snapshot_id IS 'snapshots.snapshot_id of the latest version.';
