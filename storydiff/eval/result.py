"""What every evaluation returns: a table for people and headline metrics for scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class EvalResult:
    """The outcome of one ``storydiff eval`` task.

    ``rows`` is the printed table (first row: column names; e.g. one row overall and one
    per type). ``headline`` holds the metrics printed as ``name=value`` on the last line
    and checked by the quality gate (``storydiff/eval/floors.toml``); those named in
    ``lower_is_better`` are checked against a ceiling.
    """

    task: str
    dataset: str
    rows: list[list[Any]] = field(default_factory=list)
    headline: dict[str, float] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)  # extra figures for --json
    documents: int = 0
    #: Headline metrics where less is better (counts of errors): the gate holds them
    #: under a ceiling instead of above a floor.
    lower_is_better: list[str] = field(default_factory=list)
