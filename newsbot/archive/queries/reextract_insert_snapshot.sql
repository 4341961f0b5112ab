-- Why: a re-extracted version is the same fetch read again: the fetch columns
-- are copied from the version it replaces, the capture is referred to (the
-- version that holds it), the extracted fields are new, and it records the
-- extractor that produced them.
INSERT INTO snapshots (
    article_id, run_id, fetched_at, url, http_status, response_headers, capture_snapshot_id, payload_digest,
    content_hash, title, authors, published_at, modified_at, section, tags, language,
    site_name, summary, image_url, body, paragraph_count, word_count, extractor_version,
    previous_snapshot_id, words_added, words_removed, title_changed, diff
)
SELECT
    old.article_id, NULL, old.fetched_at, old.url, old.http_status, old.response_headers,
    coalesce(old.capture_snapshot_id, old.snapshot_id), old.payload_digest,
    %(content_hash)s, %(title)s, %(authors)s, %(published_at)s, %(modified_at)s, %(section)s,
    %(tags)s, %(language)s, %(site_name)s, %(summary)s, %(image_url)s, %(body)s,
    %(paragraph_count)s, %(word_count)s, %(extractor_version)s,
    old.snapshot_id, %(words_added)s, %(words_removed)s, %(title_changed)s, %(diff)s
FROM snapshots old
WHERE old.snapshot_id = %(previous_snapshot_id)s
RETURNING snapshot_id
