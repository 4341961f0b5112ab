-- Why: a crawl starts from what earlier crawls learned: every block seen on
-- more than one page (blocks seen once come back when seen again).
SELECT site, fingerprint, page_keys, page_count
FROM site_template_blocks
WHERE page_count >= %(min_count)s
