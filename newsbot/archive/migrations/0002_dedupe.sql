-- Why: one story, one record (issue 4). Every URL that led to an article is
-- kept as its canonical URL or an alias; an exact copy under another URL of
-- the same site is an alias, never a second article; every article belongs
-- to a story cluster, shared with the near-duplicate copies other outlets
-- ran; and the signatures that find those copies live here, so dedupe state
-- outlives a crawl. LSH lookups are equality probes on signature_bands'
-- primary key, which keeps them fast and memory-bounded at millions of rows.

CREATE TABLE story_clusters (
    story_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at        timestamptz NOT NULL DEFAULT now(),
    first_article_id  bigint REFERENCES articles (article_id) ON DELETE SET NULL
);
COMMENT ON TABLE story_clusters IS 'One row per story: the articles of all outlets that ran the same text (exact or near-duplicate copies) share its story_id. The stories view summarises each.';
COMMENT ON COLUMN story_clusters.story_id IS 'Stable numeric id of the story; articles.story_id points here.';
COMMENT ON COLUMN story_clusters.created_at IS 'When newsbot stored the story''s first article.';
COMMENT ON COLUMN story_clusters.first_article_id IS 'The article that started the story (the first copy newsbot stored).';

ALTER TABLE articles
    ADD COLUMN story_id bigint REFERENCES story_clusters (story_id),
    ADD COLUMN duplicate_of bigint REFERENCES articles (article_id) ON DELETE SET NULL,
    ADD COLUMN duplicate_similarity real;
COMMENT ON COLUMN articles.story_id IS 'Story cluster of the article (story_clusters, stories view); NULL only for articles stored before dedupe and not fetched since.';
COMMENT ON COLUMN articles.duplicate_of IS 'The earlier article this one was found to copy (the closest match when it joined its story); NULL when it started its story.';
COMMENT ON COLUMN articles.duplicate_similarity IS 'Estimated Jaccard similarity (0-1) of the bodies of this article and duplicate_of, from their MinHash signatures.';
CREATE INDEX articles_story_id_idx ON articles (story_id);

CREATE TABLE article_urls (
    url_key        text PRIMARY KEY,
    url            text NOT NULL,
    article_id     bigint NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    kind           text NOT NULL CHECK (kind IN ('canonical', 'alias')),
    first_seen_at  timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL
);
COMMENT ON TABLE article_urls IS 'Every URL known to lead to an article: its canonical URL and its aliases (tracking, AMP and mobile variants are folded into one key; other URLs of the same site that served the same body are aliases).';
COMMENT ON COLUMN article_urls.url_key IS 'Identity of the URL for matching: canonical form without scheme, leading www. and trailing slash (newsbot.dedupe.url_key).';
COMMENT ON COLUMN article_urls.url IS 'The URL in canonical form (tracking parameters, fragment, default port, AMP and mobile variants removed), as first seen.';
COMMENT ON COLUMN article_urls.article_id IS 'The article the URL leads to.';
COMMENT ON COLUMN article_urls.kind IS 'canonical: the article''s own canonical URL; alias: another URL that served the same article, not requested again by later crawls.';
COMMENT ON COLUMN article_urls.first_seen_at IS 'Fetch time at which newsbot first saw this URL lead to the article.';
COMMENT ON COLUMN article_urls.last_seen_at IS 'Fetch time at which newsbot last saw this URL lead to the article.';
CREATE INDEX article_urls_article_id_idx ON article_urls (article_id);

CREATE TABLE article_signatures (
    article_id  bigint PRIMARY KEY REFERENCES articles (article_id) ON DELETE CASCADE,
    scheme      text NOT NULL,
    body_hash   bytea NOT NULL,
    minhash     bytea NOT NULL,
    word_count  integer NOT NULL,
    signed_at   timestamptz NOT NULL
);
COMMENT ON TABLE article_signatures IS 'Dedupe signature of each article''s latest stored body: an exact hash and a MinHash for near-duplicates.';
COMMENT ON COLUMN article_signatures.article_id IS 'The article signed.';
COMMENT ON COLUMN article_signatures.scheme IS 'How the signature was computed (shingle size, permutations, bands); lookups only compare signatures of the current scheme.';
COMMENT ON COLUMN article_signatures.body_hash IS 'SHA-256 of the body''s words (NFKC, case-folded, punctuation and spacing ignored); equal for exact copies.';
COMMENT ON COLUMN article_signatures.minhash IS 'MinHash of the body''s 3-word shingles: 128 little-endian uint32 values; the share of equal values estimates Jaccard similarity.';
COMMENT ON COLUMN article_signatures.word_count IS 'Words in the signed body.';
COMMENT ON COLUMN article_signatures.signed_at IS 'Fetch time of the version that was signed.';
CREATE INDEX article_signatures_body_hash_idx ON article_signatures (body_hash);

CREATE TABLE signature_bands (
    band        smallint NOT NULL,
    band_hash   bigint NOT NULL,
    article_id  bigint NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    PRIMARY KEY (band, band_hash, article_id)
);
COMMENT ON TABLE signature_bands IS 'LSH index of the MinHash signatures: one row per article and band; articles sharing any (band, band_hash) are near-duplicate candidates.';
COMMENT ON COLUMN signature_bands.band IS 'Band number (0-based) within the signature.';
COMMENT ON COLUMN signature_bands.band_hash IS '64-bit hash of the band''s MinHash values.';
COMMENT ON COLUMN signature_bands.article_id IS 'The article whose signature has this band.';
