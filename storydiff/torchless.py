"""Import spaCy without importing torch.

thinc, spaCy's machine-learning library, imports torch when it is installed (its module
``thinc.compat`` tries ``import torch`` at import time) only so that PyTorch-wrapped layers
and GPU tensors work. storydiff's pipeline never uses them: ``en_core_web_sm`` runs on
thinc's own numpy/blis ops, and our sentence embeddings use numpy (``STORYDIFF_EMBEDDINGS=torch``
imports torch itself, through sentence-transformers). Yet torch is installed (for that
option), and importing it was 2.8 s of the 10.75 s cold run of the example (cProfile of
``storydiff compare examples/alaska-summit-2025`` on an idle machine, 2026-11-22).

:func:`install` (called from ``storydiff/__init__.py``, so it is in place before any of our
modules imports spaCy) puts a finder first on ``sys.meta_path`` that, when ``thinc.compat`` is
imported while torch is not, hides torch for the few milliseconds that module's code runs:
thinc records ``has_torch = False``, and torch stays importable afterwards. When torch was
imported first (a Dask worker sets its thread count), thinc sees it as usual. Setting
``STORYDIFF_THINC_TORCH=1`` turns the finder off (for a spaCy model that needs PyTorch).
tests/test_torchless.py checks all of this in fresh processes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

#: The module whose import pulls torch in (thinc 8.x).
TARGET = "thinc.compat"
#: Environment variable that, set to "1", leaves thinc to import torch.
ENV = "STORYDIFF_THINC_TORCH"


class _TorchHiddenLoader:
    """Wraps the real loader of ``thinc.compat``: runs its code with torch hidden."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

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

    def __getattr__(self, name: str) -> Any:  # get_filename, get_resource_reader, ...
        return getattr(self._loader, name)


class TorchlessThincFinder:
    """A ``sys.meta_path`` finder that only wraps the loader of ``thinc.compat``."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> ModuleSpec | None:
        """The real spec of ``thinc.compat`` with a torch-hiding loader; None for anything else.

        Args:
            fullname: the module being imported.
            path: the parent package's ``__path__``.
            target: the module being reloaded, if any.

        Returns:
            The spec the other finders give, its loader wrapped; None to let them handle
            every other module (and this one when torch is already imported or ``ENV`` is set).
        """
        if fullname != TARGET or "torch" in sys.modules or os.environ.get(ENV) == "1":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _TorchHiddenLoader(spec.loader)  # type: ignore[assignment]
                return spec
        return None


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once per process)."""
    if not any(isinstance(finder, TorchlessThincFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, TorchlessThincFinder())
