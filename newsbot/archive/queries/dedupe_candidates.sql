-- Why: the LSH lookup. Articles that share a band key with the new signature
-- are its near-duplicate candidates. Each (band, band_hash) pair is one
-- equality probe of signature_bands' primary key, so the cost stays flat as
-- the archive grows; candidates sharing the most bands (the likeliest) come first.
SELECT c.article_id, a.story_id, a.canonical_url, s.body_hash, s.minhash, c.bands
FROM (
    SELECT b.article_id, count(*) AS bands
    FROM unnest(%(bands)s::smallint[], %(band_hashes)s::bigint[]) AS q(band, band_hash)
    JOIN signature_bands b ON b.band = q.band AND b.band_hash = q.band_hash
    GROUP BY b.article_id
    ORDER BY count(*) DESC, b.article_id
    LIMIT %(max_candidates)s
) AS c
JOIN article_signatures s ON s.article_id = c.article_id AND s.scheme = %(scheme)s
JOIN articles a ON a.article_id = c.article_id
ORDER BY c.bands DESC, c.article_id
