"""PolNeAR (Newell, Margolin & Ruths, LREC 2018): attribution in political news, brat standoff.

Layout of a split folder (``polnear/train``, ``polnear/dev``): ``text/<name>.txt`` and
``attributions/<name>_<annotator>.ann``. In an ``.ann`` file, ``T`` lines are spans
(``T3<TAB>Content 120 211<TAB>text``; discontinuous spans list ``start end;start end``)
and ``E`` lines tie an attribution together:
``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``. An attribution may lack a source
(``Attribution-no-source``). Content whose first character is a quotation mark is a
direct quote (the corpus guidelines' convention). A content span can also run across a
newline, so its text continues on the next line of the file; only lines that start with
an id are read.

Some texts were annotated by several annotators (the annotator-training part); we read
the alphabetically first annotation file of each text, so every text counts once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storydiff.errors import DataMissing

QUOTE_MARKS = "\"“”«»„‘’'`"

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_ANNOTATOR = re.compile(r"_[0-9a-f]{4}$")


@dataclass(slots=True)
class BratSpan:
    """A span of the text (discontinuous spans are covered from first start to last end)."""

    start: int
    end: int
    text: str
    fragments: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class GoldAttribution:
    """One annotated attribution: content, source (speaker), cue."""

    id: str
    content: BratSpan
    source: BratSpan | None = None
    cue: BratSpan | None = None

    @property
    def direct(self) -> bool:
        """A direct quote: the content starts with a quotation mark."""
        return self.content.text.lstrip()[:1] in QUOTE_MARKS if self.content.text else False


@dataclass(slots=True)
class PolnearText:
    """One article of a split, with its gold attributions."""

    name: str
    text: str
    attributions: list[GoldAttribution]
    annotation: Path


def parse_ann(ann: str, text: str) -> list[GoldAttribution]:
    """Parse a brat ``.ann`` file's attributions against the article text.

    Span texts are taken from ``text`` by offset, so they are exact slices.

    Args:
        ann: the ``.ann`` file's content.
        text: the article text the offsets point into.

    Returns:
        The attributions that have a content span, in the order of the file.
    """
    spans: dict[str, BratSpan] = {}
    events: list[tuple[str, dict[str, str]]] = []
    for line in ann.splitlines():
        if match := _T_LINE.match(line):
            fragments = [
                (int(a), int(b))
                for a, b in (part.split() for part in match[3].split(";"))
            ]
            start, end = fragments[0][0], fragments[-1][1]
            if end <= start or end > len(text):
                continue  # a malformed span (one dev file has "209 186"): its attribution is skipped
            spans[match[1]] = BratSpan(start, end, text[start:end], fragments)
        elif match := _E_LINE.match(line):
            roles: dict[str, str] = {}
            for part in match[2].split():
                if ":" in part:
                    role, ref = part.split(":", 1)
                    roles[role.rstrip("0123456789")] = ref
            events.append((match[1], roles))
    attributions = []
    for event_id, roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        attributions.append(
            GoldAttribution(
                event_id,
                content,
                spans.get(roles.get("Source", "")),
                spans.get(roles.get("Cue", "")),
            )
        )
    return attributions


def load_split(root: Path) -> list[PolnearText]:
    """Every text of a PolNeAR split folder with its first annotator's attributions.

    Args:
        root: a split folder holding ``text/`` and ``attributions/``.

    Returns:
        The texts that have an annotation file, sorted by name.

    Raises:
        DataMissing: ``text/`` or ``attributions/`` is missing or holds nothing usable.
    """
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise DataMissing(
            f"{root}: not a PolNeAR split folder; it must hold text/ and attributions/ "
            "(e.g. ../shared/data/polnear/dev)"
        )
    annotations: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        annotations.setdefault(_ANNOTATOR.sub("", ann.stem), ann)
    texts = []
    for name, ann in sorted(annotations.items()):
        path = text_dir / f"{name}.txt"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        attributions = parse_ann(ann.read_text(encoding="utf-8"), text)
        texts.append(PolnearText(name, text, attributions, ann))
    if not texts:
        raise DataMissing(f"{root}: no text in text/ has an annotation in attributions/")
    return texts


def iter_split(root: Path) -> Iterator[PolnearText]:
    """``load_split`` as an iterator (same errors)."""
    yield from load_split(root)
