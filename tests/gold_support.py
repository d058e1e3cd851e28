"""Helpers for the tests of finding rules on the findings gold (``../shared/data/findings``,
read by path, never copied): the real sentences of a gold story's articles, made into
articles for ``compare``. A test skips when the gold is absent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storydiff.model import Article


def gold_line(shared_data: Path, story: str, article: str, needle: str) -> str:
    """The line (one sentence a line) of a gold story's article that holds ``needle``."""
    path = shared_data / "findings" / story / f"{article}.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    for line in path.read_text(encoding="utf-8").splitlines():
        if needle in line:
            return line
    raise AssertionError(f"{needle!r} is not in {path}")


def gold_articles(shared_data: Path, story: str, picks: list[tuple[str, str]],
                  published: dict[str, dt.datetime] | None = None) -> list[Article]:
    """One article per gold article named in ``picks`` ((article, needle) pairs), holding
    the lines with those needles in the order given; ``published`` by article name."""
    by_article: dict[str, list[str]] = {}
    for article, needle in picks:
        by_article.setdefault(article, []).append(gold_line(shared_data, story, article, needle))
    return [Article(text="\n".join(lines) + "\n", source=f"{name}.txt", outlet=name,
                    published=(published or {}).get(name))
            for name, lines in by_article.items()]


def gold_whole(shared_data: Path, story: str, names: list[str]) -> list[Article]:
    """Whole articles of a gold story (alignment needs the story's other sentences)."""
    folder = shared_data / "findings" / story
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    return [Article(text=(folder / f"{name}.txt").read_text(encoding="utf-8"), source=f"{name}.txt", outlet=name)
            for name in names]


def evidence_sources(report, finding) -> set[str]:
    """The gold article names (file names without ``.txt``) a finding's evidence cites."""
    name = {a.id: a.source.removesuffix(".txt") for a in report.articles}
    return {name[e.article] for e in finding.evidence}
