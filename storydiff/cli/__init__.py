"""The command line, one module per command (as ``spacy/cli/``).

Each module defines a click command on the shared group in ``_base`` and calls one
library function; this package imports them all so they register.
"""

from storydiff import lean_imports

# Before any command imports spaCy, which would import torch and its own command line for
# nothing (3.2 s of a cold run). Only the processes storydiff owns (this command line, the
# process pool's workers) do this: a program that imports storydiff as a library keeps
# spaCy's and thinc's usual behaviour (see storydiff/lean_imports.py).
lean_imports.install()

from storydiff.cli._base import cli, main  # noqa: E402
from storydiff.cli import analyze, compare, evaluate, ingest, report, review, serve, stories  # noqa: E402, F401

__all__ = ["cli", "main"]
