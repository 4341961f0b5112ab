-- Why: a run's page shows, per domain, what its articles had and any drift alarm.
SELECT domain, articles, with_title, with_body, with_date, with_author, drifted_fields, warning
FROM extraction_quality
WHERE run_id = %(run_id)s
ORDER BY domain
