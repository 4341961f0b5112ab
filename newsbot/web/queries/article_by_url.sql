-- Why: /articles?url=... finds an article by its canonical URL, any alias,
-- or any URL it was fetched at.
SELECT article_id FROM articles WHERE canonical_url = %(url)s
UNION ALL
SELECT article_id FROM article_urls WHERE url = %(url)s
UNION ALL
(SELECT article_id FROM fetches WHERE url = %(url)s LIMIT 1)
LIMIT 1
