"""MEANTIME English (NewsReader; Minard et al., LREC 2016): texts and entity mentions.

Reads the CAT XML files under ``intra-doc_annotation/corpus_*/``. Each file lists its
tokens (``<token t_id sentence>``), ``<ENTITY_MENTION>`` markables anchored on tokens with
a ``syntactic_type`` (NAM named, NOM nominal, PRO pronoun, or empty), ``<ENTITY>``
instances with an ``ent_type`` (PER, ORG, LOC, PRO products, FIN financial, MIX), and
``<REFERS_TO>`` links from mentions to instances, which give each mention its type.

The text is rebuilt from the tokens: one line per sentence, tokens joined by a space
except before closing punctuation and after opening brackets and currency signs, so
offsets of every token are known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from storydiff.errors import DataMissing

_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}”’]|'s|’s|n't|'re|'ve|'ll|'d|'m)$")
_NO_SPACE_AFTER = {"(", "[", "{", "$", "“", "‘", "£", "€"}


@dataclass(slots=True)
class GoldMention:
    """One gold entity mention: character span in the rebuilt text, type, syntactic type."""

    start: int
    end: int
    text: str
    type: str  # PER, ORG, LOC, PRO, FIN, MIX
    syntactic: str  # NAM, NOM, PRO, or ""


@dataclass(slots=True)
class MeantimeDoc:
    """One MEANTIME article: name, sub-corpus, rebuilt text and gold mentions."""

    name: str
    corpus: str
    text: str
    mentions: list[GoldMention] = field(default_factory=list)


def _rebuild(tokens: list[tuple[str, str, str]]) -> tuple[str, dict[str, tuple[int, int]]]:
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    length = 0
    previous_sentence = None
    previous_text = ""
    for t_id, sentence, text in tokens:
        if previous_sentence is not None:
            if sentence != previous_sentence:
                sep = "\n"
            elif _NO_SPACE_BEFORE.match(text) or previous_text in _NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            length += len(sep)
        offsets[t_id] = (length, length + len(text))
        parts.append(text)
        length += len(text)
        previous_sentence, previous_text = sentence, text
    return "".join(parts), offsets


def read_document(path: Path) -> MeantimeDoc:
    """Read one CAT XML file.

    Args:
        path: the file.

    Returns:
        The document with its rebuilt text and typed gold mentions.
    """
    root = ElementTree.parse(path).getroot()
    tokens = [(t.get("t_id"), t.get("sentence"), t.text or "") for t in root.iter("token")]
    text, offsets = _rebuild(tokens)
    markables = root.find("Markables")
    types: dict[str, str] = {}
    mentions: dict[str, tuple[list[str], str]] = {}
    if markables is not None:
        for element in markables:
            if element.tag == "ENTITY":
                types[element.get("m_id")] = element.get("ent_type", "")
            elif element.tag == "ENTITY_MENTION":
                anchors = [a.get("t_id") for a in element.findall("token_anchor")]
                mentions[element.get("m_id")] = (anchors, element.get("syntactic_type", ""))
    mention_type: dict[str, str] = {}
    relations = root.find("Relations")
    if relations is not None:
        for link in relations.iter("REFERS_TO"):
            target = link.find("target")
            for source in link.findall("source"):
                if target is not None and target.get("m_id") in types:
                    mention_type[source.get("m_id")] = types[target.get("m_id")]
    gold = []
    for m_id, (anchors, syntactic) in mentions.items():
        spans = [offsets[a] for a in anchors if a in offsets]
        if not spans or m_id not in mention_type:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        gold.append(GoldMention(start, end, text[start:end], mention_type[m_id], syntactic))
    gold.sort(key=lambda g: (g.start, g.end))
    return MeantimeDoc(path.stem, path.parent.name.replace("corpus_", ""), text, gold)


def load(path: Path, *, corpora: list[str] | None = None) -> list[MeantimeDoc]:
    """Every document of the MEANTIME English intra-document annotation.

    Args:
        path: the ``meantime`` folder (holding ``intra-doc_annotation/``), or that
            sub-folder itself.
        corpora: sub-corpora to keep (airbus, apple, gm, stock); all when None.

    Returns:
        The documents, sorted by sub-corpus and name.

    Raises:
        DataMissing: the folder holds no MEANTIME CAT files.
    """
    base = path / "intra-doc_annotation" if (path / "intra-doc_annotation").is_dir() else path
    files = sorted(base.glob("corpus_*/*.xml"))
    if corpora:
        files = [f for f in files if f.parent.name.replace("corpus_", "") in corpora]
    if not files:
        raise DataMissing(
            f"{path}: no MEANTIME files (expected intra-doc_annotation/corpus_*/*.xml); "
            "pass the meantime folder of the shared data"
        )
    return [read_document(f) for f in files]
