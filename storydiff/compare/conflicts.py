"""Typed values of aligned sentences: conflicts, and times the voices agree on.

Clock times in UTC, quantities and identifiers of two aligned sentences are compared
with :mod:`storydiff.compare.values`. A conflict's summary states both values,
normalised ("Meeting (commence): 19:30 UTC (a1: 10:30 p.m. Moscow time) vs 19:00 UTC
(a2: 2200 Moscow time)"). Precision before recall: every guard below was added after a
false conflict read on ECB+ (docs/quality.md, "Compare"), and similarity alone never
makes a conflict.
"""

from __future__ import annotations

import re
from collections import defaultdict

from storydiff.compare.align import Alignment, Unit, content_words
from storydiff.compare.draft import Draft, evidence_of
from storydiff.compare.values import (
    compare_identifiers,
    compare_quantities,
    compare_times,
    format_instant,
    format_quantity,
    is_clock_time,
)
from storydiff.model import Entity, Timex

# Cosine similarity two sentences need before their numbers or codes may conflict (their
# times need only an alignment: a clock time is rarely given for two events in one
# story's aligned sentences). Higher than align.SIMILARITY because "three planes" and
# "40 protesters" in loosely related sentences are two facts. Set on the example event
# and the ECB+ conflict review (docs/quality.md); re-run both after changing it.
VALUE_CONFLICT_SIMILARITY = 0.70

def _clock_value(unit: Unit) -> Timex | None:
    """The one clock time a sentence gives (several in agreement count as one)."""
    clocks = [t for t in unit.timexes if is_clock_time(t)]
    if not clocks:
        return None
    if all(compare_times(clocks[0], t) == "same" for t in clocks[1:]):
        return clocks[0]
    return None  # two moments in one sentence: which one is the fact's is unknown


def _placeable(unit: Unit) -> bool:
    """Whether the article's clock times can be placed in a day: it has a publication
    date. Without one, "7:42 left in the first half" (ECB+ 31_ecb, a game clock) and
    dateline times were placed on the day of the run, in guessed zones: 20 of 21 time
    conflicts on ECB+ topics 13-35 came from such articles."""
    return unit.article.published is not None


def _clean_quantity(unit: Unit, q) -> bool:
    """Whether a quantity's text holds one number the analysis could read whole.

    "Sixty-five per cent" read as 5% (the quantity starts after a hyphen), "2, 117
    points" read as 2 (two digit groups), "2, 029 points" read as 29 (starts after a
    digit and comma): ECB+ 30_ecb and 31_ecbplus, all false number conflicts.
    """
    before = unit.article.text[max(0, q.start - 3) : q.start]
    if before.endswith("-") or re.search(r"\d,\s?$", before):
        return False
    groups = re.findall(r"\d+(?:[.,]\d+)*", q.text)
    return len(groups) <= 1 or q.low != q.high


def _predicate_near(unit: Unit, timex: Timex) -> str | None:
    """The predicate of the claim that holds the timex (or is nearest to it)."""
    best, distance = None, None
    for claim in unit.article.claims:
        if not claim.predicate or not (unit.start <= claim.start < unit.end or claim.start <= unit.start < claim.end):
            continue
        if any(arg.kind == "timex" and arg.start <= timex.start < arg.end + 1 for arg in claim.arguments):
            return claim.predicate
        if claim.predicate_span is not None:
            gap = abs(claim.predicate_span.start - timex.start)
            if distance is None or gap < distance:
                best, distance = claim.predicate, gap
    return best


def _topic(a: Unit, b: Unit, ta: Timex | None = None, tb: Timex | None = None) -> str:
    """A few words naming what two aligned sentences share: "Meeting (commence)"."""
    words_b = content_words(b.text)
    nouns = []
    for word in a.text.split():
        stem = word.lower().strip(".,;:!?\"'()\u201c\u201d\u2019")
        if len(stem) > 2 and stem[:6] in words_b and word[:1].islower() and not stem[:1].isdigit():
            nouns.append(stem)
    predicate = None
    if ta is not None and tb is not None:
        pa, pb = _predicate_near(a, ta), _predicate_near(b, tb)
        predicate = pa if pa and (pa == pb or not pb) else pa or pb
    nouns = [n for n in nouns if not predicate or n[:5] != predicate[:5]]
    label = nouns[0] if nouns else "the same fact"
    label = label[:1].upper() + label[1:]
    return f"{label} ({predicate})" if predicate else label


def value_findings(
    units: list[Unit], alignments: list[Alignment], conflicted: set[int], entities: list[Entity]
) -> list[Draft]:
    """Conflicts and agreements on times, numbers and codes of aligned sentences.

    Args:
        units: the story's sentence units.
        alignments: aligned pairs, best first.
        conflicted: filled with the indices of units shown in a conflict.
        entities: the resolved entities (claim subjects are compared by entity).

    Returns:
        Drafts of ``conflict`` and ``corroborated`` findings.
    """
    entity_at = {(m.article, m.start): e.id for e in entities for m in e.mentions}
    drafts: list[Draft] = []
    seen_times: dict[tuple, Draft] = {}
    for al in alignments:
        a, b = units[al.a], units[al.b]
        ta, tb = _clock_value(a), _clock_value(b)
        if ta is not None and tb is not None and _placeable(a) and _placeable(b):
            verdict = compare_times(ta, tb)
            pa, pb = _predicate_near(a, ta), _predicate_near(b, tb)
            if verdict == "conflict" and pa and pb and pa != pb:
                # "released by 6 a.m." vs "arrested at 2.30am" (ECB+ 35_ecb): two events.
                verdict = "incomparable"
            if verdict in ("conflict", "same"):
                key = (verdict, a.article.id, b.article.id, ta.value, tb.value) if verdict == "conflict" else (
                    verdict, ta.value)
                if key in seen_times:
                    draft = seen_times[key]
                    for unit, t in ((a, ta), (b, tb)):
                        if not any(e.article == unit.article.id and e.start == unit.start for e in draft.evidence):
                            draft.evidence.append(evidence_of(unit, t.value))
                    continue
                topic = _topic(a, b, ta, tb)
                if verdict == "conflict":
                    dated = (ta.value or "")[:10] != (tb.value or "")[:10]
                    summary = (
                        f"{topic}: {format_instant(ta.value, with_date=dated)} ({a.article.id}: {ta.text}) vs "
                        f"{format_instant(tb.value, with_date=dated)} ({b.article.id}: {tb.text})"
                    )
                    draft = Draft("conflict", "time", summary, [evidence_of(a, ta.value), evidence_of(b, tb.value)])
                    conflicted.update((al.a, al.b))
                else:
                    summary = f"{topic}: {format_instant(ta.value)} ({a.article.id}: {ta.text}; {b.article.id}: {tb.text})"
                    draft = Draft("corroborated", "time", summary, [evidence_of(a, ta.value), evidence_of(b, tb.value)])
                seen_times[key] = draft
                drafts.append(draft)
        if al.similarity < VALUE_CONFLICT_SIMILARITY:
            continue
        drafts += _number_conflicts(a, b, al, conflicted, entity_at)
        drafts += _identifier_conflicts(a, b, al, conflicted, entity_at)
    return drafts


def _counted_word(unit: Unit, end: int) -> str:
    """The word after a quantity ("three planes" -> "planes"), stemmed."""
    rest = unit.article.text[end : end + 40].split()
    return rest[0].lower().strip(".,;:")[:5] if rest else ""


def _frame(unit: Unit, span_start: int, entity_at: dict[tuple[str, int], str]) -> tuple[str, str, str] | None:
    """(predicate, subject entity, modality) of the claim that holds the value at ``span_start``.

    A number or code is one fact's value only when the analysis ties it to a claim with a
    resolved subject: "Klitschko landed 178 punches" and "Klitschko landed 68 punches
    during the round" share one, and still differ (a round vs the fight), so the frame
    is required, never sufficient; see VALUE_CONFLICT_SIMILARITY and the other guards.
    """
    for claim in unit.article.claims:
        if not (unit.start <= claim.start < unit.end or claim.start <= unit.start < claim.end):
            continue
        if not any(arg.start <= span_start < arg.end and arg.kind in ("quantity", "identifier") for arg in claim.arguments):
            continue
        subjects = [entity_at.get((unit.article.id, arg.start)) for arg in claim.arguments if arg.slot == "subject"]
        subjects = [s for s in subjects if s]
        if claim.predicate and subjects and not claim.negated:
            return (claim.predicate, subjects[0], claim.modality)
    return None


def _numbers_in(text: str) -> set[float]:
    found = set()
    for token in re.findall(r"\d[\d,]*(?:\.\d+)?", text):
        try:
            found.add(float(token.replace(",", "")))
        except ValueError:
            continue
    return found


def _dates_disagree(a: Unit, b: Unit) -> bool:
    """Both sentences date what they say, and no date of one matches one of the other."""
    da = [t for t in a.timexes if t.type == "DATE" and t.value]
    db = [t for t in b.timexes if t.type == "DATE" and t.value]
    if not da or not db:
        return False
    return not any(compare_times(x, y) in ("same", "compatible") for x in da for y in db)


def _number_conflicts(
    a: Unit, b: Unit, al: Alignment, conflicted: set[int], entity_at: dict[tuple[str, int], str]
) -> list[Draft]:
    """Numbers of one fact that cannot both be true.

    Guards, each from a false conflict read on ECB+ (docs/quality.md, "Compare"):
    the two sentences are close (VALUE_CONFLICT_SIMILARITY); each gives one number of
    that unit; both numbers belong to claims with the same predicate, subject and
    modality; neither sentence also contains the other's number ("88-72 loss" read as 72
    in one and 88 in the other); the sentences' dates do not disagree ("last season's
    18-30 record" vs "a 162-139 record in three seasons").
    """
    if _dates_disagree(a, b):
        return []
    out = []
    by_unit_a = defaultdict(list)
    by_unit_b = defaultdict(list)
    for q in a.quantities:
        by_unit_a[q.unit or f"count:{_counted_word(a, q.end)}"].append(q)
    for q in b.quantities:
        by_unit_b[q.unit or f"count:{_counted_word(b, q.end)}"].append(q)
    numbers_a, numbers_b = _numbers_in(a.text), _numbers_in(b.text)
    for unit_name in by_unit_a.keys() & by_unit_b.keys():
        qa, qb = by_unit_a[unit_name], by_unit_b[unit_name]
        if len(qa) != 1 or len(qb) != 1 or unit_name == "count:":
            continue
        qa, qb = qa[0], qb[0]
        if compare_quantities(qa, qb) != "conflict" or not (_clean_quantity(a, qa) and _clean_quantity(b, qb)):
            continue
        if (qa.value in numbers_b) or (qb.value in numbers_a):
            continue
        frame_a, frame_b = _frame(a, qa.start, entity_at), _frame(b, qb.start, entity_at)
        if frame_a is None or frame_a != frame_b:
            continue
        summary = (
            f"Number ({unit_name.replace('count:', '')}): {format_quantity(qa)} ({a.article.id}: {qa.text}) vs "
            f"{format_quantity(qb)} ({b.article.id}: {qb.text})"
        )
        out.append(Draft("conflict", "number", summary,
                          [evidence_of(a, format_quantity(qa)), evidence_of(b, format_quantity(qb))]))
        conflicted.update((al.a, al.b))
    return out


def _identifier_conflicts(
    a: Unit, b: Unit, al: Alignment, conflicted: set[int], entity_at: dict[tuple[str, int], str]
) -> list[Draft]:
    """Two codes of one kind for one thing, under the same guards as numbers."""
    if _dates_disagree(a, b):
        return []
    out = []
    kinds = {i.kind for i in a.identifiers} & {i.kind for i in b.identifiers}
    for kind in kinds:
        ia = [i for i in a.identifiers if i.kind == kind]
        ib = [i for i in b.identifiers if i.kind == kind]
        if len(ia) == 1 and len(ib) == 1 and compare_identifiers(ia[0], ib[0]) == "conflict":
            frame_a, frame_b = _frame(a, ia[0].start, entity_at), _frame(b, ib[0].start, entity_at)
            if frame_a is None or frame_a != frame_b:
                continue
            na, nb = ia[0].normalized or ia[0].text, ib[0].normalized or ib[0].text
            summary = f"{kind.replace('_', ' ').capitalize()}: {na} ({a.article.id}) vs {nb} ({b.article.id})"
            out.append(Draft("conflict", "identifier", summary, [evidence_of(a, na), evidence_of(b, nb)]))
            conflicted.update((al.a, al.b))
    return out
