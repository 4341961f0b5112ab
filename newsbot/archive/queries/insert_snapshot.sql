-- Why: one stored version of an article, with the raw capture to re-extract
-- it and what changed against the version before.
INSERT INTO snapshots (
    article_id, run_id, fetched_at, url, http_status, content_hash,
    title, authors, published_at, modified_at, section, tags, language,
    site_name, summary, image_url, body, paragraph_count, word_count,
    extractor_version, response_headers, raw_response, payload_digest,
    previous_snapshot_id, words_added, words_removed, title_changed, diff
) VALUES (
    %(article_id)s, %(run_id)s, %(fetched_at)s, %(url)s, %(http_status)s, %(content_hash)s,
    %(title)s, %(authors)s, %(published_at)s, %(modified_at)s, %(section)s, %(tags)s, %(language)s,
    %(site_name)s, %(summary)s, %(image_url)s, %(body)s, %(paragraph_count)s, %(word_count)s,
    %(extractor_version)s, %(response_headers)s, %(raw_response)s, %(payload_digest)s,
    %(previous_snapshot_id)s, %(words_added)s, %(words_removed)s, %(title_changed)s, %(diff)s
)
RETURNING snapshot_id
