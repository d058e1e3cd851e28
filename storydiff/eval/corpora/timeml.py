"""TimeML ``.tml`` documents (TimeBank, AQUAINT, TempEval-3): text and TIMEX3 gold.

A document's text is the content of its ``<TEXT>`` element with every tag removed; each
TIMEX3 inside it becomes a :class:`GoldTimex` with character offsets into that text. The
document creation time is the TIMEX3 with ``functionInDocument="CREATION_TIME"`` (in
``<DCT>``); it is the anchor and is not itself scored (TempEval-3 excludes it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET

from storydiff.errors import DataMissing, UnsafeXML


@dataclass(slots=True)
class GoldTimex:
    """One annotated TIMEX3."""

    start: int
    end: int
    text: str
    tid: str
    type: str
    value: str
    mod: str | None = None


@dataclass(slots=True)
class TimeMLDocument:
    """One ``.tml`` file: its text, creation time and gold time expressions."""

    id: str
    path: Path
    text: str
    dct: str | None  # the DCT's TIMEX3 value, e.g. "1998-01-08"
    timexes: list[GoldTimex] = field(default_factory=list)
    # Spans not scored (MEANTIME's creation time is a span of its text; TimeML's is not).
    excluded: list[tuple[int, int]] = field(default_factory=list)

    @property
    def anchor(self) -> dt.date | dt.datetime | None:
        """The creation time as a date (or datetime when it has a time), else None."""
        if not self.dct:
            return None
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?", self.dct)
        if not m:
            us = re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", self.dct)  # one MEANTIME file: MM-DD-YYYY
            return dt.date(int(us.group(3)), int(us.group(1)), int(us.group(2))) if us else None
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m.group(4):
            return dt.datetime.combine(day, dt.time(int(m.group(4)), int(m.group(5))))
        return day


def read(path: Path) -> TimeMLDocument:
    """Read one ``.tml`` file.

    Args:
        path: the file.

    Returns:
        The document.

    Raises:
        DataMissing: the file has no ``<TEXT>`` element or is not well-formed XML.
        UnsafeXML: the file declares entities (refused, as every XML input is).
    """
    try:
        root = SafeET.parse(str(path)).getroot()
    except SafeET.ParseError as exc:
        raise DataMissing(f"{path}: not well-formed TimeML ({exc}); re-fetch the corpus") from exc
    except (SafeET.DTDForbidden, SafeET.EntitiesForbidden, SafeET.ExternalReferenceForbidden) as exc:
        raise UnsafeXML(str(path), "declares XML entities; refusing to read it") from exc
    body = root.find("TEXT")
    if body is None:
        raise DataMissing(f"{path}: no <TEXT> element; is this a TimeML .tml file?")
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = timex.get("value")
            break
    doc_id = (root.findtext("DOCID") or path.stem.removesuffix(".tml")).strip()
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    _walk(body, parts, timexes, inside=True)
    text = "".join(parts)
    return TimeMLDocument(doc_id, path, text, dct, timexes)


def _walk(node: Element, parts: list[str], timexes: list[GoldTimex], *, inside: bool) -> None:
    """Append node's text to parts, recording TIMEX3 offsets (the root's tail excluded)."""
    start = sum(len(p) for p in parts)
    if node.text:
        parts.append(node.text)
    for child in node:
        _walk(child, parts, timexes, inside=False)
        if child.tail:
            parts.append(child.tail)
    if node.tag == "TIMEX3" and not inside:
        end = sum(len(p) for p in parts)
        if node.get("functionInDocument") != "CREATION_TIME":
            text = "".join(parts)[start:end]
            timexes.append(
                GoldTimex(
                    start, end, text, node.get("tid", ""), node.get("type", ""),
                    node.get("value", ""), node.get("mod"),
                )
            )


def iter_documents(path: Path) -> Iterator[TimeMLDocument]:
    """Every ``.tml`` document under a folder (recursively), in path order.

    Args:
        path: a folder such as ``../shared/data/timeml/TBAQ-cleaned``, or one file.

    Yields:
        The documents.

    Raises:
        DataMissing: the path does not exist or holds no ``.tml`` file.
    """
    path = Path(path)
    if path.is_file():
        yield read(path)
        return
    if not path.is_dir():
        raise DataMissing(f"{path}: no such folder; pass the TimeML corpus folder (e.g. ../shared/data/timeml/TBAQ-cleaned)")
    files = sorted(path.rglob("*.tml"))
    if not files:
        raise DataMissing(f"{path}: holds no .tml files; pass a TimeML corpus folder")
    for file in files:
        yield read(file)
