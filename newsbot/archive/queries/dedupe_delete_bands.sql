-- Why: a changed body replaces its band keys. The old keys are recomputed from
-- the old signature, so each delete is a primary-key probe and signature_bands
-- needs no second index on article_id.
DELETE FROM signature_bands AS b
USING unnest(%(bands)s::smallint[], %(band_hashes)s::bigint[]) AS q(band, band_hash)
WHERE b.band = q.band AND b.band_hash = q.band_hash AND b.article_id = %(article_id)s
