-- Why: the runs page: every crawl with what it fetched, stored and dropped,
-- newest first; drop reasons are the stats keys .../dropped/<reason>.
SELECT r.run_id, r.spider, r.status, r.finish_reason, r.hostname, r.started_at, r.finished_at,
       coalesce(r.finished_at, now()) - r.started_at AS duration,
       coalesce((r.stats ->> 'downloader/response_count')::bigint, 0) AS pages,
       coalesce((r.stats ->> 'newsbot/store/new_article')::bigint, 0) AS new_articles,
       coalesce((r.stats ->> 'newsbot/store/new_version')::bigint, 0) AS new_versions,
       coalesce((r.stats ->> 'log_count/ERROR')::bigint, 0) AS errors,
       (SELECT string_agg(regexp_replace(k.key, '^.*/dropped/', '') || ' ' || k.value, ', '
                          ORDER BY k.value::bigint DESC, k.key)
        FROM jsonb_each_text(r.stats) k
        WHERE k.key LIKE '%%/dropped/%%') AS drops,
       (SELECT count(*) FROM extraction_quality q
        WHERE q.run_id = r.run_id AND q.warning IS NOT NULL) AS drift_alarms
FROM crawl_runs r
WHERE (%(status)s::text IS NULL OR r.status = %(status)s)
  AND (%(spider)s::text IS NULL OR r.spider = %(spider)s)
  AND (%(run_ids)s::bigint[] IS NULL OR r.run_id = ANY (%(run_ids)s))
ORDER BY r.run_id DESC
LIMIT %(limit)s OFFSET %(offset)s
