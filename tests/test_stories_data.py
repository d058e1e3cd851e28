"""Helpers for the stories, stream and batch tests: real ECB+ texts written as files."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path


def ecb_text(path: Path) -> str:
    """A document of ECB+ as plain text: tokens joined, one sentence a line.

    ``N_Mecbplus.xml`` documents carry their source URL as sentence 0; it is dropped so
    nothing but the article's own words is clustered.
    """
    sentences: dict[int, list[str]] = {}
    for token in ET.parse(path).getroot().iter("token"):
        sentences.setdefault(int(token.get("sentence")), []).append(token.text or "")
    keys = sorted(sentences)
    if path.name.endswith("ecbplus.xml") and keys and keys[0] == 0:
        keys = keys[1:]
    text = "\n".join(" ".join(sentences[k]) for k in keys)
    # Tokens come space-separated; glue punctuation back so it reads like an article.
    return re.sub(r" ([.,;:!?')])", r"\1", text)


def write_ecb_docs(data: Path, target: Path, names: list[str]) -> list[Path]:
    """Write the named ECB+ documents (e.g. ``"1/1_10ecb.xml"``) as ``.txt`` files."""
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        source = data / "ecbplus" / name
        out = target / (Path(name).stem + ".txt")
        out.write_text(ecb_text(source), encoding="utf-8")
        paths.append(out)
    return paths


def test_ecb_text_drops_the_source_url(shared_data: Path, tmp_path: Path) -> None:
    """The URL sentence of an ECB+ ``ecbplus`` document is not part of the article text."""
    (path,) = write_ecb_docs(shared_data, tmp_path, ["1/1_10ecbplus.xml"])
    text = path.read_text(encoding="utf-8")
    assert "http" not in text.split("\n", 1)[0]
    assert "Lohan" in text
