"""The numpy back end of storydiff.embeddings gives sentence-transformers' vectors."""

from __future__ import annotations

import numpy as np
import pytest

from storydiff import embeddings


def test_embed_shape_norm_and_meaning():
    texts = ["The earthquake struck at dawn.", "A quake hit early in the morning.", "Stocks rose on Friday.", ""]
    vectors = embeddings.embed(texts)
    assert vectors.shape == (4, embeddings.DIMENSION) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert embeddings.embed([]).shape == (0, embeddings.DIMENSION)


@pytest.mark.slow
def test_numpy_back_end_matches_sentence_transformers():
    texts = [
        "Delegation member Ushakov stated the Trump-Putin meeting would commence at 2200 Moscow time.",
        "The meeting between Putin and Trump is scheduled to take place at Joint Base Elmendorf-Richardson.",
        "short",
        "Ünïcode façade — naïve café, 19:30 UTC; RA-96023 " * 30,  # longer than 256 tokens: truncated alike
    ]
    ours = embeddings.embed(texts)
    theirs = embeddings.load_model().encode(texts, convert_to_numpy=True, normalize_embeddings=True)
    assert np.all((ours * theirs).sum(axis=1) > 0.999)
