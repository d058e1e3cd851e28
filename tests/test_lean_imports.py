"""spaCy is imported without torch and without its command line; results stay the same.

The end-to-end checks run in fresh Python processes (what is imported is per process, and
this test session has imported spaCy already); the finder itself is also tested in process.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import types

import pytest

from storydiff.lean_imports import ENV, TORCH_IMPORTER, LeanImportFinder

_PROBE = """
import json, sys
import storydiff.cli  # the command line installs the finder
from storydiff.analyze import analyze, load_nlp
from storydiff.model import Article
import thinc.compat
article = analyze(Article(text=open(sys.argv[1], encoding="utf-8").read()), nlp=load_nlp())
state = {
    "torch_imported": "torch" in sys.modules,
    "thinc_has_torch": thinc.compat.has_torch,
    "cli_imported": [name for name in ("typer", "weasel", "requests") if name in sys.modules],
}
state["analysis"] = [
    [(m.start, m.end, m.label) for m in article.mentions],
    [(t.start, t.end, t.value) for t in article.timexes],
    [(q.start, q.end, q.speaker.text if q.speaker else None) for q in article.quotes],
    [(c.start, c.end, c.predicate) for c in article.claims],
    [(s.start, s.end) for s in article.sentences],
]
# What was left out still works when asked for.
import spacy
state["info_keys"] = sorted(spacy.info())
from spacy.cli import download, info
state["cli_names"] = [type(download).__name__, info is sys.modules["spacy.cli.info"].info]
import torch
state["torch_sum"] = float(torch.ones(3).sum())
print(json.dumps(state))
"""


def _probe(path, full: bool) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != ENV}
    if full:
        environment[ENV] = "1"
    done = subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True,
                          text=True, env=environment, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_lean_imports_give_the_same_analysis(example_dir):
    """Without torch and spaCy's command line, the analysis of a real article is identical
    to the one with everything imported; both still work afterwards when asked for."""
    path = sorted(example_dir.glob("*.txt"))[0]
    lean = _probe(path, full=False)
    assert lean["torch_imported"] is False
    assert lean["thinc_has_torch"] is False
    assert lean["cli_imported"] == []
    full = _probe(path, full=True)
    assert full["torch_imported"] is True
    assert full["thinc_has_torch"] is True
    assert full["cli_imported"] == ["typer", "weasel", "requests"]
    assert lean["analysis"] == full["analysis"]
    assert lean["analysis"][0], "the article has mentions"
    for state in (lean, full):
        assert {"location", "pipelines", "spacy_version"} <= set(state["info_keys"])
        assert state["cli_names"] == ["function", True]
        assert state["torch_sum"] == 3.0


@pytest.mark.slow
def test_library_import_leaves_spacy_as_usual():
    """A program importing storydiff as a library (not its command line) gets spaCy and
    thinc as usual: thinc sees torch, so a torch-based spaCy pipeline would still work."""
    probe = ("import json, sys, storydiff, storydiff.analyze, storydiff.compare, spacy, thinc.compat; "
             "from storydiff.lean_imports import LeanImportFinder; "
             "print(json.dumps([thinc.compat.has_torch, 'torch' in sys.modules, "
             "any(isinstance(f, LeanImportFinder) for f in sys.meta_path)]))")
    environment = {k: v for k, v in os.environ.items() if k != ENV}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environment, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [True, True, False]


def test_finder_hides_torch_only_while_thinc_compat_runs(monkeypatch):
    """In this process: the finder wraps only thinc.compat's loader (and spaCy's command
    line); running thinc.compat's code gives has_torch False and leaves no trace in
    sys.modules; with torch imported first, or ENV set, it steps aside."""
    import thinc

    monkeypatch.delenv(ENV, raising=False)
    finder = LeanImportFinder()
    assert finder.find_spec("thinc.util", thinc.__path__) is None
    monkeypatch.setitem(sys.modules, "torch", types.ModuleType("torch"))  # as if imported first
    assert finder.find_spec(TORCH_IMPORTER, thinc.__path__) is None
    monkeypatch.delitem(sys.modules, "torch")
    spec = finder.find_spec(TORCH_IMPORTER, thinc.__path__)
    assert spec is not None and type(spec.loader).__name__ == "_TorchHiddenLoader"
    module = importlib.util.module_from_spec(spec)  # a fresh copy, not put in sys.modules
    spec.loader.exec_module(module)
    assert module.has_torch is False
    assert "torch" not in sys.modules
    monkeypatch.setenv(ENV, "1")
    assert finder.find_spec(TORCH_IMPORTER, thinc.__path__) is None
