"""Shared fixtures. Area-specific fixtures live in their own test modules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Models come inside PyPI packages; make sure nothing reaches for a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_DATA = Path(os.environ.get("STORYDIFF_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def example_dir() -> Path:
    """The bundled example event: two real reports of the Alaska summit."""
    return EXAMPLES / "alaska-summit-2025"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real annotated corpora (../shared/data); tests that need them skip without."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent: the corpora are read by path, never copied")
    return SHARED_DATA


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline with storydiff's components, loaded once per test session."""
    from storydiff.analyze.pipeline import load_nlp

    return load_nlp()


def pytest_addoption(parser):
    """``--update-golden`` rewrites golden files (tests/data/golden/) instead of comparing;
    review the diff like code. Add further options here, in this one hook."""
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite golden files under tests/data/golden/ instead of comparing")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    """True when pytest runs with ``--update-golden``."""
    return bool(request.config.getoption("--update-golden"))
