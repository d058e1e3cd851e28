"""``storydiff eval quotes``: direct quotes, their speakers, and indirect attributions on PolNeAR.

Gold (``corpora/polnear.py``): every annotated attribution's content span; content that
starts with a quotation mark is a direct quote, the rest indirect; its source span is the
speaker. Ours: ``storydiff.analyze.analyze(Article(text, id))`` -> ``article.quotes``
(``direct`` True/False) and ``article.attributions``.

- Direct quotes: our direct quotes against gold direct contents, one-to-one relaxed span
  overlap (``metrics.match_spans``), P/R/F1; strict (identical offsets) as well.
- Speaker accuracy: over matched gold direct quotes that have a gold source, the share
  whose speaker we got right. Right means our ``speaker`` span overlaps the gold source
  span, or our speaker and the gold source end in the same word, case-folded (the same
  name given at another mention: gold "Donald Trump" in one sentence, ours "Trump" in the
  next). A quote we found without a speaker counts as wrong. Gold pronoun sources
  ("he said") are only right when our span overlaps them: we do not resolve pronouns here.
- Indirect attributions: gold non-direct contents against our indirect quotes plus the
  scope of each of our attributions (the attribution's own span when it has no scope),
  relaxed overlap, P/R/F1.

Rows by outlet (the file-name prefix: breitbart, nyt, ...) show where quotes go wrong.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from storydiff.eval.analysis import analyze_articles
from storydiff.eval.corpora.polnear import QUOTE_MARKS, GoldAttribution, load_split
from storydiff.eval.metrics import PRF, match_spans, overlap, prf
from storydiff.eval.result import EvalResult
from storydiff.model import Article, Quote, Span


def speaker_correct(ours: Span | None, gold: Span) -> bool:
    """Our speaker is the gold source: overlapping spans or the same last word.

    Args:
        ours: our quote's speaker span (None when we found none).
        gold: the gold source span.

    Returns:
        Whether it counts as right (see the module docstring).
    """
    if ours is None:
        return False
    if overlap((ours.start, ours.end), (gold.start, gold.end)) > 0:
        return True
    ours_words, gold_words = ours.text.split(), gold.text.split()
    if not ours_words or not gold_words:
        return False
    last = ours_words[-1].strip(".,'’s").casefold()
    return len(last) > 2 and last == gold_words[-1].strip(".,'’s").casefold()


class Tally:
    """Running counts of matched, predicted and gold spans, and judged speakers."""

    def __init__(self) -> None:
        self.counts: dict[str, float] = defaultdict(float)

    def add(self, **values: float) -> None:
        for key, value in values.items():
            self.counts[key] += value

    def prf(self, prefix: str) -> PRF:
        """Scores of one kind of span: ``direct``, ``strict`` or ``indirect``."""
        c = self.counts
        return prf(c[f"{prefix}_match"], c[f"{prefix}_pred"], c[f"{prefix}_match"], c[f"{prefix}_gold"])


def score_article(article: Article, gold: list[GoldAttribution], tally: Tally) -> None:
    """Add one analysed article's quotes and attributions, against its gold, to ``tally``.

    Args:
        article: the analysed article (``quotes`` and ``attributions`` set).
        gold: its gold attributions.
        tally: the counts to add to.
    """
    gold_direct = [g for g in gold if g.direct]
    gold_indirect = [g for g in gold if not g.direct]
    ours_direct: list[Quote] = [q for q in article.quotes if q.direct]
    gold_spans = [(g.content.start, g.content.end) for g in gold_direct]
    our_spans = [(q.start, q.end) for q in ours_direct]
    pairs = match_spans(gold_spans, our_spans)
    strict = match_spans(gold_spans, our_spans, strict=True)
    tally.add(
        direct_match=len(pairs),
        direct_pred=len(our_spans),
        direct_gold=len(gold_spans),
        strict_match=len(strict),
        strict_pred=len(our_spans),
        strict_gold=len(gold_spans),
    )
    # Unmatched direct quotes of ours that fall in a gold *mixed* quote (content that does
    # not start with a quotation mark but holds one: 'said the stage was "the winner"'):
    # counted as false positives by the corpus convention, reported apart for diagnosis.
    matched_ours = {pi for _, pi in pairs}
    mixed = [
        (g.content.start, g.content.end)
        for g in gold_indirect
        if any(mark in g.content.text for mark in QUOTE_MARKS)
    ]
    tally.add(
        direct_in_mixed=sum(
            1
            for pi, q in enumerate(ours_direct)
            if pi not in matched_ours and any(overlap((q.start, q.end), m) > 0 for m in mixed)
        )
    )
    for gi, pi in pairs:
        source = gold_direct[gi].source
        if source is None:
            continue
        tally.add(speaker_total=1, speaker_right=speaker_correct(ours_direct[pi].speaker, source))

    predicted = [(q.start, q.end) for q in article.quotes if not q.direct]
    for attribution in article.attributions:
        scope = attribution.scope or attribution
        predicted.append((scope.start, scope.end))
    gold_spans = [(g.content.start, g.content.end) for g in gold_indirect]
    matched = len(match_spans(gold_spans, predicted))
    tally.add(indirect_match=matched, indirect_pred=len(predicted), indirect_gold=len(gold_spans))


def run(path: Path, *, topics: str | None = None, progress: bool = True) -> EvalResult:
    """Score quotes and attributions on a PolNeAR split folder.

    Args:
        path: a split folder with ``text/`` and ``attributions/`` (e.g. polnear/dev).
        topics: unused (ECB+ only).
        progress: progress bar over texts on stderr.

    Returns:
        Rows for direct quotes (relaxed and strict), indirect attributions and direct
        quotes by outlet; headline ``quote_f1`` and ``speaker_accuracy``.

    Raises:
        DataMissing: the folder is not a PolNeAR split.
    """
    texts = load_split(path)
    articles = [Article(text=t.text, id=t.name, source=str(t.annotation)) for t in texts]
    articles = analyze_articles(articles, task="quotes", progress=progress)

    total = Tally()
    by_outlet: dict[str, Tally] = defaultdict(Tally)
    for text, article in zip(texts, articles):
        score_article(article, text.attributions, total)
        score_article(article, text.attributions, by_outlet[text.name.split("_", 1)[0]])

    header = ["what", "gold", "ours", "precision", "recall", "f1", "speaker acc"]

    def row(name: str, tally: Tally, prefix: str, speakers: bool) -> list:
        s = tally.prf(prefix)
        c = tally.counts
        accuracy = c["speaker_right"] / c["speaker_total"] if c["speaker_total"] else 0.0
        return [
            name,
            int(c[f"{prefix}_gold"]),
            int(c[f"{prefix}_pred"]),
            s.precision,
            s.recall,
            s.f1,
            accuracy if speakers else "",
        ]

    c = total.counts
    rows = [
        header,
        row("direct quotes (relaxed)", total, "direct", True),
        row("direct quotes (strict)", total, "strict", False),
        row("indirect attributions (relaxed)", total, "indirect", False),
    ]
    rows.append(
        ["  ours unmatched, inside a gold mixed quote", "", int(c["direct_in_mixed"]), "", "", "", ""]
    )
    for outlet in sorted(by_outlet):
        rows.append(row(f"  direct, {outlet}", by_outlet[outlet], "direct", True))
    speaker_accuracy = c["speaker_right"] / c["speaker_total"] if c["speaker_total"] else 0.0
    direct = total.prf("direct")
    indirect = total.prf("indirect")
    return EvalResult(
        task="quotes",
        dataset=str(path),
        rows=rows,
        headline={
            "quote_f1": direct.f1,
            "speaker_accuracy": speaker_accuracy,
            "attribution_f1": indirect.f1,
        },
        details={
            "direct": direct.as_dict(),
            "strict": total.prf("strict").as_dict(),
            "indirect": indirect.as_dict(),
            "speaker_judged": int(c["speaker_total"]),
        },
        documents=len(texts),
    )
