"""`storydiff compare`."""

from __future__ import annotations

import click

from storydiff.cli._base import cli
