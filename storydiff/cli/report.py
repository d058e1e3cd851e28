"""`storydiff report`: the report of one story in the store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from storydiff.cli._base import cli
from storydiff.cli.compare import with_elapsed, write_output
from storydiff.render import FORMATS, render


@cli.command("report")
@click.argument("story_id")
@click.option("--db", default="storydiff.db", show_default=True, metavar="FILE",
              help="The SQLite file written by 'storydiff ingest'.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
              help="md: Markdown; json: the storydiff.report/1 contract; html: one self-contained page; "
                   "csv, jsonl: the findings, one row each (status, kind, values, articles, evidence).")
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE instead of standard output.")
@click.option("-q", "--quiet", is_flag=True, help="No 'wrote FILE' line.")
def report_cli(story_id: str, db: str, fmt: str, output: str | None, quiet: bool) -> None:
    """Print the report of one story in the store (ids from 'storydiff stories').

    The report is computed the first time and cached in the store until the story
    changes.

    \b
    Example:
        storydiff report s1 --db storydiff.db --format html -o story.html
    """
    if not Path(db).is_file():
        raise click.ClickException(
            f"{db}: no such database; create it with 'storydiff ingest PATH_OR_URL... --db {db}'"
        )
    # This command's library parts, loaded when it runs (see storydiff/cli/__init__.py).
    from storydiff.reports import story_report
    from storydiff.store import Store

    store = Store.for_reading(db)
    try:
        current = store.resolve_story(story_id)
        if current != story_id and not quiet:
            # Consolidation merged it (docs/scale.md): say so, the report is under the new id.
            click.echo(f"{story_id} was merged into {current}; showing {current}", err=True)
        if quiet or not sys.stderr.isatty():
            report = story_report(store, current)
        else:  # a story's first report runs the compare stage: seconds
            report = with_elapsed(f"report of {current}", story_report, store, current)
        reviews = store.reviews() if fmt in ("json", "csv", "jsonl") else None
    finally:
        close = getattr(store, "close", None)
        if close is not None:
            close()
    if reviews is not None:
        # This command's library parts, loaded when it runs (see storydiff/cli/__init__.py).
        from storydiff.render.json import report_to_dict
        from storydiff.render.tables import finding_rows, findings_csv, to_jsonl
        from storydiff.review import attach_reviews

        # The machine formats carry each finding's key and people's reviews of it
        # (storydiff review).
        data = attach_reviews(report_to_dict(report), reviews)
        if fmt == "json":
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        else:
            rows = finding_rows(data)
            text = findings_csv(rows) if fmt == "csv" else to_jsonl(rows)
        write_output(text, output, quiet=quiet)
        return
    write_output(render(report, fmt), output, quiet=quiet)
