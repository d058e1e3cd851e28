"""`storydiff eval`."""

from __future__ import annotations

from pathlib import Path

import click

from storydiff.cli._base import cli
from storydiff.eval.runner import TASKS, explain, render, result_json, run_task


@cli.command("eval")
@click.argument("task", type=click.Choice(list(TASKS)))
@click.argument("data_path", required=False, type=click.Path(path_type=Path))
@click.option("--topics", help="ECB+ topics to use, e.g. 1-22,24 (coref, stories, findings); default all.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@click.option("--verbose", "-v", is_flag=True,
              help="Before the table, list every item the task judged (findings: every true, "
                   "false and missed conflict with its sentences).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def eval_cli(task: str, data_path: Path | None, topics: str | None, as_json: bool, verbose: bool,
             quiet: bool):
    """Measure one stage on a real annotated corpus.

    Prints a table (overall and by type) and, as its last line, name=value pairs of the
    headline metrics. DATA_PATH defaults to the task's corpus under ../shared/data
    (or $STORYDIFF_DATA): extract aeb, timex timeml/TBAQ-cleaned, quotes polnear/dev,
    coref and stories ecbplus, entities meantime, findings findings. A stage that is not
    built yet is reported in one line, with exit status 1.

    \b
    Example:
        storydiff eval coref ../shared/data/ecbplus --topics 1-5
        storydiff eval findings --verbose
    """
    result = run_task(task, data_path, topics=topics, progress=not quiet)
    if as_json:
        click.echo(result_json(result))
        return
    if verbose:
        listing = explain(task, result)
        click.echo(listing if listing else f"eval {task} has no itemised listing")
        click.echo()
    click.echo(render(result))
