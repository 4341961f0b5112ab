-- Why: a crawl refreshes each source's row from the config it ran with, so
-- analysts see the feeds and limits that produced the data.
INSERT INTO sources (name, site_name, home_url, language, config)
VALUES (%(name)s, %(site_name)s, %(home_url)s, %(language)s, %(config)s)
ON CONFLICT (name) DO UPDATE
SET site_name = excluded.site_name,
    home_url = excluded.home_url,
    language = excluded.language,
    config = excluded.config,
    updated_at = now()
RETURNING source_id
