-- Why: the extraction-drift alarm compares a run with the same source's
-- recent runs that stored enough articles to say something.
SELECT articles, with_title, with_body, with_date, with_author
FROM extraction_quality
WHERE source = %(source)s
  AND run_id < %(run_id)s
  AND articles >= %(min_articles)s
ORDER BY run_id DESC
LIMIT %(runs)s
