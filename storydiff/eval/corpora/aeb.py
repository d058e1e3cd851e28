"""The article extraction benchmark (scrapinghub/article-extraction-benchmark, MIT).

Layout: ``aeb/html/<sha256>.html.gz`` (the page as fetched) and ``aeb/ground-truth.json``
(``{sha256: {"articleBody": ..., "url": ...}}``, the gold main text of each page).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storydiff.errors import DataMissing


@dataclass(slots=True)
class AebPage:
    """One benchmark page: its raw HTML and its gold article body."""

    key: str  # the sha256 the files are named by
    path: Path
    body: str
    url: str | None = None

    def html(self) -> bytes:
        """The page's HTML bytes, un-gzipped.

        Raises:
            DataMissing: the file is missing or not gzip.
        """
        try:
            return gzip.decompress(self.path.read_bytes())
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            raise DataMissing(f"{self.path}: cannot read the gzipped page ({error})") from None


def load_pages(root: Path) -> list[AebPage]:
    """Every page listed in ``ground-truth.json`` whose HTML file is present, sorted by key.

    Args:
        root: the ``aeb`` folder.

    Returns:
        The pages.

    Raises:
        DataMissing: the folder, the ground truth or every HTML file is missing.
    """
    truth_path = root / "ground-truth.json"
    if not truth_path.is_file():
        raise DataMissing(
            f"{truth_path}: not found; DATA_PATH must be the article-extraction-benchmark "
            "folder holding ground-truth.json and html/"
        )
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataMissing(f"{truth_path}: not valid JSON ({error})") from None
    pages = []
    for key in sorted(truth):
        path = root / "html" / f"{key}.html.gz"
        if path.is_file():
            entry = truth[key] or {}
            pages.append(AebPage(key, path, entry.get("articleBody") or "", entry.get("url")))
    if not pages:
        raise DataMissing(f"{root / 'html'}: none of the pages in ground-truth.json is there")
    return pages


def iter_pages(root: Path) -> Iterator[AebPage]:
    """``load_pages`` as an iterator (same errors)."""
    yield from load_pages(root)
