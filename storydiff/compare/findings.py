"""Findings: what the voices of a story agree on, what one alone reports, where they conflict.

From aligned units (:mod:`storydiff.compare.align`) and resolved entities:

1. **values** of aligned sentences, typed (:mod:`storydiff.compare.values`): clock times
   in UTC, quantities, identifiers. Incompatible values of one fact are a ``conflict``
   whose summary states both values normalised; equal ones corroborate it.
2. **sentences**: a sentence aligned with sentences of other voices is ``corroborated``,
   or ``complementary`` when one side adds names, numbers or codes the other lacks; a
   sentence no other voice states is ``single_source``.
3. **people and facilities**: each person or facility, who names them (per-entity coverage, also in
   ``Report.extra["coverage"]``) and the roles each article gives them (aide vs advisor
   agree; roles never conflict).
4. **quotes**: each quote with its speaker, corroborated when another voice quotes the
   same words.

Precision before recall: a conflict needs two exact values of one kind, one per
sentence, in two sentences aligned on meaning and on shared specific words. Similarity
alone never makes a conflict.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from storydiff.compare.align import Alignment, Unit, content_words
from storydiff.compare.resolve import PRONOUNS
from storydiff.compare.values import (
    compare_identifiers,
    compare_places,
    compare_quantities,
    compare_roles,
    compare_times,
    format_instant,
    format_quantity,
    is_clock_time,
)
from storydiff.model import Article, Entity, Evidence, Finding, Timex

# Cosine similarity two sentences need before their numbers or codes may conflict (their
# times need only an alignment: a clock time is rarely given for two events in one
# story's aligned sentences). Higher than align.SIMILARITY because "three planes" and
# "40 protesters" in loosely related sentences are two facts. Set on the example event
# and the ECB+ conflict review (docs/quality.md); re-run both after changing it.
VALUE_CONFLICT_SIMILARITY = 0.70
# Fuzzy ratio (rapidfuzz, 0-100) above which two quotes are the same words. Measured on
# the example: the only shared quote fragments score 100; paraphrases stay under 70.
QUOTE_MATCH = 85
# A third voice's sentence joins a pair already aligned only above this similarity, so
# a group does not chain through loosely related sentences (the pair itself passed
# align's tests). Set between the example's true pairs (0.61-0.88) and its loose ones.
GROUP_SIMILARITY = 0.60


@dataclass
class _Draft:
    status: str
    kind: str
    summary: str
    evidence: list[Evidence] = field(default_factory=list)
    subject: str | None = None


def _evidence(unit: Unit, value: str | None = None) -> Evidence:
    return Evidence(unit.article.id, unit.start, unit.end, unit.text, value)


def _voices(drafts_evidence: list[Evidence], voice_of: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(voice_of[e.article] for e in drafts_evidence))


def make_findings(
    articles: list[Article],
    entities: list[Entity],
    units: list[Unit],
    alignments: list[Alignment],
) -> tuple[list[Finding], dict[str, list[str]]]:
    """Compare what the story's voices say and emit findings.

    Args:
        articles: the story's articles (ids and voices set).
        entities: their resolved entities.
        units: their sentence units.
        alignments: aligned unit pairs (best first).

    Returns:
        The findings (ids f1..fN: conflicts first, then complementary, corroborated,
        single-source) and the coverage: entity id -> ids of the articles naming it.
    """
    voice_of = {a.id: a.voice or a.id for a in articles}
    drafts: list[_Draft] = []
    conflicted: set[int] = set()
    drafts += _value_findings(units, alignments, conflicted, entities)
    drafts += _sentence_findings(units, alignments, conflicted, {e.id: e for e in entities})
    drafts += _entity_findings(articles, entities, units)
    drafts += _quote_findings(articles, entities, units)
    drafts += _identifier_findings(units)
    order = {"conflict": 0, "complementary": 1, "corroborated": 2, "single_source": 3}
    drafts.sort(key=lambda d: order[d.status])
    findings = []
    for number, draft in enumerate(drafts, start=1):
        findings.append(
            Finding(
                id=f"f{number}",
                status=draft.status,
                kind=draft.kind,
                summary=draft.summary,
                evidence=draft.evidence,
                voices=_voices(draft.evidence, voice_of),
                subject=draft.subject,
            )
        )
    coverage = {e.id: e.articles for e in entities}
    return findings, coverage


# -- 1. values ---------------------------------------------------------------------


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


def _value_findings(
    units: list[Unit], alignments: list[Alignment], conflicted: set[int], entities: list[Entity]
) -> list[_Draft]:
    entity_at = {(m.article, m.start): e.id for e in entities for m in e.mentions}
    drafts: list[_Draft] = []
    seen_times: dict[tuple, _Draft] = {}
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
                            draft.evidence.append(_evidence(unit, t.value))
                    continue
                topic = _topic(a, b, ta, tb)
                if verdict == "conflict":
                    dated = (ta.value or "")[:10] != (tb.value or "")[:10]
                    summary = (
                        f"{topic}: {format_instant(ta.value, with_date=dated)} ({a.article.id}: {ta.text}) vs "
                        f"{format_instant(tb.value, with_date=dated)} ({b.article.id}: {tb.text})"
                    )
                    draft = _Draft("conflict", "time", summary, [_evidence(a, ta.value), _evidence(b, tb.value)])
                    conflicted.update((al.a, al.b))
                else:
                    summary = f"{topic}: {format_instant(ta.value)} ({a.article.id}: {ta.text}; {b.article.id}: {tb.text})"
                    draft = _Draft("corroborated", "time", summary, [_evidence(a, ta.value), _evidence(b, tb.value)])
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
) -> list[_Draft]:
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
        out.append(_Draft("conflict", "number", summary,
                          [_evidence(a, format_quantity(qa)), _evidence(b, format_quantity(qb))]))
        conflicted.update((al.a, al.b))
    return out


def _identifier_conflicts(
    a: Unit, b: Unit, al: Alignment, conflicted: set[int], entity_at: dict[tuple[str, int], str]
) -> list[_Draft]:
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
            out.append(_Draft("conflict", "identifier", summary, [_evidence(a, na), _evidence(b, nb)]))
            conflicted.update((al.a, al.b))
    return out


# -- 2. sentences ------------------------------------------------------------------


def _worth_a_finding(unit: Unit) -> bool:
    """Sentences that state something checkable: a name, time, number, code or quote."""
    return bool(unit.entities or unit.timexes or unit.quantities or unit.identifiers or unit.quotes)


def _details(unit: Unit) -> set[str]:
    details = {f"e:{e}" for e in unit.entities}
    details |= {f"i:{(i.normalized or i.text).upper()}" for i in unit.identifiers}
    details |= {f"q:{q.text.lower()}" for q in unit.quantities}
    return details


def _place_relations(members: list[int], units: list[Unit], by_id: dict[str, Entity]) -> list[str]:
    """Places one sentence names that lie in a place another names ("Anchorage in Alaska")."""
    places = []
    for m in members:
        for entity_id in sorted(units[m].entities):
            entity = by_id.get(entity_id)
            if entity is not None and entity.type in ("GPE", "LOC", "FAC"):
                places.append((units[m].article.id, entity))
    relations = []
    for article_a, inner in places:
        for article_b, outer in places:
            if article_a == article_b or inner.id == outer.id:
                continue
            if any(e.id == inner.id for a, e in places if a == article_b):
                continue  # the other sentence names the inner place too: nothing to add
            if compare_places(outer.name, inner.name) == "compatible" and places_contains(outer.name, inner.name):
                relations.append(f"{inner.name} ({article_a}) lies in {outer.name} ({article_b})")
    return list(dict.fromkeys(relations))


def places_contains(outer: str, inner: str) -> bool:
    """Whether the gazetteer puts ``inner`` inside ``outer`` (False without a gazetteer)."""
    try:
        from storydiff.analyze import places
    except ImportError:
        return False
    return places.contains(outer, inner) and not places.contains(inner, outer)


def _sentence_findings(
    units: list[Unit], alignments: list[Alignment], conflicted: set[int], by_id: dict[str, Entity]
) -> list[_Draft]:
    group_of: dict[int, int] = {}
    groups: list[list[int]] = []
    for al in alignments:  # best first; a unit joins one group, one unit per voice
        ga, gb = group_of.get(al.a), group_of.get(al.b)
        if ga is None and gb is None:
            group_of[al.a] = group_of[al.b] = len(groups)
            groups.append([al.a, al.b])
        elif ga is not None and gb is None:
            if units[al.b].voice not in {units[m].voice for m in groups[ga]} and al.similarity >= GROUP_SIMILARITY:
                group_of[al.b] = ga
                groups[ga].append(al.b)
        elif gb is not None and ga is None:
            if units[al.a].voice not in {units[m].voice for m in groups[gb]} and al.similarity >= GROUP_SIMILARITY:
                group_of[al.a] = gb
                groups[gb].append(al.a)
    drafts = []
    for group in groups:
        members = sorted(group)
        if all(m in conflicted for m in members):
            continue  # the conflict finding already shows these sentences
        if not any(_worth_a_finding(units[m]) for m in members):
            continue
        details = [_details(units[m]) for m in members]
        common = set.intersection(*details) if details else set()
        extra = any(d - common for d in details)
        relations = _place_relations(members, units, by_id)
        status = "complementary" if extra or relations else "corroborated"
        lead = units[members[0]]
        others = ", ".join(units[m].article.id for m in members)
        summary = f"{_short(lead.text)} ({others})"
        if relations:
            summary += "; places: " + "; ".join(relations)
        drafts.append(_Draft(status, "event", summary, [_evidence(units[m]) for m in members]))
    # Copies of one text (one voice) repeat its sentences: one finding, every copy's
    # sentence as evidence, one voice.
    copies: dict[tuple[str, str], list[Unit]] = {}
    for index, unit in enumerate(units):
        if index in group_of or not _worth_a_finding(unit):
            continue
        copies.setdefault((unit.voice, " ".join(unit.text.split())), []).append(unit)
    for same in copies.values():
        where = ", ".join(u.article.id for u in same)
        drafts.append(_Draft("single_source", "event", f"{_short(same[0].text)} (only {where})",
                             [_evidence(u) for u in same]))
    return drafts


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def _identifier_findings(units: list[Unit]) -> list[_Draft]:
    """Each code (RA-96023, Il-96): who gives it. Conflicts are found on aligned pairs."""
    by_code: dict[tuple[str, str], list[Unit]] = defaultdict(list)
    for unit in units:
        for identifier in unit.identifiers:
            code = (identifier.normalized or identifier.text).upper()
            if unit not in by_code[(identifier.kind, code)]:
                by_code[(identifier.kind, code)].append(unit)
    drafts = []
    for (kind, code), found in by_code.items():
        first_per_article = list({u.article.id: u for u in reversed(found)}.values())[::-1]
        voices = {u.voice for u in found}
        status = "corroborated" if len(voices) >= 2 else "single_source"
        where = ", ".join(u.article.id for u in first_per_article)
        summary = f"{kind.replace('_', ' ').capitalize()} {code}: given by {where}"
        drafts.append(_Draft(status, "identifier", summary, [_evidence(u, code) for u in first_per_article]))
    return drafts


# -- 3. people -----------------------------------------------------------------------


def _unit_at(units_by_article: dict[str, list[Unit]], article: str, offset: int) -> Unit | None:
    for unit in units_by_article.get(article, []):
        if unit.start <= offset < max(unit.end, unit.start + 1):
            return unit
    return None


def _entity_findings(articles: list[Article], entities: list[Entity], units: list[Unit]) -> list[_Draft]:
    units_by_article: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        units_by_article[unit.article.id].append(unit)
    voice_of = {a.id: a.voice or a.id for a in articles}
    drafts = []
    for entity in entities:
        # People named in full (a bare "he" or "the man" is no list member) and
        # facilities (the venue, the airport): who names them is a fact to check.
        # Countries and cities are named by every article in passing and would flood
        # the report.
        if entity.type == "PERSON" and len(entity.name.split()) < 2:
            continue
        if entity.type not in ("PERSON", "FAC") or not any(c.isupper() for c in entity.name[:1]):
            continue
        evidence = []
        for article in entity.articles:
            first = next(m for m in entity.mentions if m.article == article)
            unit = _unit_at(units_by_article, article, first.start)
            if unit is not None:
                evidence.append(_evidence(unit, entity.name))
        if not evidence:
            continue
        voices = {voice_of[e.article] for e in evidence}
        roles = "; ".join(f"{r.role} ({r.article})" for r in entity.roles)
        named = ", ".join(entity.articles)
        summary = f"{entity.name}" + (f", {roles}" if roles else "") + f": named in {named}"
        status = "corroborated" if len(voices) >= 2 else "single_source"
        if status == "corroborated" and not _roles_agree(entity):
            status = "complementary"
        kind = "person" if entity.type == "PERSON" else "place"
        drafts.append(_Draft(status, kind, summary, evidence, subject=entity.id))
    return drafts


def _roles_agree(entity: Entity) -> bool:
    """Roles from different articles name one job (or one article gives none)."""
    by_article = defaultdict(list)
    for role in entity.roles:
        by_article[role.article].append(role.role)
    articles = list(by_article)
    for i, a in enumerate(articles):
        for b in articles[i + 1 :]:
            if not any(compare_roles(x, y) in ("same", "compatible") for x in by_article[a] for y in by_article[b]):
                return False
    return True


# -- 4. quotes -----------------------------------------------------------------------


def _nearest_person(entities: list[Entity], article: str, offset: int) -> Entity | None:
    """The person named last before ``offset`` in the article ("he noted" -> Trump)."""
    best, best_start = None, -1
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for mention in entity.mentions:
            if mention.article == article and best_start < mention.start < offset:
                best, best_start = entity, mention.start
    return best


def _quote_findings(articles: list[Article], entities: list[Entity], units: list[Unit]) -> list[_Draft]:
    from rapidfuzz import fuzz

    speaker_of: dict[tuple[str, int], Entity] = {}
    for entity in entities:
        for mention in entity.mentions:
            speaker_of[(mention.article, mention.start)] = entity
    units_by_article: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        units_by_article[unit.article.id].append(unit)
    quotes = []
    for article in articles:
        for quote in article.quotes:
            entity = None
            if quote.speaker is not None:
                entity = speaker_of.get((article.id, quote.speaker.start))
                if entity is None:
                    for e in entities:
                        if any(m.article == article.id and m.start <= quote.speaker.start < m.end for m in e.mentions):
                            entity = e
                            break
            if entity is None and quote.speaker is not None and quote.speaker.text.lower() in PRONOUNS:
                entity = _nearest_person(entities, article.id, quote.speaker.start)
            if entity is not None:
                quote.speaker_entity = entity.id
            quotes.append((article, quote, entity))
    drafts = []
    used: set[int] = set()
    for i, (article, quote, entity) in enumerate(quotes):
        if i in used:
            continue
        group = [(article, quote)]
        for j in range(i + 1, len(quotes)):
            other_article, other, _ = quotes[j]
            if j in used or (other_article.voice or other_article.id) == (article.voice or article.id):
                continue
            if fuzz.ratio(quote.text.lower(), other.text.lower()) >= QUOTE_MATCH:
                group.append((other_article, other))
                used.add(j)
        speaker = entity.name if entity is not None else (quote.speaker.text if quote.speaker else "unknown speaker")
        evidence = []
        for art, q in group:
            unit = _unit_at(units_by_article, art.id, q.start)
            start, end = (unit.start, unit.end) if unit is not None else (q.start, q.end)
            evidence.append(Evidence(art.id, start, end, art.text[start:end], q.text))
        status = "corroborated" if len({(a.voice or a.id) for a, _ in group}) >= 2 else "single_source"
        where = ", ".join(a.id for a, _ in group)
        drafts.append(_Draft(status, "quote", f"{speaker}: {_short(quote.text, 100)} ({where})", evidence,
                             subject=entity.id if entity is not None else None))
    return drafts
