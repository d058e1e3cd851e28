"""`storydiff stories`: list the stories in a store."""

from __future__ import annotations

import json
from pathlib import Path

import click

from storydiff.cli._base import cli


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "-"
    first, last = first[:10], (last or first)[:10]
    return first if first == last else f"{first}..{last}"


@cli.command("stories")
@click.option("--db", default="storydiff.db", show_default=True, metavar="FILE",
              help="The SQLite file written by 'storydiff ingest'.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story instead of a table.")
@click.option("--limit", type=int, default=None, help="Show only the largest N stories.")
def stories_cli(db: str, as_json: bool, limit: int | None) -> None:
    """List the stories in the store, largest first: id, articles, outlets, time span,
    conflicts (from the cached report; '?' until 'storydiff report ID' computes it) and title.

    \b
    Example:
        storydiff stories --db storydiff.db --limit 20
    """
    if not Path(db).is_file():
        raise click.ClickException(f"{db}: no such database; create it with 'storydiff ingest PATH_OR_URL... --db {db}'")
    from storydiff.store import Store

    with Store(db) as store:
        rows = store.list_stories()
    if limit is not None:
        rows = rows[:limit]
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    if not rows:
        click.echo(f"{db} holds no stories yet; run 'storydiff ingest PATH_OR_URL... --db {db}'")
        return
    click.echo(f"{'story':<7} {'articles':>8} {'outlets':>7} {'span':<22} {'conflicts':>9}  title")
    for row in rows:
        conflicts = "?" if row["conflicts"] is None else str(row["conflicts"])
        title = " ".join(row["title"].split())[:70]
        click.echo(f"{row['id']:<7} {row['size']:>8} {row['outlets']:>7} "
                   f"{_span(row['first_published'], row['last_published']):<22} {conflicts:>9}  {title}")
