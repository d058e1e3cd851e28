"""The quality gate: floors are checked, raised by --update, and never silently lowered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storydiff.errors import EvalError
from storydiff.eval import gate
from storydiff.eval.gate import Floor, TaskOutcome, check, load_floors, update, write_floors
from storydiff.eval.result import EvalResult


def outcome(task: str, **headline: float) -> TaskOutcome:
    result = EvalResult(task=task, dataset=f"/data/{task}", headline=headline, documents=10)
    return TaskOutcome(task, "ran", result=result)


def test_floors_round_trip(tmp_path: Path):
    path = tmp_path / "floors.toml"
    floors = {"coref": {"conll_f1": Floor(0.7, 'set "today" from 0.705')}}
    write_floors(floors, path)
    text = path.read_text()
    assert text.startswith("# Quality floors") and "[coref.conll_f1]" in text
    assert load_floors(path) == floors
    assert load_floors(tmp_path / "absent.toml") == {}


def test_invalid_floors_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "floors.toml"
    path.write_text("[coref.conll_f1]\nfloor = 'high'\n")
    with pytest.raises(EvalError, match="numeric floor"):
        load_floors(path)
    path.write_text("[coref\n")
    with pytest.raises(EvalError, match="not valid TOML"):
        load_floors(path)


def test_check_reports_each_metric_below_its_floor():
    floors = {"coref": {"conll_f1": Floor(0.7, "x"), "muc_f1": Floor(0.8, "y")}}
    assert check(outcome("coref", conll_f1=0.71, muc_f1=0.81), floors) == []
    lines = check(outcome("coref", conll_f1=0.69, muc_f1=0.79), floors)
    assert len(lines) == 2 and lines[0].startswith("coref.conll_f1=0.690 is below its floor 0.700")


def test_a_task_that_crashes_fails_only_once_it_has_floors():
    gone = TaskOutcome("stories", "error", "ModuleNotFoundError: No module named 'storydiff.stories'")
    assert check(gone, {}) == []
    assert check(gone, {"stories": {"pairwise_f1": Floor(0.8)}})[0].startswith(
        "stories: error"
    )


def test_update_raises_and_sets_floors_with_margin():
    floors = {"coref": {"conll_f1": Floor(0.6, "old")}}
    new, changes = update(floors, [outcome("coref", conll_f1=0.72, muc_f1=0.8)], today="2026-01-01")
    assert new["coref"]["conll_f1"].floor == pytest.approx(0.72 - gate.MARGIN)
    assert new["coref"]["muc_f1"].floor == pytest.approx(0.8 - gate.MARGIN)
    assert "2026-01-01: measured 0.720" in new["coref"]["conll_f1"].set
    assert len(changes) == 2
    assert floors["coref"]["conll_f1"].floor == 0.6  # the input is not modified


def test_update_keeps_a_floor_within_the_margin():
    floors = {"coref": {"conll_f1": Floor(0.72, "old")}}
    new, changes = update(floors, [outcome("coref", conll_f1=0.722)])
    assert new["coref"]["conll_f1"] == Floor(0.72, "old") and changes == []


def test_update_refuses_to_lower_a_floor():
    floors = {"coref": {"conll_f1": Floor(0.75, "old")}}
    with pytest.raises(EvalError, match="refusing to lower"):
        update(floors, [outcome("coref", conll_f1=0.70)])
    with pytest.raises(EvalError, match="needs --reason"):
        update(floors, [outcome("coref", conll_f1=0.70)], allow_regression=True)
    new, changes = update(
        floors, [outcome("coref", conll_f1=0.70)], allow_regression=True, reason="new metric"
    )
    assert new["coref"]["conll_f1"].floor == pytest.approx(0.695)
    assert "LOWERED: new metric" in new["coref"]["conll_f1"].set


@pytest.mark.slow
def test_gate_command_on_real_data(shared_data: Path, tmp_path: Path, capsys):
    """End to end on the coref task: a floor above the figure fails, --update refuses to lower."""
    floors = tmp_path / "floors.toml"
    write_floors({"coref": {"conll_f1": Floor(0.999, "test")}}, floors)
    args = ["--tasks", "coref", "--data", str(shared_data), "--floors", str(floors)]
    assert gate.main(args) == 1
    out = capsys.readouterr().out
    assert "FAIL coref.conll_f1=" in out and "gate: FAILED" in out
    assert re.search(r"^coref +conll_f1 +0\.\d{3} +0\.999 +BELOW", out, re.M)  # the table

    before = floors.read_text()
    assert gate.main(args + ["--update"]) == 1
    assert "refusing to lower" in capsys.readouterr().err
    assert floors.read_text() == before

    write_floors({}, floors)
    assert gate.main(args + ["--update"]) == 0
    set_floors = load_floors(floors)["coref"]
    assert set(set_floors) == {"conll_f1", "muc_f1", "b3_f1", "ceafe_f1"}
    assert "gate: passed" in capsys.readouterr().out


def test_gate_reports_missing_data_without_failing(tmp_path: Path, capsys):
    floors = tmp_path / "floors.toml"
    args = ["--tasks", "extract", "--data", str(tmp_path), "--floors", str(floors)]
    assert gate.main(args) == 0
    out = capsys.readouterr().out
    assert "extract: no data" in out and "gate: passed" in out
    write_floors({"extract": {"f1": Floor(0.95)}}, floors)
    assert gate.main(args) == 1
    assert "FAIL extract: no data" in capsys.readouterr().out


def lower_is_better(task: str, **headline: float) -> TaskOutcome:
    result = EvalResult(
        task=task, dataset=f"/data/{task}", headline=headline, documents=10,
        lower_is_better=list(headline),
    )
    return TaskOutcome(task, "ran", result=result)


def test_ceiling_round_trip_and_check(tmp_path: Path):
    """A count of errors is held under a ceiling (``ceiling = ...`` in the file)."""
    path = tmp_path / "floors.toml"
    floors = {"findings": {"trap_conflicts": Floor(2.0, "measured 2", at_most=True)}}
    write_floors(floors, path)
    assert "ceiling = 2.000" in path.read_text()
    assert load_floors(path) == floors
    assert check(lower_is_better("findings", trap_conflicts=2.0), floors) == []
    assert check(lower_is_better("findings", trap_conflicts=1.0), floors) == []
    lines = check(lower_is_better("findings", trap_conflicts=3.0), floors)
    assert lines == ["findings.trap_conflicts=3.000 is above its ceiling 2.000 (set measured 2)"]
    table = gate.summary([lower_is_better("findings", trap_conflicts=3.0)], floors)
    assert re.search(r"trap_conflicts +3\.000 +<= 2\.000 +ABOVE", table)


def test_update_sets_ceilings_at_the_measure_and_only_lowers_them():
    new, changes = update({}, [lower_is_better("findings", punctuation_evidence=7.0)], today="2026-01-01")
    entry = new["findings"]["punctuation_evidence"]
    assert entry.at_most and entry.floor == 7.0 and "ceiling = measured" in entry.set
    lowered, changes = update(new, [lower_is_better("findings", punctuation_evidence=3.0)])
    assert lowered["findings"]["punctuation_evidence"].floor == 3.0 and len(changes) == 1
    with pytest.raises(EvalError, match="above its ceiling 3.000"):
        update(lowered, [lower_is_better("findings", punctuation_evidence=4.0)])
    raised, _ = update(
        lowered, [lower_is_better("findings", punctuation_evidence=4.0)],
        allow_regression=True, reason="new rule",
    )
    assert raised["findings"]["punctuation_evidence"].floor == 4.0
    assert "RAISED: new rule" in raised["findings"]["punctuation_evidence"].set


def test_update_never_sets_a_negative_floor():
    new, _ = update({}, [outcome("findings", conflict_recall=0.0)])
    assert new["findings"]["conflict_recall"].floor == 0.0
