"""The ``timex`` evaluation: TIMEX3 recognition and normalisation, TempEval-3 definitions.

For each TimeML document the text inside ``<TEXT>`` is given to
:func:`storydiff.analyze.timex.find_timexes` with the document creation time as anchor
(no location, no spaCy doc). Predictions are matched one-to-one to gold spans
(``metrics.match_spans``) and scored as TempEval-3 does (UzZaman et al. 2013):

- strict extent P/R/F1: identical offsets; relaxed extent P/R/F1: any overlap;
- type accuracy: share of relaxed matches whose TIMEX3 type agrees;
- value P/R/F1: a relaxed match whose value agrees counts as correct; precision divides by
  the predicted expressions, recall by the gold ones (TempEval-3's attribute F1).

The creation-time TIMEX3 itself is not scored.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from tqdm import tqdm

from storydiff.analyze.timex import find_timexes
from storydiff.eval.corpora import meantime_timex
from storydiff.eval.corpora.timeml import TimeMLDocument, iter_documents
from storydiff.eval.metrics import match_spans, prf
from storydiff.eval.result import EvalResult

TYPES = ("DATE", "TIME", "DURATION", "SET")


def _documents(path: Path, topics: list[str] | None) -> list[TimeMLDocument]:
    if path.is_dir() and not any(path.rglob("*.tml")) and (
        (path / "intra-doc_annotation").is_dir() or any(path.glob("corpus_*"))
    ):
        docs = meantime_timex.iter_documents(path)
    else:
        docs = list(iter_documents(path))
    if topics:
        wanted = set(topics)
        docs = [d for d in docs if d.id in wanted or d.path.parent.name in wanted]
    return docs


def run(path: Path, *, topics: list[str] | None = None, progress: bool = True) -> EvalResult:
    """Score the time-expression stage on a TimeML corpus.

    Args:
        path: a folder of ``.tml`` files (searched recursively), e.g.
            ``../shared/data/timeml/TBAQ-cleaned``, or one file; or the MEANTIME folder
            (``../shared/data/meantime``), whose TIMEX3 are read from its CAT files.
        topics: restrict to these document ids or sub-folder names ("TimeBank",
            "AQUAINT"); None for all.
        progress: show a tqdm bar on stderr (only on a terminal).

    Returns:
        The table (overall and one row per gold type) and the headline
        ``value_f1``, ``extent_f1`` (relaxed), ``strict_f1``, ``type_acc``.

    Raises:
        DataMissing: the folder is absent or holds no ``.tml`` files.
    """
    docs = _documents(Path(path), topics)
    # Per type: gold count, predicted count, relaxed matches (gold side / predicted side),
    # strict matches, type-correct and value-correct matches.
    count: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors: list[tuple[str, str, str, str, str]] = []
    bar = tqdm(docs, desc="timex", unit="doc", disable=not (progress and sys.stderr.isatty()))
    for doc in bar:
        predicted, _notes = find_timexes(doc.text, anchor=doc.anchor)
        predicted = [p for p in predicted if not any(p.start < e and s < p.end for s, e in doc.excluded)]
        gold = doc.timexes
        gspans = [(g.start, g.end) for g in gold]
        pspans = [(p.start, p.end) for p in predicted]
        relaxed = match_spans(gspans, pspans)
        strict = set(match_spans(gspans, pspans, strict=True))
        for g in gold:
            for key in ("ALL", g.type):
                count[key]["gold"] += 1
        for p in predicted:
            for key in ("ALL", p.type):
                count[key]["pred"] += 1
        matched_pred = set()
        for gi, pi in relaxed:
            g, p = gold[gi], predicted[pi]
            matched_pred.add(pi)
            for key in ("ALL", g.type):
                count[key]["relaxed"] += 1
                count[key]["type_ok"] += int(g.type == p.type)
                count[key]["value_ok"] += int(g.value == p.timeml)
            for key in ("ALL", p.type):
                count[key]["relaxed_pred"] += 1
                count[key]["value_ok_pred"] += int(g.value == p.timeml)
            if g.value != p.timeml:
                errors.append((doc.id, g.text, g.value, p.text, p.timeml or ""))
        for gi, pi in strict:
            for key in ("ALL", gold[gi].type):
                count[key]["strict"] += 1
            for key in ("ALL", predicted[pi].type):
                count[key]["strict_pred"] += 1
        for pi, p in enumerate(predicted):
            if pi not in matched_pred:
                errors.append((doc.id, "", "", p.text, p.timeml or ""))
        for gi, g in enumerate(gold):
            if gi not in {a for a, _ in relaxed}:
                errors.append((doc.id, g.text, g.value, "", ""))
    rows: list[list] = [["type", "gold", "pred", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1",
                         "type_acc", "value_p", "value_r", "value_f1"]]
    headline: dict[str, float] = {}
    for key in ("ALL", *TYPES):
        c = count[key]
        if not c["gold"] and not c["pred"]:
            continue
        strict = prf(c["strict_pred"], c["pred"], c["strict"], c["gold"])
        relaxed = prf(c["relaxed_pred"], c["pred"], c["relaxed"], c["gold"])
        value = prf(c["value_ok_pred"], c["pred"], c["value_ok"], c["gold"])
        type_acc = c["type_ok"] / c["relaxed"] if c["relaxed"] else 0.0
        rows.append([key.lower() if key == "ALL" else key, c["gold"], c["pred"], round(strict.f1, 3),
                     round(relaxed.precision, 3), round(relaxed.recall, 3), round(relaxed.f1, 3),
                     round(type_acc, 3), round(value.precision, 3), round(value.recall, 3), round(value.f1, 3)])
        if key == "ALL":
            headline = {"value_f1": round(value.f1, 4), "extent_f1": round(relaxed.f1, 4),
                        "strict_f1": round(strict.f1, 4), "type_acc": round(type_acc, 4)}
    return EvalResult(
        task="timex",
        dataset=str(path),
        rows=rows,
        headline=headline,
        details={"errors": errors},
        documents=len(docs),
    )


def main(argv: list[str] | None = None) -> int:
    """Print the table and the headline line (``python -m storydiff.eval.timex PATH``)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "../shared/data/timeml/TBAQ-cleaned")
    result = run(path)
    widths = [max(len(str(r[i])) for r in result.rows) for i in range(len(result.rows[0]))]
    for r in result.rows:
        print("  ".join(str(v).rjust(w) for v, w in zip(r, widths)))
    print(" ".join(f"{k}={v}" for k, v in result.headline.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
