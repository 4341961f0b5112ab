-- Why: record that a block was seen on new pages of its site; the count only
-- grows for pages not seen before, so a re-fetch adds nothing. Returns the
-- merged row so the crawl's memory agrees with the archive.
INSERT INTO site_template_blocks AS b
    (site, fingerprint, page_keys, page_count, sample)
VALUES (%(site)s, %(fingerprint)s, %(page_keys)s, cardinality(%(page_keys)s::bigint[]), %(sample)s)
ON CONFLICT (site, fingerprint) DO UPDATE SET
    page_count = b.page_count
        + (SELECT count(*) FROM unnest(EXCLUDED.page_keys) AS k WHERE k <> ALL (b.page_keys))::integer,
    page_keys = (
        SELECT array_agg(k ORDER BY first)
        FROM (SELECT k, min(n) AS first
              FROM unnest(b.page_keys || EXCLUDED.page_keys) WITH ORDINALITY AS u (k, n)
              GROUP BY k ORDER BY first LIMIT %(max_page_keys)s) AS kept),
    last_seen_at = CASE WHEN EXISTS (SELECT 1 FROM unnest(EXCLUDED.page_keys) AS k WHERE k <> ALL (b.page_keys))
                        THEN now() ELSE b.last_seen_at END
RETURNING site, fingerprint, page_keys, page_count
