"""The command line, one module per command (as ``spacy/cli/``).

Each module defines a click command on the shared group in ``_base`` and calls one
library function; this package imports them all so they register.
"""

from storydiff.cli._base import cli, main
from storydiff.cli import analyze, compare, evaluate, ingest, report, serve, stories  # noqa: F401

__all__ = ["cli", "main"]
