"""`storydiff stories`: list the stories in a store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from storydiff.cli._base import cli
from storydiff.errors import StorydiffError


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "-"
    first, last = first[:10], (last or first)[:10]
    return first if first == last else f"{first}..{last}"


def _with_reports(store, rows: list[dict]) -> list[dict]:
    """``rows`` with the reports that are missing computed and cached (a progress bar on a
    terminal); a story whose report fails is told on one line and keeps '?'."""
    # This command's library parts, loaded when it runs (see storydiff/cli/__init__.py).
    from storydiff.reports import story_report

    missing = [row for row in rows if row["conflicts"] is None]
    for row in tqdm(missing, desc="reports", unit="story", file=sys.stderr,
                    disable=not (missing and sys.stderr.isatty())):
        try:
            report = story_report(store, row["id"])
        except StorydiffError as exc:
            click.echo(f"{row['id']}: no report: {exc}", err=True)
            continue
        row["conflicts"] = sum(1 for f in report.findings if f.status == "conflict")
    return rows


@cli.command("stories")
@click.option("--db", default="storydiff.db", show_default=True, metavar="FILE",
              help="The SQLite file written by 'storydiff ingest'.")
@click.option("--format", "fmt", type=click.Choice(("table", "csv", "jsonl", "json")), default="table",
              show_default=True,
              help="table: for people; csv: one row per story; jsonl: one JSON object per line; "
                   "json: one JSON array.")
@click.option("--json", "as_json", is_flag=True, help="The same as --format jsonl.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Show only the largest N stories.")
@click.option("--reports", is_flag=True,
              help="First compute the reports not cached yet (or out of date), so every story shows its conflicts.")
@click.option("--conflicts", "only_conflicts", is_flag=True,
              help="Only stories whose outlets conflict somewhere (computes reports as --reports does).")
def stories_cli(db: str, fmt: str, as_json: bool, limit: int | None, reports: bool, only_conflicts: bool) -> None:
    """List the stories in the store, largest first: id, articles, outlets, time span,
    conflicts (from the cached report; '?' until 'storydiff report ID' or --reports
    computes it) and title.

    \b
    Example:
        storydiff stories --db storydiff.db --limit 20
        storydiff stories --db storydiff.db --conflicts
        storydiff stories --db storydiff.db --format csv > stories.csv
    """
    if not Path(db).is_file():
        raise click.ClickException(f"{db}: no such database; create it with 'storydiff ingest PATH_OR_URL... --db {db}'")
    # This command's library parts, loaded when it runs (see storydiff/cli/__init__.py).
    from storydiff.store import Store

    with Store.for_reading(db) as store:
        rows = store.list_stories()
        if limit is not None:
            rows = rows[:limit]
        if reports or only_conflicts:
            rows = _with_reports(store, rows)
    if only_conflicts:
        rows = [row for row in rows if row["conflicts"]]
    if as_json:
        fmt = "jsonl"
    if fmt != "table":
        # This command's library parts, loaded when it runs (see storydiff/cli/__init__.py).
        from storydiff.render.tables import STORY_COLUMNS, to_csv, to_jsonl

        if fmt == "csv":
            text = to_csv(rows, (*STORY_COLUMNS, "outlet_names"))
        elif fmt == "jsonl":
            text = to_jsonl(rows)
        else:
            text = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
        click.echo(text, nl=False)
        return
    if not rows:
        if only_conflicts:
            click.echo(f"no story in {db} has a conflict")
        else:
            click.echo(f"{db} holds no stories yet; run 'storydiff ingest PATH_OR_URL... --db {db}'")
        return
    click.echo(f"{'story':<7} {'articles':>8} {'outlets':>7} {'span':<22} {'conflicts':>9}  title")
    for row in rows:
        conflicts = "?" if row["conflicts"] is None else str(row["conflicts"])
        title = " ".join(row["title"].split())[:70]
        click.echo(f"{row['id']:<7} {row['size']:>8} {row['outlets']:>7} "
                   f"{_span(row['first_published'], row['last_published']):<22} {conflicts:>9}  {title}")
