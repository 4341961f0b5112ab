"""Dedupe: one story, one record, across URLs, crawl runs and outlets (no Scrapy inside).

    from newsbot.dedupe import canonicalize_url, url_key, fingerprint, similarity
    canonicalize_url("https://m.example.com/a/amp?utm_source=x")  # "https://example.com/a"
    similarity(fingerprint(text_a).minhash, fingerprint(text_b).minhash)  # ~Jaccard

Modules: ``urls`` (canonical form, matching key, site), ``signatures``
(body hash, MinHash, LSH band keys), ``archive`` (the state in PostgreSQL,
async), ``linking`` (what an article duplicates, decided in the store's
transaction).
"""

from newsbot.dedupe.archive import Candidate, KnownUrl, find_candidates, known_urls
from newsbot.dedupe.linking import (
    DEFAULT_THRESHOLD,
    ArticleDedupe,
    DedupeConfig,
    Match,
    closest_match,
    exact_alias_target,
)
from newsbot.dedupe.signatures import SCHEME, Fingerprint, band_hashes, fingerprint, similarity
from newsbot.dedupe.urls import canonicalize_url, outlet_key, url_key

__all__ = [
    "DEFAULT_THRESHOLD", "SCHEME", "ArticleDedupe", "Candidate", "DedupeConfig", "Fingerprint",
    "KnownUrl", "Match", "band_hashes", "canonicalize_url", "closest_match",
    "exact_alias_target", "find_candidates", "fingerprint", "known_urls", "similarity",
    "outlet_key", "url_key",
]
