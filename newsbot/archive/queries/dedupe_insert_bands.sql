-- Why: the LSH index entries of one signature, one row per band.
INSERT INTO signature_bands (band, band_hash, article_id)
SELECT q.band, q.band_hash, %(article_id)s
FROM unnest(%(bands)s::smallint[], %(band_hashes)s::bigint[]) AS q(band, band_hash)
ON CONFLICT DO NOTHING
