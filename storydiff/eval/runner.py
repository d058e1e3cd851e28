"""The evaluation tasks: registry, default data paths, and printing results.

A task is a module ``storydiff.eval.<task>`` with a function
``run(path: Path, *, topics: str | None = None, progress: bool = True) -> EvalResult``
and, optionally, ``explain(result: EvalResult) -> str``: the itemised listing printed by
``storydiff eval TASK --verbose``.
``run_task`` imports it by name (the tasks import the stages they measure), and
``format_table`` / ``headline_line`` / ``result_json`` print what it returns: a table for
people, then ``name=value`` pairs of the headline metrics as the last line, for scripts.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from storydiff.errors import DataMissing, EvalError
from storydiff.eval.result import EvalResult

#: task -> module that scores it.
TASKS: dict[str, str] = {
    "extract": "storydiff.eval.extract",
    "timex": "storydiff.eval.timex",
    "quotes": "storydiff.eval.quotes",
    "coref": "storydiff.eval.coref",
    "stories": "storydiff.eval.stories",
    "entities": "storydiff.eval.entities",
    "findings": "storydiff.eval.findings",
}

#: task -> its corpus, relative to the data root (``../shared/data`` by default). The
#: quotes task reads PolNeAR's dev split: train is for developing the stage, and dev is
#: a tenth of its size, so the gate stays fast.
DEFAULT_PATHS: dict[str, str] = {
    "extract": "aeb",
    "timex": "timeml/TBAQ-cleaned",
    "quotes": "polnear/dev",
    "coref": "ecbplus",
    "stories": "ecbplus",
    "entities": "meantime",
    "findings": "findings",
}

REPO_ROOT = Path(__file__).resolve().parents[2]


def data_root() -> Path:
    """Where the corpora are: ``$STORYDIFF_DATA``, else ``../shared/data`` beside the repo."""
    configured = os.environ.get("STORYDIFF_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


def default_path(task: str) -> Path:
    """The corpus a task reads when no path is given.

    Raises:
        EvalError: unknown task.
    """
    _check_task(task)
    return data_root() / DEFAULT_PATHS[task]


def _check_task(task: str) -> None:
    if task not in TASKS:
        raise EvalError(f"unknown eval task {task!r}; choose one of {', '.join(TASKS)}")


def parse_topics(spec: str | None) -> set[int] | None:
    """Topic numbers from a range list: ``"1-22,24"`` -> {1, ..., 22, 24}.

    Args:
        spec: comma-separated numbers and inclusive ranges, or None for all topics.

    Returns:
        The set, or None when ``spec`` is None or empty.

    Raises:
        EvalError: the spec is malformed.
    """
    if spec is None or not spec.strip():
        return None
    topics: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        try:
            if "-" in part:
                low, high = (int(x) for x in part.split("-", 1))
                if low > high:
                    raise ValueError
                topics.update(range(low, high + 1))
            else:
                topics.add(int(part))
        except ValueError:
            raise EvalError(
                f"--topics {spec!r}: {part!r} is not a number or a range like 1-22"
            ) from None
    return topics


def run_task(
    task: str, path: Path | None = None, *, topics: str | None = None, progress: bool = True
) -> EvalResult:
    """Run one evaluation task.

    Args:
        task: one of ``TASKS``.
        path: the corpus folder; ``default_path(task)`` when None.
        topics: ECB+ topic ranges (``"1-22,24"``) for the tasks that read ECB+.
        progress: show a progress bar on stderr (only when stderr is a terminal).

    Returns:
        The task's result, with ``details["seconds"]`` set to its wall time.

    Raises:
        EvalError: unknown task.
        DataMissing: the corpus folder is absent or incomplete.
    """
    _check_task(task)
    run = importlib.import_module(TASKS[task]).run
    path = Path(path) if path is not None else default_path(task)
    if not path.exists():
        raise DataMissing(f"{path}: not found; give the {task} corpus folder as DATA_PATH")
    started = time.perf_counter()
    result = run(path, topics=topics, progress=progress)
    result.details.setdefault("seconds", round(time.perf_counter() - started, 1))
    return result


def explain(task: str, result: EvalResult) -> str | None:
    """The task's itemised listing of a result (``--verbose``), or None when it has none.

    Raises:
        EvalError: unknown task.
    """
    _check_task(task)
    listing = getattr(importlib.import_module(TASKS[task]), "explain", None)
    return listing(result) if listing is not None else None


def progress_enabled(progress: bool) -> bool:
    """Progress bars only when asked for and stderr is a terminal."""
    return progress and sys.stderr.isatty()


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def format_table(result: EvalResult) -> str:
    """The result's rows as an aligned text table (first row is the header)."""
    if not result.rows:
        return ""
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [max(len(row[i]) for row in cells if i < len(row)) for i in range(len(cells[0]))]
    lines = []
    for n, row in enumerate(cells):
        padded = [
            c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)
        ]
        lines.append("  ".join(padded).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def headline_line(result: EvalResult) -> str:
    """``name=value`` pairs of the headline metrics, three decimals, in the result's order."""
    return " ".join(f"{name}={value:.3f}" for name, value in result.headline.items())


def result_json(result: EvalResult) -> str:
    """The whole result as JSON for scripts."""
    return json.dumps(
        {
            "task": result.task,
            "dataset": result.dataset,
            "documents": result.documents,
            "headline": result.headline,
            "lower_is_better": result.lower_is_better,
            "rows": result.rows,
            "details": result.details,
        },
        indent=2,
        default=str,
    )


def render(result: EvalResult) -> str:
    """What ``storydiff eval`` prints: a title line, the table, then the headline line."""
    seconds = result.details.get("seconds")
    took = f", {seconds:.0f} s" if isinstance(seconds, (int, float)) else ""
    title = f"{result.task} on {result.dataset} ({result.documents} documents{took})"
    parts = [title, format_table(result)]
    notes = result.details.get("notes")
    if notes:
        parts.extend(f"note: {n}" for n in notes)
    parts.append(headline_line(result))
    return "\n".join(p for p in parts if p)
