"""`storydiff eval`: the table, the last line of name=value pairs, and the exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from storydiff.cli import cli
from storydiff.errors import EvalError
from storydiff.eval import runner

LAST_LINE = re.compile(r"^(\w+=\d+\.\d{3})( \w+=\d+\.\d{3})*$")


def test_parse_topics():
    assert runner.parse_topics("1-3,5") == {1, 2, 3, 5}
    assert runner.parse_topics(None) is None
    with pytest.raises(EvalError, match="not a number or a range"):
        runner.parse_topics("1-x")
    with pytest.raises(EvalError):
        runner.parse_topics("5-1")


def test_missing_data_path_is_one_line(tmp_path: Path):
    result = CliRunner().invoke(cli, ["eval", "coref", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "nowhere: not found" in result.output


def test_bad_topics_is_one_line(shared_data: Path):
    result = CliRunner().invoke(cli, ["eval", "coref", str(shared_data / "ecbplus"), "--topics", "1-x"])
    assert result.exit_code == 1
    assert "--topics" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_coref_prints_a_table_and_name_value_last_line(shared_data: Path):
    result = CliRunner().invoke(
        cli, ["eval", "coref", str(shared_data / "ecbplus"), "--topics", "1-2", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("coref on ") and "documents" in lines[0]
    assert any(line.startswith("all (storydiff resolver)") for line in lines)
    assert any("baseline: same text" in line for line in lines)
    assert any(line.startswith("events (storydiff resolver)") for line in lines)
    assert LAST_LINE.match(lines[-1]), lines[-1]
    assert lines[-1].startswith("conll_f1=")
    value = float(lines[-1].split()[0].split("=")[1])
    assert 0.3 < value <= 1.0


@pytest.mark.slow
def test_coref_json(shared_data: Path):
    result = CliRunner().invoke(
        cli, ["eval", "coref", str(shared_data / "ecbplus"), "--topics", "3", "--json", "-q"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["task"] == "coref" and data["details"]["topics"] == [3]
    assert set(data["headline"]) >= {"conll_f1", "muc_f1", "b3_f1", "ceafe_f1"}
    assert data["rows"][0][0] == "mentions"
