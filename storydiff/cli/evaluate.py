"""`storydiff eval`."""

from __future__ import annotations

from pathlib import Path

import click

from storydiff.cli._base import cli
from storydiff.eval.runner import TASKS, render, result_json, run_task


@cli.command("eval")
@click.argument("task", type=click.Choice(list(TASKS)))
@click.argument("data_path", required=False, type=click.Path(path_type=Path))
@click.option("--topics", help="ECB+ topics to use, e.g. 1-22,24 (coref, stories); default all.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def eval_cli(task: str, data_path: Path | None, topics: str | None, as_json: bool, quiet: bool):
    """Measure one stage on a real annotated corpus.

    Prints a table (overall and by type) and, as its last line, name=value pairs of the
    headline metrics. DATA_PATH defaults to the task's corpus under ../shared/data
    (or $STORYDIFF_DATA): extract aeb, timex timeml/TBAQ-cleaned, quotes polnear/dev,
    coref and stories ecbplus, entities meantime. A stage that is not built yet is
    reported in one line, with exit status 1.

    \b
    Example:
        storydiff eval coref ../shared/data/ecbplus --topics 1-5
    """
    result = run_task(task, data_path, topics=topics, progress=not quiet)
    click.echo(result_json(result) if as_json else render(result))
