-- Why: extraction improves from run to run by learning each site's template.
-- A text block (paragraph) that recurs word for word on several different
-- articles of one site is furniture (related posts, newsletter box, cookie
-- line, author bio), not article text. The crawl counts, per site and block,
-- on how many distinct pages it was seen; blocks seen on enough pages
-- (NEWSBOT_TEMPLATES_MIN_PAGES) are stripped from later articles, and
-- `newsbot reextract` applies them to stored ones. Blocks seen once are
-- forgotten after NEWSBOT_TEMPLATES_FORGET_DAYS, so the table stays small.

CREATE TABLE site_template_blocks (
    site           text NOT NULL,
    fingerprint    bigint NOT NULL,
    page_count     integer NOT NULL CHECK (page_count >= 1),
    page_keys      bigint[] NOT NULL,
    sample         text NOT NULL,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site, fingerprint)
);
COMMENT ON TABLE site_template_blocks IS 'Text blocks seen on a site''s article pages, with on how many distinct pages: blocks that recur are the site''s template (boilerplate), learned across crawls.';
COMMENT ON COLUMN site_template_blocks.site IS 'The site: host name without www. (with :port when not the default), e.g. bbc.co.uk.';
COMMENT ON COLUMN site_template_blocks.fingerprint IS '64-bit BLAKE2b hash of the block''s text with case, punctuation and spacing removed (newsbot.extraction.templates.block_fingerprint).';
COMMENT ON COLUMN site_template_blocks.page_count IS 'On how many distinct pages of the site the block was seen; at NEWSBOT_TEMPLATES_MIN_PAGES (default 3) or more it counts as template and is stripped.';
COMMENT ON COLUMN site_template_blocks.page_keys IS 'Hashes of the canonical URLs of the first pages the block was seen on (at most 16), so that re-fetching a page does not count it twice.';
COMMENT ON COLUMN site_template_blocks.sample IS 'The block''s text as first seen (first 200 characters), for people reading this table.';
COMMENT ON COLUMN site_template_blocks.first_seen_at IS 'When the block was first recorded.';
COMMENT ON COLUMN site_template_blocks.last_seen_at IS 'When the block was last seen on a new page.';
CREATE INDEX site_template_blocks_recurring_idx ON site_template_blocks (site) WHERE page_count >= 2;
CREATE INDEX site_template_blocks_once_idx ON site_template_blocks (last_seen_at) WHERE page_count = 1;
