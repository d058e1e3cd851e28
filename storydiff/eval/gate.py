"""The quality gate: every evaluation on the real corpora, each headline metric against its floor.

``python -m storydiff.eval.gate`` (``make eval``, run by ``.ci/run``) runs every task in
``runner.TASKS`` on its default corpus under the data root (``../shared/data``, or
``$STORYDIFF_DATA``), prints a summary table and exits 1 when a metric is below its
floor in ``floors.toml``, with one line per such metric.

- A task whose corpus folder is missing, or that crashes, fails the gate only when it
  has floors (a stage that was measured must not disappear); it is always shown in the
  table.
- ``--update`` raises floors to the current figures minus ``MARGIN``; it refuses to lower
  one unless given ``--allow-regression`` and a ``--reason``, which is written beside the
  floor (and belongs in the commit message too).

Floors file format (``floors.toml``), one table per task and metric::

    [extract.f1]
    floor = 0.959
    set = "2026-11-22: measured 0.964 on aeb (181 pages); floor = measured - 0.005"

A metric where less is better (a count of errors, named in the result's
``lower_is_better``) has a ``ceiling`` instead, the highest accepted value; ``--update``
sets it at the measured value (counts do not wobble like ratios) and lowers it, never
raises it without ``--allow-regression``::

    [findings.trap_conflicts]
    ceiling = 2.000
    set = "2026-12-07: measured 2.000 on findings (153 documents); ceiling = measured"

The file is rewritten whole by ``--update`` (the provenance lives in the ``set`` strings,
so nothing is lost).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from storydiff.errors import DataMissing, EvalError
from storydiff.eval.result import EvalResult
from storydiff.eval.runner import DEFAULT_PATHS, TASKS, data_root, render, run_task

FLOORS_PATH = Path(__file__).with_name("floors.toml")

#: Subtracted from a measured figure when it becomes a floor. Every task is
#: deterministic on one machine (fixed seeds, no sampling), but figures move by a few
#: thousandths between library versions (spaCy/trafilatura patch releases, BLAS
#: summation order in CEAF-e's assignment); 0.005 absorbs that and still catches a real
#: regression (one AEB page lost moves f1 by ~0.005). Re-run ``--update`` after changing it.
MARGIN = 0.005

HEADER = """\
# Quality floors checked by `python -m storydiff.eval.gate` (make eval, .ci/run).
# One table per task and headline metric: `floor` is the lowest accepted value, `set`
# says when and from what measurement it was set. Raise floors with
# `python -m storydiff.eval.gate --update`; lowering one needs
# `--allow-regression --reason "..."` and the reason in the commit message.
# Floors are set only for stages that run; a task without floors never fails the gate.
# A metric where less is better (a count of errors) has `ceiling` instead of `floor`: the
# highest accepted value, set at the measured value; `--update` only ever lowers it.
"""


@dataclass(slots=True)
class Floor:
    """The lowest accepted value of one metric (the highest, when ``at_most``), and where
    it came from."""

    floor: float
    set: str = ""
    at_most: bool = False  # a ceiling: ``ceiling = ...`` in the file

    def passes(self, value: float) -> bool:
        """Whether a measured value is on the accepted side."""
        return value <= self.floor if self.at_most else value >= self.floor

    def shown(self) -> str:
        """The bound as the gate's table shows it: ``0.959`` or ``<= 2.000``."""
        return f"<= {self.floor:.3f}" if self.at_most else f"{self.floor:.3f}"


Floors = dict[str, dict[str, Floor]]


@dataclass(slots=True)
class TaskOutcome:
    """What running one task in the gate gave."""

    task: str
    status: str  # "ran", "no data", "error"
    message: str = ""
    result: EvalResult | None = None
    failures: list[str] = field(default_factory=list)


def load_floors(path: Path = FLOORS_PATH) -> Floors:
    """Read a floors file; an absent file means no floors.

    Raises:
        EvalError: the file is not valid TOML or a floor is not a number.
    """
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise EvalError(f"{path}: not valid TOML ({error}); fix or restore it from git") from None
    floors: Floors = {}
    for task, metrics in data.items():
        for metric, entry in metrics.items():
            at_most = isinstance(entry, dict) and "ceiling" in entry
            if isinstance(entry, dict):
                value = entry.get("ceiling") if at_most else entry.get("floor")
            else:
                value = entry
            if not isinstance(value, (int, float)):
                raise EvalError(
                    f"{path}: [{task}.{metric}] needs a numeric floor = ... (or ceiling = ...)"
                )
            floors.setdefault(task, {})[metric] = Floor(
                float(value),
                str(entry.get("set", "")) if isinstance(entry, dict) else "",
                at_most,
            )
    return floors


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_floors(floors: Floors, path: Path = FLOORS_PATH) -> None:
    """Write a floors file (the ``HEADER`` comment, then tables in task order)."""
    order = {task: n for n, task in enumerate(TASKS)}
    parts = [HEADER]
    for task in sorted(floors, key=lambda t: (order.get(t, len(order)), t)):
        for metric, entry in floors[task].items():
            key = "ceiling" if entry.at_most else "floor"
            parts.append(
                f"\n[{task}.{metric}]\n{key} = {entry.floor:.3f}\nset = {_toml_string(entry.set)}\n"
            )
    path.write_text("".join(parts), encoding="utf-8")


def check(outcome: TaskOutcome, floors: Floors) -> list[str]:
    """One line per floor this task's outcome breaks.

    Args:
        outcome: the task's outcome.
        floors: all floors.

    Returns:
        The failure lines (empty when the task passes).
    """
    task_floors = floors.get(outcome.task, {})
    if not task_floors:
        return []
    if outcome.result is None:
        return [
            f"{outcome.task}: {outcome.status} ({outcome.message}) but it has floors "
            f"({', '.join(task_floors)})"
        ]
    lines = []
    for metric, entry in task_floors.items():
        value = outcome.result.headline.get(metric)
        if value is None:
            lines.append(f"{outcome.task}.{metric}: no longer reported (floor {entry.shown()})")
        elif not entry.passes(value):
            where = "above its ceiling" if entry.at_most else "below its floor"
            lines.append(
                f"{outcome.task}.{metric}={value:.3f} is {where} {entry.floor:.3f} "
                f"(set {entry.set})"
            )
    return lines


def update(
    floors: Floors,
    outcomes: list[TaskOutcome],
    *,
    allow_regression: bool = False,
    reason: str | None = None,
    today: str | None = None,
) -> tuple[Floors, list[str]]:
    """New floors from measured figures: raised, set when new, lowered only when allowed.

    Args:
        floors: the current floors (not modified).
        outcomes: the tasks that ran.
        allow_regression: permit lowering a floor.
        reason: why a floor is lowered (required with ``allow_regression``).
        today: the date written in ``set`` (default: today, UTC).

    Returns:
        The new floors and one line per change made.

    Raises:
        EvalError: a floor would fall and lowering was not allowed with a reason.
    """
    if allow_regression and not (reason and reason.strip()):
        raise EvalError("--allow-regression needs --reason \"why the floor may fall\"")
    today = today or dt.datetime.now(dt.timezone.utc).date().isoformat()
    new: Floors = {task: dict(metrics) for task, metrics in floors.items()}
    changes, refused = [], []
    for outcome in outcomes:
        if outcome.result is None:
            continue
        result = outcome.result
        for metric, value in result.headline.items():
            current = new.get(outcome.task, {}).get(metric)
            at_most = current.at_most if current else metric in result.lower_is_better
            measured = (
                f"{today}: measured {value:.3f} on {Path(result.dataset).name} "
                f"({result.documents} documents)"
            )
            if at_most:
                change = _update_ceiling(
                    new, outcome.task, metric, value, measured, current, allow_regression, reason
                )
                if change.startswith("refused: "):
                    refused.append(change.removeprefix("refused: "))
                elif change:
                    changes.append(change)
                continue
            # A ratio cannot fall below 0: a stage that finds nothing yet gets floor 0.
            candidate = max(0.0, round(value - MARGIN, 3))
            note = f"{measured}; floor = " + (
                f"measured - {MARGIN}" if candidate > 0 else f"0 (measured - {MARGIN} is below 0)"
            )
            if current is None or candidate > current.floor:
                new.setdefault(outcome.task, {})[metric] = Floor(candidate, note)
                old = f"{current.floor:.3f}" if current else "none"
                changes.append(f"{outcome.task}.{metric}: {old} -> {candidate:.3f}")
            elif candidate < current.floor and value < current.floor:
                if not allow_regression:
                    refused.append(
                        f"{outcome.task}.{metric}: measured {value:.3f} is below its floor "
                        f"{current.floor:.3f}"
                    )
                    continue
                new[outcome.task][metric] = Floor(candidate, f"{note}; LOWERED: {reason}")
                changes.append(
                    f"{outcome.task}.{metric}: {current.floor:.3f} -> {candidate:.3f} (lowered: {reason})"
                )
    if refused:
        raise EvalError(
            "refusing to lower floors (or raise ceilings) without --allow-regression --reason: "
            + "; ".join(refused)
        )
    return new, changes


def _update_ceiling(
    floors: Floors,
    task: str,
    metric: str,
    value: float,
    measured: str,
    current: Floor | None,
    allow_regression: bool,
    reason: str | None,
) -> str:
    """Set, lower or (when allowed) raise one ceiling in ``floors``; the change line,
    ``""`` when unchanged, or ``"refused: ..."``."""
    candidate = round(value, 3)
    note = f"{measured}; ceiling = measured"
    if current is None or candidate < current.floor:
        floors.setdefault(task, {})[metric] = Floor(candidate, note, at_most=True)
        old = f"{current.floor:.3f}" if current else "none"
        return f"{task}.{metric}: ceiling {old} -> {candidate:.3f}"
    if candidate > current.floor:
        if not allow_regression:
            return f"refused: {task}.{metric}: measured {value:.3f} is above its ceiling {current.floor:.3f}"
        floors[task][metric] = Floor(candidate, f"{note}; RAISED: {reason}", at_most=True)
        return f"{task}.{metric}: ceiling {current.floor:.3f} -> {candidate:.3f} (raised: {reason})"
    return ""


def run_gate(tasks: list[str], root: Path, *, progress: bool = False) -> list[TaskOutcome]:
    """Run each task on its default corpus under ``root``; never raises for one task.

    Args:
        tasks: task names (from ``runner.TASKS``).
        root: the data root.
        progress: progress bars on stderr.

    Returns:
        One outcome per task, in order.
    """
    outcomes = []
    for task in tasks:
        path = root / DEFAULT_PATHS[task]
        try:
            result = run_task(task, path, progress=progress)
        except DataMissing as error:
            outcomes.append(TaskOutcome(task, "no data", str(error)))
        except Exception as error:  # noqa: BLE001 - one broken task must not hide the others
            outcomes.append(TaskOutcome(task, "error", f"{type(error).__name__}: {error}"))
        else:
            outcomes.append(TaskOutcome(task, "ran", result=result))
    return outcomes


def summary(outcomes: list[TaskOutcome], floors: Floors) -> str:
    """The gate's table: one line per task metric (or per task that did not run)."""
    rows = [["task", "metric", "value", "floor", "status", "seconds"]]
    for outcome in outcomes:
        task_floors = floors.get(outcome.task, {})
        if outcome.result is None:
            rows.append([outcome.task, "-", "-", "-", outcome.status, "-"])
            continue
        seconds = outcome.result.details.get("seconds", "")
        for metric, value in outcome.result.headline.items():
            entry = task_floors.get(metric)
            if entry is None:
                status = "no floor"
            elif entry.passes(value):
                status = "ok"
            else:
                status = "ABOVE" if entry.at_most else "BELOW"
            floor = entry.shown() if entry else "-"
            rows.append([outcome.task, metric, f"{value:.3f}", floor, status, str(seconds)])
            seconds = ""
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line of the gate; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m storydiff.eval.gate",
        description="Run every evaluation on the real corpora and check the quality floors.",
    )
    parser.add_argument("--tasks", help=f"comma-separated subset of {','.join(TASKS)}")
    parser.add_argument("--data", type=Path, help="data root (default ../shared/data or $STORYDIFF_DATA)")
    parser.add_argument("--floors", type=Path, default=FLOORS_PATH, help="floors file")
    parser.add_argument("--update", action="store_true", help="raise floors to current figures")
    parser.add_argument("--allow-regression", action="store_true", help="with --update: allow lowering")
    parser.add_argument("--reason", help="with --allow-regression: why a floor may fall")
    parser.add_argument("--progress", action="store_true", help="progress bars on stderr")
    parser.add_argument(
        "--verbose", action="store_true", help="also print every task's full table"
    )
    args = parser.parse_args(argv)

    tasks = [t.strip() for t in args.tasks.split(",")] if args.tasks else list(TASKS)
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        print(f"unknown task(s) {', '.join(unknown)}; choose from {', '.join(TASKS)}", file=sys.stderr)
        return 2
    if args.allow_regression and not args.update:
        print("--allow-regression only makes sense with --update", file=sys.stderr)
        return 2
    root = args.data or data_root()
    if not root.is_dir():
        print(f"{root}: data root not found; set STORYDIFF_DATA or pass --data", file=sys.stderr)
        return 2
    try:
        floors = load_floors(args.floors)
    except EvalError as error:
        print(str(error), file=sys.stderr)
        return 2

    outcomes = run_gate(tasks, root, progress=args.progress)
    if args.verbose:
        for outcome in outcomes:
            if outcome.result is not None:
                print(render(outcome.result), end="\n\n")
    print(summary(outcomes, floors))
    for outcome in outcomes:
        if outcome.status != "ran":
            print(f"{outcome.task}: {outcome.status}: {outcome.message}")

    if args.update:
        try:
            # Re-read: a long run may end after someone raised a floor by hand; their
            # floor must not be overwritten by an older measurement.
            floors = load_floors(args.floors)
            new, changes = update(
                floors, outcomes, allow_regression=args.allow_regression, reason=args.reason
            )
        except EvalError as error:
            print(str(error), file=sys.stderr)
            return 1
        write_floors(new, args.floors)
        print("\n".join(changes) if changes else "floors unchanged")
        floors = new

    failures = [line for outcome in outcomes for line in check(outcome, floors)]
    for line in failures:
        print(f"FAIL {line}")
    print("gate: " + ("FAILED" if failures else "passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
