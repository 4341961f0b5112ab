-- Why: a 304 names the article by id (the recrawl asked for it); lock it like the upsert does.
SELECT article_id, current_snapshot_id, first_seen_at
FROM articles
WHERE article_id = %(article_id)s
FOR UPDATE
