-- Why: a run's page shows, per source, what its articles had and any drift alarm.
SELECT source, articles, with_title, with_body, with_date, with_author, drifted_fields, warning
FROM extraction_quality
WHERE run_id = %(run_id)s
ORDER BY source
