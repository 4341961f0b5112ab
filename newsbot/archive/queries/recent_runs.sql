-- Why: `newsbot runs`: the latest crawls, what each fetched and stored, its
-- errors, its coverage (stored / listed, crawl_source_pages), and the domains
-- whose extraction drifted (extraction_quality) or sources whose coverage fell.
SELECT r.run_id,
       r.spider,
       r.status,
       r.started_at,
       coalesce(r.finished_at, now()) - r.started_at AS duration,
       coalesce((r.stats ->> 'downloader/response_count')::bigint, 0) AS pages,
       coalesce((r.stats ->> 'newsbot/store/new_article')::bigint, 0) AS new,
       coalesce((r.stats ->> 'newsbot/store/new_version')::bigint, 0) AS changed,
       coalesce((r.stats ->> 'newsbot/dedupe/exact_duplicate')::bigint, 0)
         + coalesce((r.stats ->> 'newsbot/dedupe/near_duplicate')::bigint, 0) AS duplicate,
       cov.listed,
       cov.dropped,
       round(cov.stored::numeric / nullif(cov.listed, 0), 3) AS coverage,
       coalesce((r.stats ->> 'log_count/ERROR')::bigint, 0) AS errors,
       nullif(concat_ws('; ',
         (SELECT string_agg('drift ' || q.source || ': ' || q.warning, '; ' ORDER BY q.source)
          FROM extraction_quality q
          WHERE q.run_id = r.run_id AND q.warning IS NOT NULL),
         (SELECT string_agg(p.warning, '; ' ORDER BY p.source_id)
          FROM crawl_source_pages p
          WHERE p.run_id = r.run_id AND p.warning IS NOT NULL)), '') AS warnings
FROM crawl_runs r
LEFT JOIN LATERAL (
    SELECT sum(p.listed) AS listed, sum(p.stored) AS stored, sum(p.dropped) AS dropped
    FROM crawl_source_pages p WHERE p.run_id = r.run_id) cov ON true
WHERE (%(spider)s::text IS NULL OR r.spider = %(spider)s)
  AND (%(status)s::text IS NULL OR r.status = %(status)s)
ORDER BY r.run_id DESC
LIMIT %(limit)s
