-- Why: drops per run, source and reason, written at the end of a crawl.
INSERT INTO crawl_drops (run_id, source_id, reason, pages)
VALUES (%(run_id)s, %(source_id)s, %(reason)s, %(pages)s)
ON CONFLICT (run_id, source_id, reason) DO UPDATE SET pages = EXCLUDED.pages
