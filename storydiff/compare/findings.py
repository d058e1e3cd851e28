"""Findings: what the voices of a story agree on, what one alone reports, where they conflict.

From aligned units (:mod:`storydiff.compare.align`) and resolved entities:

1. **values** (:mod:`storydiff.compare.conflicts`, with :mod:`storydiff.compare.values`):
   clock times in UTC, quantities and identifiers of aligned sentences. Incompatible
   values of one fact are a ``conflict`` whose summary states both values normalised.
   Aligned claims (:mod:`storydiff.compare.claim_conflicts`): another named person in
   the same slot (kind ``person``), or one voice asserting what another negates or
   denies (kind ``negation``). Quotes (:mod:`storydiff.compare.quote_conflicts`): one
   quote or copied statement credited to two people, or its numbers, negation or one
   content word changed (kind ``quote``). Names (:mod:`storydiff.compare.name_conflicts`):
   one person given two given names (kind ``person``), or titled as an office's holder
   and as one of its staff (kind ``role``).
2. **sentences** (here): a sentence aligned with sentences of other voices is
   ``corroborated``, or ``complementary`` when one side adds names, numbers, codes or a
   more specific place; a sentence no other voice states is ``single_source``.
3. **coverage** (:mod:`storydiff.compare.coverage`): people and facilities by article
   (also ``Report.coverage``), codes, quotes with their speakers.

Precision before recall: similarity alone never makes a conflict.
"""

from __future__ import annotations

from storydiff.compare.align import Alignment, Unit
from storydiff.compare.claim_conflicts import negation_conflicts, person_conflicts
from storydiff.compare.conflicts import value_findings
from storydiff.compare.coverage import entity_findings, identifier_findings, quote_findings
from storydiff.compare.draft import Draft, evidence_of, short
from storydiff.compare.name_conflicts import name_conflicts, role_conflicts
from storydiff.compare.polarity_conflicts import polarity_conflicts
from storydiff.compare.quote_conflicts import quote_conflicts
from storydiff.compare.slot_conflicts import slot_findings
from storydiff.compare.status_conflicts import status_conflicts
from storydiff.compare.time_slots import built_findings, date_findings, elapsed_findings, time_findings
from storydiff.compare.attribute_slots import attribute_findings
from storydiff.compare.exclusive_conflicts import exclusive_findings
from storydiff.compare.place_conflicts import place_findings
from storydiff.compare.values import compare_places
from storydiff.model import Article, Entity, Evidence, Finding

# A third voice's sentence joins a pair already aligned only above this similarity, so
# a group does not chain through loosely related sentences (the pair itself passed
# align's tests). Set between the example's true pairs (0.61-0.88) and its loose ones.
GROUP_SIMILARITY = 0.60


def _voices(evidence: list[Evidence], voice_of: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(voice_of[e.article] for e in evidence))


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
    drafts: list[Draft] = []
    conflicted: set[int] = set()
    drafts += value_findings(units, alignments, conflicted, entities)
    # Fact-level conflicts (a slot, a status, a moment, an attribute) rest on sentences
    # that may agree on other facts: those sentences keep their sentence findings
    # (agreement recall on the findings gold fell 0.883 -> 0.877 when they did not).
    drafts += slot_findings(articles, units, entities)
    drafts += status_conflicts(units)
    drafts += time_findings(units)
    drafts += date_findings(units)
    drafts += elapsed_findings(units)
    drafts += built_findings(units)
    drafts += attribute_findings(units)
    drafts += polarity_conflicts(units, entities)
    drafts += exclusive_findings(units)
    drafts += place_findings(units, entities)
    drafts += negation_conflicts(units, alignments, conflicted, entities)
    drafts += person_conflicts(units, conflicted, entities)
    drafts += name_conflicts(units, alignments, entities) + role_conflicts(units, entities)
    drafts += _sentence_findings(units, alignments, conflicted, {e.id: e for e in entities})
    drafts += entity_findings(articles, entities, units)
    drafts += quote_findings(articles, entities, units)
    drafts += quote_conflicts(articles, entities, units)
    drafts += identifier_findings(units)
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
                relation=draft.relation,
                newer=draft.newer,
            )
        )
    coverage = {e.id: e.articles for e in entities}
    return findings, coverage


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
) -> list[Draft]:
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
        summary = f"{short(lead.text)} ({others})"
        if relations:
            summary += "; places: " + "; ".join(relations)
        drafts.append(Draft(status, "event", summary, [evidence_of(units[m]) for m in members]))
    # Copies of one text (one voice) repeat its sentences: one finding, every copy's
    # sentence as evidence, one voice.
    copies: dict[tuple[str, str], list[Unit]] = {}
    for index, unit in enumerate(units):
        if index in group_of or not _worth_a_finding(unit):
            continue
        copies.setdefault((unit.voice, " ".join(unit.text.split())), []).append(unit)
    for same in copies.values():
        where = ", ".join(u.article.id for u in same)
        drafts.append(Draft("single_source", "event", f"{short(same[0].text)} (only {where})",
                             [evidence_of(u) for u in same]))
    return drafts
