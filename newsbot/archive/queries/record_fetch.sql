-- Why: every fetch, changed or not, is history (and a WARC revisit record).
INSERT INTO fetches (article_id, run_id, fetched_at, url, http_status, outcome, snapshot_id, payload_digest)
VALUES (%(article_id)s, %(run_id)s, %(fetched_at)s, %(url)s, %(http_status)s, %(outcome)s,
        %(snapshot_id)s, %(payload_digest)s)
