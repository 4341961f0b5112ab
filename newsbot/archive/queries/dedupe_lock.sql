-- Why: two copies of one story stored at the same moment must see each other.
-- Every transaction that links an article first locks the rows of its band
-- keys' buckets (and its body hash's) in dedupe_locks: copies share at least
-- one, so they are linked one after the other. Rows are locked in bucket
-- order, so writers never deadlock. Row locks, not advisory locks: a role with
-- SELECT only (newsbot_reader) cannot take them and so cannot hold up a crawl.
SELECT count(*)
FROM (SELECT bucket FROM dedupe_locks
      WHERE bucket = ANY(%(buckets)s::integer[])
      ORDER BY bucket
      FOR UPDATE) AS locked
