-- Why: two copies of one story stored at the same moment must see each other.
-- Every transaction that links an article first locks each of its band keys
-- (and its body hash): copies share at least one, so they are linked one
-- after the other. Keys are taken in one sorted pass, so writers never deadlock.
SELECT count(pg_advisory_xact_lock(%(namespace)s, ordered.k))
FROM (SELECT DISTINCT k FROM unnest(%(keys)s::integer[]) AS k ORDER BY k OFFSET 0) AS ordered
