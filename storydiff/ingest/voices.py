"""Voices: articles that are copies of one text (wire copy, syndication, re-posts).

Exact copies share the content hash of their cleaned text. Near copies (a re-post with
another headline, a byline, a trimmed last paragraph) are found with MinHash over word
5-shingles and locality-sensitive hashing: two articles are one voice when their
estimated Jaccard similarity is at least :data:`NEAR_COPY_THRESHOLD`.

The MinHash is our own few lines of numpy, bit-identical to ``datasketch.MinHash(num_perm=128,
seed=1)`` of datasketch 2.0 (its default "affine32" scheme), which storydiff used at first and
whose signatures stores hold: importing datasketch cost ~1 s of every cold run (it imports
scipy.integrate). tests/test_ingest_voices.py pins the values datasketch gave.

:func:`near_duplicate_key` gives what the store persists (the signature and its LSH band
keys) so voices are found incrementally over a stream, across runs.
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from functools import cache

import numpy as np

from storydiff.model import Article

#: Shingle size in words. 5 is long enough that two different reports of one event rarely
#: share a shingle by chance ("the Russian delegation arrived in") and short enough that
#: light copy-editing leaves most shingles intact.
SHINGLE = 5
#: MinHash permutations: 128 gives a standard error of ~0.04 on the Jaccard estimate.
NUM_PERM = 128
#: LSH banding (42 bands x 3 rows, 126 of the 128 values) makes a pair with Jaccard 0.5 a
#: candidate with probability 1-(1-0.5^3)^42 = 0.996, one at 0.3 with 0.68, one at 0.05
#: with 0.005; candidates are then checked against the threshold with the full signature.
BANDS, ROWS = 42, 3
#: Same voice when the estimated Jaccard of 5-shingles is at least this. Measured with
#: `python bench/voices.py` on ECB+ (topics 1-35, 772 documents, 9,057 pairs of documents
#: within a topic): 99% of pairs score under 0.21. The pairs at 0.5 and above (23 pairs,
#: e.g. "Colts beat Chiefs 20-13..." in three outlets at 0.96) are one wire story reposted
#: with another headline or page furniture. Between 0.25 and 0.5 sit stories that reuse
#: some wire paragraphs around their own reporting; they add reporting of their own, so
#: they stay separate voices. Copies made from the same documents (trimmed from the
#: bottom to 70%, as copy desks do, or given a new first and last line) score a median
#: of 0.71; 6% of them, the shortest documents, fall under 0.5 and stay apart. Re-run bench/voices.py after changing this, SHINGLE or the tokenisation.
NEAR_COPY_THRESHOLD = 0.5

#: Seed of the permutations (datasketch's default; changing it invalidates stored signatures).
SEED = 1

_WORD = re.compile(r"\w+")
_MAX_HASH = np.uint32(0xFFFFFFFF)
#: Shingles hashed per block, so a very long text never needs a (shingles x 128) array
#: bigger than ~2 MB; the minimum over blocks is the same as over all of them.
_BLOCK = 4096


def shingles(text: str) -> set[bytes]:
    """The word 5-shingles of a text, lower-cased, punctuation ignored.

    Args:
        text: cleaned article text.

    Returns:
        The set of shingles, encoded as bytes for hashing.
    """
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


@dataclass(slots=True)
class NearDuplicateKey:
    """What finds an article's near copies: its MinHash signature and its LSH band keys."""

    signature: list[int]
    bands: list[str]  # one key per band: "band:hexdigest"

    def to_bytes(self) -> bytes:
        """The signature packed for storage."""
        return struct.pack(f"<{len(self.signature)}Q", *self.signature)

    @staticmethod
    def signature_from_bytes(blob: bytes) -> list[int]:
        """Unpack a stored signature."""
        return list(struct.unpack(f"<{len(blob) // 8}Q", blob))


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The NUM_PERM affine permutations ``h -> a*h + b (mod 2**32)``, a odd.

    Drawn exactly as datasketch 2.0 draws them for scheme "affine32", so signatures match.
    """
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (datasketch applies it before the permutations)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash(items: list[bytes]) -> list[int]:
    """The MinHash signature of a set of byte strings.

    Each item is hashed to 32 bits (the first 4 bytes of its SHA-1, little-endian), mixed
    with :func:`_fmix32`, and put through :data:`NUM_PERM` affine permutations modulo 2**32;
    the signature keeps each permutation's minimum. An empty set gives 2**32-1 everywhere.

    Args:
        items: the set's members (shingles).

    Returns:
        NUM_PERM integers, equal to ``datasketch.MinHash(num_perm=128, seed=1)`` updated
        with the same items.
    """
    a, b = _permutations()
    signature = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint32)
    for start in range(0, len(items), _BLOCK):
        block = items[start:start + _BLOCK]
        digests = b"".join(hashlib.sha1(item).digest() for item in block)
        # A SHA-1 digest is five 32-bit words; datasketch keeps the first, read little-endian.
        hashes = _fmix32(np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32))
        permuted = hashes[:, None] * a + b  # uint32 arithmetic wraps: modulo 2**32
        np.minimum(signature, permuted.min(axis=0), out=signature)
    return [int(v) for v in signature]


def near_duplicate_key(article: Article) -> NearDuplicateKey:
    """MinHash signature and LSH band keys of an article's text.

    Args:
        article: the article (its ``text`` is used).

    Returns:
        The key; equal texts give equal keys (the permutations are seeded, fixed).
    """
    signature = minhash(list(shingles(article.text)))
    bands = []
    for band in range(BANDS):
        chunk = struct.pack(f"<{ROWS}Q", *signature[band * ROWS:(band + 1) * ROWS])
        bands.append(f"{band}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return NearDuplicateKey(signature, bands)


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two MinHash signatures."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


def assign_voices(articles: list[Article]) -> None:
    """Set ``article.voice`` ("v1", "v2", ... in first-seen order) for a list of articles.

    Exact copies (same content hash) and near copies (estimated Jaccard of 5-shingles at
    least :data:`NEAR_COPY_THRESHOLD`) share a voice; an article joins the voice of its
    most similar earlier article.

    Args:
        articles: the articles, in the order they were seen. Modified in place.
    """
    buckets: dict[str, list[int]] = {}
    keys: list[NearDuplicateKey] = []
    by_hash: dict[str, str] = {}
    count = 0
    for index, article in enumerate(articles):
        key = near_duplicate_key(article)
        keys.append(key)
        voice = by_hash.get(article.content_hash) if article.content_hash else None
        if voice is None:
            best, best_score = None, 0.0
            candidates = {c for band in key.bands for c in buckets.get(band, [])}
            for candidate in sorted(candidates):
                score = similarity(key.signature, keys[candidate].signature)
                if score >= NEAR_COPY_THRESHOLD and score > best_score:
                    best, best_score = candidate, score
            if best is not None:
                voice = articles[best].voice
        if voice is None:
            count += 1
            voice = f"v{count}"
        article.voice = voice
        if article.content_hash:
            by_hash.setdefault(article.content_hash, voice)
        for band in key.bands:
            buckets.setdefault(band, []).append(index)
