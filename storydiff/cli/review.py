"""`storydiff review`: confirm, dismiss or mark unsure a finding of a story in the store."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import click

from storydiff.cli._base import cli


@cli.command("review")
@click.argument("story_id")
@click.argument("finding", required=False)
@click.option("--db", default="storydiff.db", show_default=True, metavar="FILE",
              help="The SQLite file written by 'storydiff ingest'.")
@click.option("--confirm", "verdict", flag_value="confirmed", help="The finding is right.")
@click.option("--dismiss", "verdict", flag_value="dismissed", help="The finding is wrong.")
@click.option("--unsure", "verdict", flag_value="unsure", help="It needs more checking.")
@click.option("--note", default="", metavar="TEXT", help="Why (kept with the review).")
@click.option("--by", "reviewer", default=None, metavar="NAME",
              help="Who reviews (default: your login name).")
def review_cli(story_id: str, finding: str | None, db: str, verdict: str | None, note: str,
               reviewer: str | None) -> None:
    """Review a finding of a story: --confirm, --dismiss or --unsure, with a --note.

    FINDING is a finding's id in the story's current report (f3) or its key (k1a2b3c4d5e6,
    which stays the same when the report is recomputed). Without FINDING, or without a
    verdict, it lists the story's findings with their keys and reviews. The review is kept
    in the store and shown on the web pages and in every export.

    \b
    Example:
        storydiff review s1 f3 --dismiss --note "the 19:30 time was corrected later" --db storydiff.db
    """
    if not Path(db).is_file():
        raise click.ClickException(f"{db}: no such database; create it with 'storydiff ingest PATH_OR_URL... --db {db}'")

    # This command's library parts, loaded when it runs (see storydiff/cli/__init__.py).
    from storydiff.render.json import report_to_dict
    from storydiff.reports import story_report
    from storydiff.review import Review, attach_reviews, check_review
    from storydiff.store import Store

    with Store(db) as store:
        current = store.resolve_story(story_id)
        report = attach_reviews(report_to_dict(story_report(store, current)), store.reviews())
        findings = report["findings"]
        if finding is None or verdict is None:
            chosen = [f for f in findings if finding in (None, f["id"], f["key"])]
            if finding is not None and not chosen:
                raise click.ClickException(_unknown(finding, current))
            for f in chosen:
                review = f.get("review")
                said = f"{review['verdict']} by {review['reviewer']} {review['at']}" if review else "not reviewed"
                click.echo(f"{f['id']:<5} {f['key']}  {f['status']:<13} {said:<40}  {' '.join(f['summary'].split())[:80]}")
            return
        match = next((f for f in findings if finding in (f["id"], f["key"])), None)
        if match is None:
            raise click.ClickException(_unknown(finding, current))
        verdict, note, name = check_review(verdict, note, reviewer or getpass.getuser())
        at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        store.save_review(Review(key=match["key"], verdict=verdict, note=note, reviewer=name, at=at),
                          story_id=current)
    click.echo(f"{current} {match['id']} ({match['key']}): {verdict} by {name}")


def _unknown(finding: str, story_id: str) -> str:
    return (f"story {story_id} has no finding {finding!r}; list them with "
            f"'storydiff review {story_id}' (ids f1, f2, ... or keys k...)")
