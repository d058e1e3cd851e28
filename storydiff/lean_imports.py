"""Import spaCy without the parts storydiff never uses: torch, and spaCy's command line.

Importing spaCy was 4.4 s of the 10.75 s cold run of the example (cProfile of
``storydiff compare examples/alaska-summit-2025`` on an idle machine, 2026-11-22). Two
parts of it serve nothing here:

- **torch** (2.8 s): thinc, spaCy's machine-learning library, tries ``import torch`` in
  ``thinc.compat`` when the module is imported, only so that PyTorch-wrapped layers and GPU
  tensors work. ``en_core_web_sm`` runs on thinc's own numpy/blis ops and our sentence
  embeddings use numpy; ``STORYDIFF_EMBEDDINGS=torch`` imports torch itself, through
  sentence-transformers. While ``thinc.compat``'s code runs, torch is hidden
  (``sys.modules["torch"] = None`` makes ``import torch`` fail at once); thinc records
  ``has_torch = False`` and torch stays importable afterwards. When torch was imported
  first (a Dask worker sets its thread count) thinc sees it as usual.
- **spaCy's command line** (0.4-0.5 s of CPU, measured by leaving it out: ``import spacy``
  plus ``spacy.load`` went from 1.06-1.21 s to 0.61-0.80 s of CPU): ``spacy/__init__.py``
  imports ``spacy.cli.info`` for ``spacy.info``, and with it the whole ``spacy.cli`` package
  (typer, weasel, requests, rich, the training and project commands). Both modules are
  made lazy: both run their real code the first time one of their names is used
  (``from spacy.cli import download``, ``spacy.info()``), so everything still works, later.
  One difference remains: a process that imports a submodule of ``spacy.cli`` by its full
  name (``import spacy.cli.download``) before using any name of ``spacy.cli`` finds the
  submodule, not the function, as ``spacy.cli.download``. Nothing in storydiff does.

:func:`install` puts a finder first on ``sys.meta_path`` that wraps the loaders of these
three modules and of nothing else. ``STORYDIFF_FULL_IMPORTS=1`` turns it off. It is called
only in the processes storydiff owns: the command line (``storydiff/cli/__init__.py``, before
any command imports spaCy) and the workers of ``storydiff.pool``. ``import storydiff`` alone
does not call it: a program that uses storydiff as a library may also run a spaCy pipeline
whose layers need torch (spacy-transformers), and thinc decides ``has_torch`` once, at
import; hiding torch there would break that pipeline. Such a program can call
``storydiff.lean_imports.install()`` itself, first, when it does not need torch.
tests/test_lean_imports.py checks all of this in fresh processes. Re-measure with
``python bench/compare.py --cold-only`` after changing it or upgrading spaCy or thinc.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

#: The module whose import pulls torch in (thinc 8.x).
TORCH_IMPORTER = "thinc.compat"
#: The modules of spaCy's command line that ``import spacy`` loads (spaCy 3.8).
DEFERRED = ("spacy.cli", "spacy.cli.info")
#: Environment variable that, set to "1", imports everything as usual.
ENV = "STORYDIFF_FULL_IMPORTS"


class _LoaderProxy:
    """Wraps a module's real loader; subclasses change what ``exec_module`` does."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def __getattr__(self, name: str) -> Any:  # get_filename, get_resource_reader, ...
        return getattr(self._loader, name)


class _TorchHiddenLoader(_LoaderProxy):
    """Runs ``thinc.compat``'s code with torch hidden."""

    def exec_module(self, module: ModuleType) -> None:
        if "torch" in sys.modules:  # imported in between: nothing to hide
            self._loader.exec_module(module)
            return
        sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` now fails fast
        try:
            self._loader.exec_module(module)
        finally:
            if "torch" in sys.modules and sys.modules["torch"] is None:
                del sys.modules["torch"]


class _DeferredLoader(_LoaderProxy):
    """Leaves a module empty until one of its names is used, then runs its real code."""

    def exec_module(self, module: ModuleType) -> None:
        lock = threading.RLock()

        def load() -> None:
            # Whichever is used first, both run their real code, the submodule first (the
            # package's code imports `info` from it), so that afterwards spacy.cli is what
            # spaCy makes it (its `info`, `download`... are functions, not the submodules).
            with lock:
                if module.__dict__.get("__getattr__") is not lazy_getattr:
                    return  # loaded already, or loading
                del module.__dict__["__getattr__"]
                if module.__name__ == "spacy.cli":
                    _load_deferred(sys.modules.get("spacy.cli.info"))
                self._loader.exec_module(module)
                if module.__name__ == "spacy.cli.info":
                    _load_deferred(sys.modules.get("spacy.cli"))

        def lazy_getattr(name: str) -> Any:
            if name.startswith("__") and name.endswith("__") and name != "__all__":
                raise AttributeError(name)  # probes such as __wrapped__ need not load it
            load()
            return getattr(module, name)

        module.__getattr__ = lazy_getattr  # type: ignore[method-assign]
        module.__dict__["_storydiff_load"] = load
        if module.__name__ == "spacy.cli.info":
            def info(*args: Any, **kwargs: Any) -> Any:
                """spaCy's ``info`` (loaded on first call; see storydiff/lean_imports.py)."""
                load()
                return module.info(*args, **kwargs)

            module.info = info  # type: ignore[attr-defined]  # what `spacy.info` is bound to


def _load_deferred(module: ModuleType | None) -> None:
    load: Callable[[], None] | None = getattr(module, "__dict__", {}).get("_storydiff_load")
    if load is not None:
        load()


class LeanImportFinder:
    """A ``sys.meta_path`` finder that wraps the loaders of the modules named above."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> ModuleSpec | None:
        """The real spec of a module named above, its loader wrapped; None for any other.

        Args:
            fullname: the module being imported.
            path: the parent package's ``__path__``.
            target: the module being reloaded, if any.

        Returns:
            The spec the other finders give, with a wrapped loader; None to let them handle
            every other module (and ``thinc.compat`` when torch is imported already, and
            everything when ``ENV`` is "1").
        """
        if fullname == TORCH_IMPORTER:
            if "torch" in sys.modules:
                return None
            wrapper: type[_LoaderProxy] = _TorchHiddenLoader
        elif fullname in DEFERRED and target is None:
            wrapper = _DeferredLoader
        else:
            return None
        if os.environ.get(ENV) == "1":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = wrapper(spec.loader)  # type: ignore[assignment]
                return spec
        return None


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once per process)."""
    if not any(isinstance(finder, LeanImportFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, LeanImportFinder())
