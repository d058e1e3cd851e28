"""spaCy is imported without torch, torch stays usable, and the pipeline's output is the same.

Each check runs in a fresh Python process: whether torch is imported is per process, and
this test session may have imported it already.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from storydiff.torchless import ENV, TARGET, TorchlessThincFinder

_PROBE = """
import json, sys
if sys.argv[2] == "torch-first":
    import torch
import storydiff
from storydiff.analyze import analyze, load_nlp
from storydiff.model import Article
import thinc.compat
state = {"torch_after_spacy": "torch" in sys.modules, "thinc_has_torch": thinc.compat.has_torch}
article = analyze(Article(text=open(sys.argv[1], encoding="utf-8").read()), nlp=load_nlp())
state["analysis"] = [
    [(m.start, m.end, m.label) for m in article.mentions],
    [(t.start, t.end, t.value) for t in article.timexes],
    [(q.start, q.end, q.speaker.text if q.speaker else None) for q in article.quotes],
    [(c.start, c.end, c.predicate) for c in article.claims],
    [(s.start, s.end) for s in article.sentences],
]
import torch  # still importable, and works, after thinc recorded it as absent
state["torch_sum"] = float(torch.ones(3).sum())
print(json.dumps(state))
"""


def _probe(path, order: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != ENV}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(path), order], capture_output=True,
                          text=True, env=environment, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_spacy_without_torch_gives_the_same_analysis(example_dir):
    """Hidden from thinc, torch is neither imported by spaCy nor needed by any stage: the
    analysis of a real article is identical to the one in a process that imported torch
    first (then thinc sees torch, as a Dask worker's does), and torch still works after."""
    path = sorted(example_dir.glob("*.txt"))[0]
    hidden = _probe(path, "spacy-first")
    assert hidden["torch_after_spacy"] is False
    assert hidden["thinc_has_torch"] is False
    assert hidden["torch_sum"] == 3.0
    shown = _probe(path, "torch-first")
    assert shown["torch_after_spacy"] is True
    assert shown["thinc_has_torch"] is True
    assert hidden["analysis"] == shown["analysis"]
    assert hidden["analysis"][0], "the article has mentions"


def test_finder_hides_torch_only_while_thinc_compat_runs(monkeypatch):
    """In this process: the finder wraps only thinc.compat's loader; running that module's
    code gives has_torch False and leaves sys.modules without the hiding entry."""
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    import thinc

    finder = TorchlessThincFinder()
    assert finder.find_spec("thinc.util", thinc.__path__) is None
    spec = finder.find_spec(TARGET, thinc.__path__)
    assert spec is not None and type(spec.loader).__name__ == "_TorchHiddenLoader"
    module = importlib.util.module_from_spec(spec)  # a fresh copy, not put in sys.modules
    spec.loader.exec_module(module)
    assert module.has_torch is False
    assert "torch" not in sys.modules
    monkeypatch.setenv(ENV, "1")
    assert finder.find_spec(TARGET, thinc.__path__) is None
