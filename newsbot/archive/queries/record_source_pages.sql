-- Why: coverage per run and source (stored / listed), written at the end of a crawl.
INSERT INTO crawl_source_pages (run_id, source_id, listed, stored, dropped, warning)
VALUES (%(run_id)s, %(source_id)s, %(listed)s, %(stored)s, %(dropped)s, %(warning)s)
ON CONFLICT (run_id, source_id) DO UPDATE
SET listed = EXCLUDED.listed, stored = EXCLUDED.stored, dropped = EXCLUDED.dropped,
    warning = EXCLUDED.warning
