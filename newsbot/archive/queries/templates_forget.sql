-- Why: nearly every block is article text, seen once; kept for a while in
-- case it recurs, then forgotten so the table holds templates, not archives.
DELETE FROM site_template_blocks
WHERE page_count = 1 AND last_seen_at < now() - make_interval(days => %(days)s)
