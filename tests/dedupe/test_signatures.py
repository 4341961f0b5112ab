"""Signatures: exact hashes blind to form, MinHash estimates that separate copies from stories."""

from __future__ import annotations

import numpy as np
import pytest

from newsbot.dedupe import SCHEME, band_hashes, fingerprint, similarity
from newsbot.dedupe.signatures import (
    BANDS,
    NUM_PERM,
    body_hash,
    candidate_probability,
    minhash_values,
    shingles,
    words,
)
from tests.dedupe.texts import REWRITE, SAME_TOPIC, WIRE, text


def test_body_hash_ignores_case_punctuation_quotes_and_spacing():
    a = "Dock workers \u201creturned\u201d to work.\n\nUnion leaders agreed!"
    b = "dock   workers \"returned\" to work\nunion leaders agreed"
    assert body_hash(a) == body_hash(b)
    assert body_hash(a) != body_hash(a + " Later.")


def test_words_normalise_unicode():
    assert words("Ｆｕｌｌwidth Caf\u00e9 CAFE\u0301") == ["fullwidth", "café", "café"]


def test_shingles_are_three_word_windows():
    assert shingles(["a", "b", "c", "d"]) == {b"a b c", b"b c d"}
    assert shingles(["a", "b"]) == {b"a b"}
    assert shingles([]) == set()


def test_a_signature_has_the_documented_shape():
    fp = fingerprint(text(WIRE))
    assert len(fp.minhash) == NUM_PERM * 4
    assert len(fp.band_hashes) == BANDS
    assert fp.word_count == len(words(text(WIRE)))
    assert "w3" in SCHEME and f"p{NUM_PERM}" in SCHEME


def test_the_signature_scheme_is_stable():
    # Stored signatures must stay comparable across releases: if this fails,
    # a dependency changed the MinHash and SCHEME needs a new version.
    values = minhash_values("the quick brown fox jumps over the lazy dog")
    assert values.dtype == np.uint32
    assert values[:4].tolist() == GOLDEN_FIRST_VALUES
    assert band_hashes(values)[:2].tolist() == GOLDEN_FIRST_BANDS


def test_band_hashes_are_the_same_one_by_one_and_in_bulk():
    rng = np.random.default_rng(7)
    many = rng.integers(0, 2**32, size=(50, NUM_PERM), dtype=np.uint64)
    bulk = band_hashes(many)
    assert bulk.shape == (50, BANDS) and bulk.dtype == np.int64
    for row, keys in zip(many, bulk):
        assert (band_hashes(row) == keys).all()
    # Band number is part of the key: equal values in two bands give two keys.
    same = np.full(NUM_PERM, 12345, dtype=np.uint64)
    assert len(set(band_hashes(same).tolist())) == BANDS


def test_similarity_separates_a_rewrite_from_a_story_on_the_same_topic():
    wire, rewrite, other = (fingerprint(text(t)) for t in (WIRE, REWRITE, SAME_TOPIC))
    assert similarity(wire.minhash, wire.minhash) == 1.0
    assert similarity(wire.minhash, rewrite.minhash) > 0.45
    assert similarity(wire.minhash, other.minhash) < 0.1


def test_paragraph_order_does_not_matter_much():
    wire = fingerprint(text(WIRE))
    reordered = fingerprint(text(WIRE[3:] + WIRE[:3]))
    assert similarity(wire.minhash, reordered.minhash) > 0.9
    assert wire.body_hash != reordered.body_hash


@pytest.mark.parametrize("jaccard, at_least", [(0.3, 0.95), (0.4, 0.99), (0.6, 0.999)])
def test_bands_find_copies_at_and_above_the_default_threshold(jaccard, at_least):
    assert candidate_probability(jaccard) >= at_least


GOLDEN_FIRST_VALUES = [1614218603, 167850897, 251885177, 463606098]
GOLDEN_FIRST_BANDS = [2695342087207551877, -4938199180375891267]
