"""`storydiff ingest`: read inputs into the SQLite store."""

from __future__ import annotations

import sys

import click

from storydiff.cli._base import cli


@cli.command("ingest")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--db", default="storydiff.db", show_default=True, help="SQLite file to store articles in.")
@click.option("--published", default=None, metavar="DATE",
              help="Publication date (ISO 8601) for articles whose input gives none.")
@click.option("--allow-private", is_flag=True, help="Let URLs reach private, loopback and link-local addresses.")
@click.option("--strict", is_flag=True, help="Store nothing and exit 1 at the first input that fails.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only failures.")
def ingest_cli(inputs: tuple[str, ...], db: str, published: str | None, allow_private: bool,
               strict: bool, quiet: bool) -> None:
    """Read articles (text, HTML, RSS/Atom, JSON Lines, URLs, directories, - for stdin)
    into the store. The same content is stored once; failed inputs are listed with why,
    and the exit code is 1 when any failed.

    \b
    Example:
        storydiff ingest examples/alaska-summit-2025 --db storydiff.db
    """
    from storydiff.ingest.persist import ingest
    from storydiff.store import Store

    with Store(db) as store:
        try:
            summary = ingest(inputs, store, published=published, allow_private=allow_private,
                             progress=not quiet, strict=strict)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--published") from None
        for failure in summary.failures:
            click.echo(f"failed: {failure.message}", err=True)
        if not quiet or summary.failures:
            total = store.count()
            click.echo(f"stored {len(summary.stored)}, already stored {len(summary.duplicates)}, "
                       f"failed {len(summary.failures)}; {db} holds {total} article{'s' * (total != 1)}",
                       err=bool(summary.failures) and quiet)
    if not summary.ok:
        sys.exit(1)
