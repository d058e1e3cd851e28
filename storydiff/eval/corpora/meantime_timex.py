"""MEANTIME English TIMEX3 annotations as :class:`~.timeml.TimeMLDocument` s.

MEANTIME (Minard et al., LREC 2016) annotates 120 Wikinews articles in CAT XML: tokens,
and ``<TIMEX3>`` markables anchored on tokens with ``type`` and ``value``. The creation
time is a TIMEX3 with ``functionInDocument="CREATION_TIME"`` over the dateline tokens; it
is the anchor and its span is excluded from scoring. TIMEX3 markables without tokens
(values the annotators inferred, e.g. an end point) are not expressions of the text and
are skipped. MEANTIME annotates only the title and the first sentences of each article
(sentences 0-5); the rest of the text is excluded from scoring, as the corpus paper
scores systems. The text is rebuilt from the tokens as the entity loader does
(``meantime._rebuild``), so offsets agree between the two tasks.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from storydiff.errors import DataMissing
from storydiff.eval.corpora.meantime import _rebuild
from storydiff.eval.corpora.timeml import GoldTimex, TimeMLDocument


def read(path: Path) -> TimeMLDocument:
    """Read one MEANTIME CAT file's text and TIMEX3 gold.

    Args:
        path: the ``.xml`` file.

    Returns:
        The document (``dct`` from the creation-time TIMEX3; its span in ``excluded``).

    Raises:
        DataMissing: the file is not well-formed XML.
    """
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise DataMissing(f"{path}: not well-formed CAT XML ({exc}); re-fetch the corpus") from exc
    tokens = [(t.get("t_id"), t.get("sentence"), t.text or "") for t in root.iter("token")]
    text, offsets = _rebuild(tokens)
    dct: str | None = None
    excluded: list[tuple[int, int]] = []
    gold: list[GoldTimex] = []
    for timex in root.iter("TIMEX3"):
        spans = [offsets[a.get("t_id")] for a in timex.findall("token_anchor") if a.get("t_id") in offsets]
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = timex.get("value")
            if spans:
                excluded.append((min(s for s, _ in spans), max(e for _, e in spans)))
            continue
        if not spans:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        gold.append(GoldTimex(start, end, text[start:end], timex.get("m_id", ""), timex.get("type", ""),
                              timex.get("value", ""), timex.get("mod") or None))
    gold.sort(key=lambda g: (g.start, g.end))
    # The annotated region: up to the last sentence that holds any markable.
    sentence_of = {t.get("t_id"): int(t.get("sentence") or 0) for t in root.iter("token")}
    anchored = [sentence_of[a.get("t_id")] for a in root.iter("token_anchor") if a.get("t_id") in sentence_of]
    if anchored:
        last = max(anchored)
        tail = [offsets[t_id] for t_id, sentence in sentence_of.items()
                if sentence > last and t_id in offsets]
        if tail:
            excluded.append((min(s for s, _ in tail), len(text)))
    return TimeMLDocument(path.stem, path, text, dct, gold, excluded)


def iter_documents(path: Path) -> list[TimeMLDocument]:
    """Every MEANTIME document under ``path`` (the ``meantime`` folder or its
    ``intra-doc_annotation`` sub-folder), sorted by sub-corpus and name.

    Args:
        path: the folder.

    Returns:
        The documents.

    Raises:
        DataMissing: no MEANTIME CAT files there.
    """
    path = Path(path)
    base = path / "intra-doc_annotation" if (path / "intra-doc_annotation").is_dir() else path
    files = sorted(base.glob("corpus_*/*.xml"))
    if not files:
        raise DataMissing(f"{path}: no MEANTIME files (expected intra-doc_annotation/corpus_*/*.xml)")
    return [read(f) for f in files]
