"""`storydiff analyze`."""

from __future__ import annotations

import json

import click

from storydiff.cli._base import cli


@cli.command("analyze")
@click.argument("file", type=str)
@click.option("--published", default=None, help="Publication date (ISO 8601) when the input gives none.")
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="md", show_default=True,
              help="Output format.")
def analyze_cli(file: str, published: str | None, fmt: str) -> None:
    """Print what the analysis finds in one article: entities and roles, times,
    quantities, identifiers, quotes and attributions (json: claims too).

    \b
    Example:
        storydiff analyze examples/alaska-summit-2025/putin-visits-magadan.txt --format md
    """
    # This command's library parts, loaded when it runs (see storydiff/cli/__init__.py).
    from storydiff.analyze import analyze
    from storydiff.analyze.extraction import to_dict, to_markdown
    from storydiff.ingest import load

    batch = load([file], published=published)
    if batch.failures:
        raise click.ClickException(batch.failures[0].message)
    if not batch.articles:
        raise click.ClickException(f"{file}: no article found; give a text, HTML or feed file")
    article = analyze(batch.articles[0])
    if fmt == "json":
        click.echo(json.dumps(to_dict(article), ensure_ascii=False, indent=2))
    else:
        click.echo(to_markdown(article), nl=False)
