-- Why: re-extraction strips what the crawls learned is a site's template.
SELECT fingerprint
FROM site_template_blocks
WHERE site = %(site)s AND page_count >= %(min_pages)s
