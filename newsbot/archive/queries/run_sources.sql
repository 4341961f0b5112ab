-- Why: `newsbot runs --sources`: per run and source, what its listings named,
-- what was stored and dropped (with the reasons), and any coverage alarm.
SELECT p.run_id,
       src.name AS source,
       p.listed,
       p.stored,
       p.dropped,
       round(p.stored::numeric / nullif(p.listed, 0), 3) AS coverage,
       (SELECT string_agg(d.reason || ' ' || d.pages, '; ' ORDER BY d.pages DESC, d.reason)
        FROM crawl_drops d
        WHERE d.run_id = p.run_id AND d.source_id = p.source_id) AS drops,
       p.warning
FROM crawl_source_pages p
JOIN sources src ON src.source_id = p.source_id
WHERE p.run_id IN (SELECT r.run_id FROM crawl_runs r
                   WHERE (%(spider)s::text IS NULL OR r.spider = %(spider)s)
                     AND (%(status)s::text IS NULL OR r.status = %(status)s)
                   ORDER BY r.run_id DESC LIMIT %(limit)s)
ORDER BY p.run_id DESC, src.name
