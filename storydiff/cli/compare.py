"""`storydiff compare`: read some articles about one event, compare them, print the report."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import click
from tqdm import tqdm

from storydiff.cli._base import cli
from storydiff.ingest.dates import parse_published
from storydiff.render import FORMATS, render


def parse_published_option(value: str | None):
    """The ``--published`` option as a date or an aware datetime (None when not given).

    Raises:
        click.BadParameter: the value is not a date storydiff can read.
    """
    if value is None:
        return None

    try:
        parsed = parse_published(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise click.BadParameter(
            f"{value!r} is not a date: use ISO 8601, e.g. 2025-08-15 or 2025-08-15T10:00:00+00:00",
            param_hint="--published",
        )
    return parsed


def write_output(text: str, output: str | None, *, quiet: bool) -> None:
    """Write the rendered report to ``output`` (a file) or to standard output."""
    if output and output != "-":
        path = Path(output)
        path.write_text(text, encoding="utf-8")
        if not quiet:
            click.echo(f"wrote {path}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def _analyze_with_progress(articles: list) -> None:
    """Analyse the articles one by one under a progress bar (the slow part of a comparison);
    ``compare()`` then skips what is analysed. Only on a terminal: in scripts and with
    --quiet ``compare()`` analyses them itself, batched."""
    # This command's library parts, loaded when it runs (see storydiff/cli/__init__.py).
    from storydiff.analyze import analyze, load_nlp

    nlp = load_nlp()
    for article in tqdm(articles, desc="analysing", unit="article", file=sys.stderr, leave=False):
        if not article.analyzed:
            analyze(article, nlp=nlp)


def with_elapsed(desc: str, func, *args):
    """Call ``func(*args)`` with a line on stderr that counts the seconds it takes: the
    compare stage gives no steps to count, and ten silent seconds look like a hang."""
    stop = threading.Event()
    with tqdm(desc=desc, bar_format="{desc}: {elapsed}", file=sys.stderr, leave=False) as bar:
        def tick() -> None:
            while not stop.wait(0.5):
                bar.refresh()

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            return func(*args)
        finally:
            stop.set()
            ticker.join()


@cli.command("compare")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--published", metavar="DATE",
              help="Publication date (ISO 8601) for inputs that carry none; relative times "
                   "such as 'Friday' are resolved against it.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
              help="md: Markdown; json: the storydiff.report/1 contract; html: one self-contained page; "
                   "csv, jsonl: the findings, one row each (status, kind, values, articles, evidence).")
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE instead of standard output.")
@click.option("--html", "html_path", metavar="FILE",
              help="Also write the HTML page to FILE (one comparison, two outputs).")
@click.option("--allow-private", is_flag=True,
              help="Allow URLs on private, loopback or link-local addresses (refused by default).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no 'wrote FILE' line.")
def compare_cli(inputs: tuple[str, ...], published: str | None, fmt: str, output: str | None,
                html_path: str | None, allow_private: bool, quiet: bool) -> None:
    """Compare how several outlets reported one event, fact by fact.

    PATH_OR_URL are text or HTML files, directories of them (with NAME.meta.json sidecars),
    feeds, JSON Lines files or URLs; together they should be about ONE event. An input that
    cannot be read is reported on one line and skipped; at least two articles are needed.

    The report lists conflicts first (both values, both sentences), then corroborated,
    complementary and single-source facts, entities with roles, a timeline in UTC and local
    zones, quotes with speakers and notes.

    \b
    Example:
        storydiff compare examples/alaska-summit-2025 --format md --html report.html
    """
    when = parse_published_option(published)
    # This command's library parts, loaded when it runs (see storydiff/cli/__init__.py).
    from storydiff.ingest import load

    progress = not quiet and sys.stderr.isatty()
    batch = load(list(inputs), published=when, allow_private=allow_private, progress=progress)
    for failure in batch.failures:
        click.echo(f"skipped: {failure.message}", err=True)
    if not quiet:
        for skipped in batch.skipped:  # files in a directory that are not articles it can read
            click.echo(skipped.message, err=True)
    if len(batch.articles) < 2:
        read = len(batch.articles)
        raise click.ClickException(
            f"only {read} article{'' if read == 1 else 's'} could be read from {len(inputs)} "
            f"input{'' if len(inputs) == 1 else 's'}; compare needs at least two: give two or more "
            "files, a directory or URLs about the same event"
        )
    from storydiff.compare import compare
    if progress:
        _analyze_with_progress(batch.articles)
        report = with_elapsed(f"comparing {len(batch.articles)} articles", compare, batch.articles)
    else:
        report = compare(batch.articles)
    write_output(render(report, fmt), output, quiet=quiet)
    if html_path:
        write_output(render(report, "html"), html_path, quiet=quiet)
