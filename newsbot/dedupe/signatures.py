"""Text signatures: an exact body hash, and a MinHash with LSH band keys for near-duplicates.

The body is reduced to words (Unicode NFKC, then ``newsbot.tokens.words``:
case-folded ``\\w+``), so markup,
punctuation, quotes and spacing never make two copies differ. Then:

- ``body_hash``: SHA-256 of those words, equal for exact copies.
- ``minhash``: a 128-value MinHash (datasketch, scheme ``affine32``) of the
  set of 3-word shingles; the share of equal values estimates the Jaccard
  similarity of the two shingle sets.
- ``band_hashes``: 32 bands of 2 values, each hashed to a signed 64-bit key.
  Two articles become candidates when any band key is equal, which happens
  with probability ``1 - (1 - J**2)**32``: 0.95 at J=0.30, 0.99 at J=0.37,
  0.27 at J=0.1. Candidates are then checked against the threshold with the
  full signature, so the bands only have to be generous.

Why 3-word shingles: unrelated news texts share almost none (median Jaccard
0.000 on the 181 pages of the extraction benchmark, 99th percentile 0.004),
while a rewrite that changes one word in five still keeps about a third.

Changing any constant here changes ``SCHEME``; stored signatures of another
scheme are ignored by lookups and replaced when their article is next stored.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash

from newsbot import tokens

SHINGLE_WORDS = 3
NUM_PERM = 128
BANDS = 32
ROWS = 2
_MINHASH_SEED = 1
_BAND_SEED = 0x6E62_6465_6475_7065  # "nbdedupe"
SCHEME = f"minhash-affine32-w{SHINGLE_WORDS}-p{NUM_PERM}-b{BANDS}r{ROWS}-v1"

_U64 = np.uint64


@dataclass(frozen=True)
class Fingerprint:
    """Everything dedupe stores about one article body."""

    body_hash: bytes
    minhash: bytes          # NUM_PERM little-endian uint32 values
    band_hashes: tuple[int, ...]   # BANDS signed 64-bit keys, band i at index i
    word_count: int

    @property
    def is_empty(self) -> bool:
        return self.word_count == 0


def words(text: str) -> list[str]:
    """The words of ``text`` as dedupe compares them (``newsbot.tokens.words`` of its NFKC form)."""
    return tokens.words(unicodedata.normalize("NFKC", text))


def body_hash(text: str) -> bytes:
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).digest()


def shingles(text_words: list[str], size: int = SHINGLE_WORDS) -> set[bytes]:
    """Overlapping ``size``-word windows (``newsbot.tokens.shingles``) as the bytes MinHash hashes."""
    return {" ".join(shingle).encode("utf-8") for shingle in tokens.shingles(text_words, size)}


def minhash_values(text: str) -> np.ndarray:
    """The MinHash of ``text`` as NUM_PERM uint32 values."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_MINHASH_SEED, scheme="affine32",
                      permutations=_permutations())
    minhash.update_batch(shingles(words(text)))
    return minhash.hashvalues.astype(np.uint32)


def fingerprint(text: str) -> Fingerprint:
    tokens = words(text)
    values = minhash_values(text)
    return Fingerprint(
        body_hash=hashlib.sha256(" ".join(tokens).encode("utf-8")).digest(),
        minhash=values.astype("<u4").tobytes(),
        band_hashes=tuple(int(h) for h in band_hashes(values)),
        word_count=len(tokens),
    )


def band_hashes(values: np.ndarray) -> np.ndarray:
    """Band keys (int64) of one signature (shape ``(NUM_PERM,)``) or many (``(n, NUM_PERM)``).

    A splitmix64 chain over (band number, row values): vectorised, so the
    benchmark can key a million synthetic signatures in seconds.
    """
    values = np.asarray(values, dtype=np.uint64)
    rows = values[..., :BANDS * ROWS].reshape(*values.shape[:-1], BANDS, ROWS)
    with np.errstate(over="ignore"):
        keys = _mix(np.arange(BANDS, dtype=np.uint64) + _U64(_BAND_SEED))
        keys = np.broadcast_to(keys, rows.shape[:-1]).copy()
        for row in range(ROWS):
            keys = _mix(keys ^ rows[..., row])
    return keys.view(np.int64)


def unpack_minhash(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two stored MinHash signatures."""
    a, b = unpack_minhash(first), unpack_minhash(second)
    if a.shape != b.shape:
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


def candidate_probability(jaccard: float) -> float:
    """Chance that two texts of this Jaccard similarity share at least one band key."""
    return 1.0 - (1.0 - jaccard ** ROWS) ** BANDS


def _mix(x: np.ndarray) -> np.ndarray:
    x = (x ^ (x >> _U64(30))) * _U64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> _U64(27))) * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


@cache
def _permutations() -> np.ndarray:
    # Drawing them is most of a MinHash's set-up cost; they depend only on the seed.
    return MinHash(num_perm=NUM_PERM, seed=_MINHASH_SEED, scheme="affine32").permutations
