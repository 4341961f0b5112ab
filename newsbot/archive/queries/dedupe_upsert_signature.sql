-- Why: one signature per article, that of its latest stored body.
INSERT INTO article_signatures (article_id, scheme, body_hash, minhash, word_count, signed_at)
VALUES (%(article_id)s, %(scheme)s, %(body_hash)s, %(minhash)s, %(word_count)s, %(signed_at)s)
ON CONFLICT (article_id) DO UPDATE
SET scheme = excluded.scheme,
    body_hash = excluded.body_hash,
    minhash = excluded.minhash,
    word_count = excluded.word_count,
    signed_at = excluded.signed_at
