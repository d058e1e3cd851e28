"""`storydiff ingest`: read inputs into the SQLite store."""

from __future__ import annotations

import os
import sys

import click

from storydiff.cli._base import cli
from storydiff.ingest.dates import coerce_published


@cli.command("ingest")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--db", default="storydiff.db", show_default=True, help="SQLite file to store articles in.")
@click.option("--published", default=None, metavar="DATE",
              help="Publication date (ISO 8601) for articles whose input gives none.")
@click.option("--allow-private", is_flag=True, help="Let URLs reach private, loopback and link-local addresses.")
@click.option("--strict", is_flag=True, help="Store nothing and exit 1 at the first input that fails.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only failures.")
@click.option("--no-analyze", is_flag=True, help="Only store; analyse and cluster into stories later.")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Analyse on a local Dask cluster of N worker processes.")
@click.option("--processes", type=click.IntRange(0), default=None, metavar="N",
              help="Analyse in N local processes (0: in this one). Default: one per core (at most 4) "
                   "when 64 or more articles wait, else in this process.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Analyse on a running Dask cluster (tcp://HOST:PORT); see docs/scale.md.")
@click.option("--batch-size", type=click.IntRange(1), default=None,
              help="Articles per batch (per commit and per Dask task); default 32.")
@click.option("--keep-stories-days", default=None, metavar="N|all",
              help="Hold in memory only stories with an article within N days of the newest one "
                   "(default 28; at least 14); 'all' or 0 holds every story. Memory only: older "
                   "stories stay in the file and come back for an article dated in their weeks.")
def ingest_cli(inputs: tuple[str, ...], db: str, published: str | None, allow_private: bool,
               strict: bool, quiet: bool, no_analyze: bool, workers: int | None, processes: int | None,
               scheduler: str | None, batch_size: int | None, keep_stories_days: str | None) -> None:
    """Read articles (text, HTML, RSS/Atom, JSON Lines, URLs, directories, - for stdin)
    into the store, analyse what is new and assign it to stories (see 'storydiff stories').
    The same content is stored once; a killed run goes on where it stopped when run again;
    failed inputs are listed with why, and the exit code is 1 when any failed.

    \b
    Example:
        storydiff ingest examples/alaska-summit-2025 --db storydiff.db
    """
    # One BLAS/OpenMP thread, set before numpy starts its pool: analysing in this process
    # with OpenBLAS's default 2 threads cost 0.177-0.183 CPU s (and wall s) per article,
    # with 1 thread 0.135-0.143 (96 stream articles, 2 cores, load ~2; threadpoolctl's
    # limit applied later did not give it back). The analysing processes of
    # storydiff.pool set the same. Re-run bench/stream.py after changing it.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    # This command's library parts, loaded when it runs (see storydiff/cli/__init__.py).
    from storydiff.store import Store
    from storydiff.stream import BATCH_SIZE, RETIRE_AFTER_DAYS, ingest_stream

    keep = RETIRE_AFTER_DAYS if keep_stories_days is None else _keep_days(keep_stories_days)
    # Both options are checked here, so any other error below is told as itself (a blanket
    # ValueError -> --published once blamed the date for a text too long to analyse).
    when = _published(published)
    summary = ingest_stream(inputs, db, published=when, allow_private=allow_private,
                            analyze=not no_analyze, scheduler=scheduler, workers=workers, processes=processes,
                            batch_size=batch_size or BATCH_SIZE, progress=not quiet, strict=strict,
                            keep_stories_days=keep)
    with Store(db) as store:
        for failure in summary.failures + summary.analysis_failures:
            click.echo(f"failed: {failure.message}", err=True)
        if not quiet:
            for skipped in summary.skipped:
                click.echo(skipped.message, err=True)
        if not quiet or summary.failures:
            total = store.count()
            skipped_note = f", skipped {len(summary.skipped)}" if summary.skipped else ""
            click.echo(f"stored {summary.stored}, already stored {summary.duplicates}, "
                       f"failed {len(summary.failures)}{skipped_note}; "
                       f"{db} holds {total} article{'s' * (total != 1)}",
                       err=bool(summary.failures) and quiet)
            if not no_analyze:
                click.echo(f"analysed {summary.analyzed} (failed {len(summary.analysis_failures)}), "
                           f"{summary.new_stories} new"
                           + (f", {summary.merged} splinter{'s' * (summary.merged != 1)} merged" if summary.merged else "")
                           + (f", {summary.reassigned} article{'s' * (summary.reassigned != 1)} reassigned"
                              if summary.reassigned else "")
                           + (f", {summary.split} stor{'y' if summary.split == 1 else 'ies'} split in two"
                              if summary.split else "")
                           + f"; {db} holds {summary.stories} "
                           f"stor{'y' if summary.stories == 1 else 'ies'}", err=bool(summary.failures) and quiet)
    if not summary.ok:
        sys.exit(1)


def _published(value: str | None):
    """``--published`` as a date or an aware datetime (None when not given)."""
    if value in (None, ""):
        return None
    try:
        when = coerce_published(value)
    except ValueError:
        when = None
    if when is None:
        raise click.BadParameter(f"--published {value!r} is not a date; use ISO 8601 such as 2025-08-15",
                                 param_hint="--published")
    return when


def _keep_days(value: str) -> float | None:
    """``--keep-stories-days``: a number of days (at least the merge gap), or 0/'all' for no retirement."""
    # This command's library parts, loaded when it runs (see storydiff/cli/__init__.py).
    from storydiff.stories import MAX_GAP_DAYS

    if value.strip().lower() in ("all", "0"):
        return None
    try:
        days = float(value)
    except ValueError:
        days = -1.0
    if not days >= MAX_GAP_DAYS:  # also rejects nan
        raise click.BadParameter(f"{value!r}: give a number of days, at least {MAX_GAP_DAYS:g} (stories further "
                                 f"apart never merge), or 'all' to hold every story",
                                 param_hint="--keep-stories-days")
    return days
