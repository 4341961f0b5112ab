-- Why: a spooled batch is written again after its commit's answer was lost
-- (the connection dropped): a fetch already recorded is not recorded twice.
SELECT 1
FROM fetches
WHERE article_id = %(article_id)s AND fetched_at = %(fetched_at)s AND url = %(url)s
LIMIT 1
