-- Why: each run's per-source field counts are the drift alarm's history;
-- a resumed run (JOBDIR) adds to what its first part recorded.
INSERT INTO extraction_quality AS q
    (run_id, source, articles, with_title, with_body, with_date, with_author,
     drifted_fields, warning)
VALUES (%(run_id)s, %(source)s, %(articles)s, %(with_title)s, %(with_body)s, %(with_date)s,
        %(with_author)s, %(drifted_fields)s, %(warning)s)
ON CONFLICT (run_id, source) DO UPDATE SET
    articles = q.articles + EXCLUDED.articles,
    with_title = q.with_title + EXCLUDED.with_title,
    with_body = q.with_body + EXCLUDED.with_body,
    with_date = q.with_date + EXCLUDED.with_date,
    with_author = q.with_author + EXCLUDED.with_author,
    drifted_fields = EXCLUDED.drifted_fields,
    warning = EXCLUDED.warning,
    recorded_at = now()
