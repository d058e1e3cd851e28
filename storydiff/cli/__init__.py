"""The command line, one module per command (as ``spacy/cli/``).

Each module defines a click command on the shared group in ``_base`` and calls one
library function; this package imports them all so they register. So each command
imports the library parts it runs inside its function, not at the top of its module:
at the top, every command (``storydiff --help`` too) would load all of them, about
1.5 s more of every start (``import storydiff.cli`` with them 2.2 s, without 0.6 s,
measured on this machine).
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
