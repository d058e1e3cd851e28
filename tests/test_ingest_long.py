"""A text too long to analyse (issue 19, item 1): refused when read, with its reason; one
already in a store is marked failed and never blocks a later ingest.

Before: spaCy's E088 (over 1,000,000 characters) escaped the analysis as a ValueError,
which ``storydiff ingest`` blamed on ``--published`` (exit 2); the article stayed
unanalysed, so every later ingest into that file failed the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from storydiff import settings
from storydiff.cli import cli
from storydiff.store import Store

pytestmark = pytest.mark.slow


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart already
        return CliRunner()


def _long_file(folder: Path, example_dir: Path) -> Path:
    """A real article's paragraphs repeated past the limit: ~1.1 million characters."""
    text = (example_dir / "putin-visits-magadan.txt").read_text(encoding="utf-8")
    copies = settings.MAX_ARTICLE_CHARS // len(text) + 2
    path = folder / "long-read.txt"
    path.write_text("\n\n".join([text] * copies), encoding="utf-8")
    assert len(path.read_text(encoding="utf-8")) > settings.MAX_ARTICLE_CHARS
    return path


def test_long_text_is_refused_with_its_reason_and_the_rest_goes_on(tmp_path, example_dir):
    long_file = _long_file(tmp_path, example_dir)
    db = tmp_path / "s.db"
    result = _runner().invoke(cli, ["ingest", str(long_file), str(example_dir / "putin-visits-magadan.txt"),
                                    "--db", str(db), "--processes", "0"])
    assert result.exit_code == 1, result.output
    assert "--published" not in result.output
    assert f"failed: {long_file}: holds " in result.stderr
    assert "-character limit for one article (the most the analysis takes); split it" in result.stderr
    assert "stored 1, already stored 0, failed 1" in result.stdout
    assert "analysed 1 (failed 0)" in result.stdout


def test_a_stored_long_article_never_blocks_later_ingests(tmp_path, example_dir, monkeypatch):
    """A file written before the limit holds a long article: the next ingest marks it failed
    with why and analyses the rest; the one after that goes on as usual."""
    from storydiff.ingest.text import read_text

    long_file = _long_file(tmp_path, example_dir)
    db = tmp_path / "s.db"
    with monkeypatch.context() as patch:
        patch.setattr(settings, "MAX_ARTICLE_CHARS", 10 * settings.MAX_ARTICLE_CHARS)
        article = read_text(long_file.read_bytes(), source=str(long_file))
    with Store(db) as store:
        store.add_articles([article])
    first = _runner().invoke(cli, ["ingest", str(example_dir / "putin-visits-magadan.txt"), "--db", str(db),
                                   "--processes", "0"])
    assert first.exit_code == 1, first.output
    assert "--published" not in first.output
    assert f"failed: {long_file}: analysis failed (holds " in first.stderr
    assert "analysed 2 (failed 1)" in first.stdout
    second = _runner().invoke(cli, ["ingest", str(example_dir / "russian-delegation-arrives.txt"), "--db", str(db),
                                    "--processes", "0"])
    assert second.exit_code == 0, second.output
    assert "analysed 1 (failed 0)" in second.stdout
    with Store(db) as store:
        assert store.unanalyzed_ids() == []
