"""Conflicts between aligned claims: another person in the same slot, or the opposite polarity.

Two sentences of different voices that alignment paired (:mod:`storydiff.compare.align`)
are searched for one *fact* stated both ways: a claim in each with the same predicate
(lemma) and matching other slots. Then

- **person**: the same slot (subject or object) holds a different named person ("Police
  arrested Smith" vs "Police arrested Jones"); the summary names both;
- **negation**: one voice asserts the claim and the other negates or denies it ("X was
  charged" vs "X was not charged"; a claim inside a denial verb's reported speech is
  denied).

Precision before recall (issue 6, point 7): every guard below is a way two true
sentences can look like this without contradicting each other, each with a regression
test in tests/test_compare_claims.py; the ECB+ review (bench/compare_conflicts.py,
docs/quality.md "Compare") is the measurement to re-run after changing one.
"""

from __future__ import annotations

import re

from storydiff.compare.align import Alignment, Unit
from storydiff.compare.draft import Draft, evidence_of, short
from storydiff.compare.values import compare_times
from storydiff.model import Claim, Entity

# Cosine similarity two sentences need before their claims may conflict. The value
# conflicts' threshold (conflicts.VALUE_CONFLICT_SIMILARITY, 0.70, set on the example and
# the ECB+ review) is reused: sentence embeddings barely register "not" (a sentence and
# its negation score 0.85-0.95 with all-MiniLM-L6-v2, measured on the test sentences of
# tests/test_compare_claims.py), so a negation does not push a true pair below it.
CLAIM_CONFLICT_SIMILARITY = 0.70
# A person conflict needs the two claims to share this many other arguments (agent,
# object, place entity in the same slot, or one time): "U.S. Marshals arrested X at a
# house in Baytown on Thursday" vs "... Y ..." share three. With fewer, the sentences
# must also score PERSON_SIMILARITY, align.SIMILARITY (0.55): names weigh heavily in
# sentence embeddings, so a sentence with another name scores low (the example above
# 0.63). Re-run the ECB+ review (bench/compare_conflicts.py) after changing either.
PERSON_SHARED_ARGUMENTS = 2
PERSON_SIMILARITY = 0.55
# Two names whose fuzzy ratio (rapidfuzz, 0-100) reaches this are treated as one person
# the resolver failed to join (Andrey/Andrei Belousov score 92, Zelensky/Zelenskyy 94),
# never as a conflict. Dina vs Lindsay Lohan score 70 and stay two people.
SAME_NAME_RATIO = 85
# With one surname, given names scoring this are one person spelt two ways: Betty/Bettie
# 73 (ECB+ 4_ecb, a false person conflict), Andrey/Andrei 67 -> caught by the ratio above
# on the full name; Lindsay/Dina 36 and Lindsay/Michael 40 stay two people.
SAME_GIVEN_NAME_RATIO = 70
# Surnames scoring this are one surname spelt two ways (with given names as above):
# Rait/Raite 89 (ECB+ 23_ecbplus, a false person conflict), Zelensky/Zelenskyy 93;
# Smith/Butler 18 and Lavrov/Belousov 29 stay apart.
SAME_SURNAME_RATIO = 80

# Predicates whose "different subject" or "not" is no contradiction: copulas and light
# verbs carry no fact of their own, and speech/stance verbs are compared as quotes
# (two people say similar things; "declined to say").
_LIGHT = frozenset("be have do get make seem become".split())
# Words that make a negated clause compatible with the positive one: "not yet charged"
# (then charged later), "no longer", "not only ... but", "never before" (it happened,
# for the first time), "until" (it happened after).
_COMPATIBLE_NEGATION = re.compile(
    r"\b(?:yet|no longer|not only|not just|not merely|never before|until|unless|whether|if)\b", re.IGNORECASE
)


# A negation the parse may have missed in the asserting sentence: "Smith didn ’ t return
# a call" (ECB+ 35_10ecbplus, the apostrophe split off) was read as positive.
_NEGATION_WORD = re.compile(r"\b(?:not|never|no|nor|neither|without)\b|n\s?['\u2019]\s?t\b", re.IGNORECASE)


# "by" right before the argument, or before its title ("led by Foreign Minister Sergei
# Lavrov": the mention starts at the name).
_BY = re.compile(r"\bby\s+(?:[A-Z][\w.'\u2019-]*\s+){0,4}$")


def _speechlike(predicate: str) -> bool:
    from storydiff.analyze.lexicon import SPEECH_VERBS, STANCE_VERBS

    return predicate in SPEECH_VERBS or predicate in STANCE_VERBS


def claims_of(unit: Unit) -> list[Claim]:
    """The claims of the unit's sentence (those that start in it or cover its start)."""
    return [c for c in unit.article.claims
            if c.predicate and (unit.start <= c.start < unit.end or c.start <= unit.start < c.end)]


def _entity_of(unit: Unit, start: int, entity_at: dict[tuple[str, int], str]) -> str | None:
    return entity_at.get((unit.article.id, start))


def _slots(unit: Unit, claim: Claim, entity_at: dict[tuple[str, int], str]) -> dict[str, list[str]]:
    """Slot -> resolved entity ids of the claim's entity and place arguments."""
    slots: dict[str, list[str]] = {}
    for arg in claim.arguments:
        if arg.kind not in ("entity", "place"):
            continue
        entity = _entity_of(unit, arg.start, entity_at)
        if entity is not None:
            slots.setdefault(_slot_of(unit, arg), []).append(entity)
    return slots


def _slot_of(unit: Unit, arg) -> str:
    """The argument's slot, with "agent" for a passive's "by" phrase ("is led by Sergei
    Lavrov"), which the claims stage calls oblique."""
    if arg.slot == "oblique" and _BY.search(unit.article.text[max(0, arg.start - 60):arg.start]):
        return "agent"
    return arg.slot


def negative(claim: Claim) -> bool:
    """The claim's polarity: negated on its verb, or reported inside a denial (not both)."""
    return claim.negated != (claim.modality == "denied")


def likely_same_person(a: str, b: str) -> bool:
    """Whether two names are probably one person the resolver kept apart.

    Args:
        a: one name ("Andrey Belousov").
        b: another ("Andrei Belousov", "Belousov").

    Returns:
        True when one name's words are all in the other, or the names score at least
        SAME_NAME_RATIO.
    """
    from rapidfuzz import fuzz

    wa, wb = set(a.lower().replace(".", "").split()), set(b.lower().replace(".", "").split())
    if not wa or not wb or wa <= wb or wb <= wa:
        return True
    la, lb = a.lower().replace(".", "").split(), b.lower().replace(".", "").split()
    if fuzz.ratio(la[-1], lb[-1]) >= SAME_SURNAME_RATIO and fuzz.ratio(la[0], lb[0]) >= SAME_GIVEN_NAME_RATIO:
        # "Betty Mae Page" / "Bettie Page" (ECB+ 4_ecb), "Duncan Robert Rait" / "Duncan
        # Raite" (23_ecbplus): one person whose name is spelt two ways.
        return True
    return fuzz.ratio(a.lower(), b.lower()) >= SAME_NAME_RATIO


def dates_disagree(a: Unit, b: Unit) -> bool:
    """Both sentences date what they say, and no date of one matches one of the other."""
    da = [t for t in a.timexes if t.type == "DATE" and t.value]
    db = [t for t in b.timexes if t.type == "DATE" and t.value]
    if not da or not db:
        return False
    return not any(compare_times(x, y) in ("same", "compatible") for x in da for y in db)


def _framed(a: Unit, b: Unit, ca: Claim, cb: Claim) -> bool:
    """The two claims can be one fact: one predicate, neither hypothetical nor planned,
    neither in a question, and the sentences' dates do not disagree."""
    if ca.predicate != cb.predicate or ca.predicate in _LIGHT or _speechlike(ca.predicate):
        return False
    if {ca.modality, cb.modality} & {"hypothetical", "planned"}:
        return False
    if a.text.rstrip().endswith("?") or b.text.rstrip().endswith("?"):
        return False
    return not dates_disagree(a, b)


def _article_polarities(unit: Unit, predicate: str, subject: str,
                        entity_at: dict[tuple[str, int], str]) -> set[bool]:
    """Every polarity the unit's article gives ``predicate`` with ``subject``."""
    found = set()
    article = unit.article
    for claim in article.claims:
        if claim.predicate != predicate or claim.modality in ("hypothetical", "planned"):
            continue
        for arg in claim.arguments:
            if arg.slot == "subject" and entity_at.get((article.id, arg.start)) == subject:
                found.add(negative(claim))
    return found


def negation_conflicts(
    units: list[Unit], alignments: list[Alignment], conflicted: set[int], entities: list[Entity]
) -> list[Draft]:
    """Claims one voice asserts and another negates or denies.

    Guards: the sentences are aligned at CLAIM_CONFLICT_SIMILARITY; the claims share
    predicate and named subject (a pronoun or unnamed subject never conflicts), their
    objects do not differ, neither is hypothetical, planned or a question, their dates
    do not disagree; the negated sentence has no word that makes both true ("not yet",
    "no longer", "not only"); and neither article gives the claim both polarities (an
    article that reports an accusation and its denial contradicts nobody).

    Args:
        units: the story's sentence units.
        alignments: aligned pairs, best first.
        conflicted: filled with the indices of units shown in a conflict.
        entities: the resolved entities.

    Returns:
        Drafts of ``conflict`` findings of kind ``negation``.
    """
    entity_at = {(m.article, m.start): e.id for e in entities for m in e.mentions}
    name_of = {e.id: e.name for e in entities}
    drafts: list[Draft] = []
    seen: set[tuple] = set()
    for al in alignments:
        if al.similarity < CLAIM_CONFLICT_SIMILARITY:
            continue
        a, b = units[al.a], units[al.b]
        for ca in claims_of(a):
            for cb in claims_of(b):
                if not _framed(a, b, ca, cb) or negative(ca) == negative(cb):
                    continue
                sa, sb = _slots(a, ca, entity_at), _slots(b, cb, entity_at)
                subject = next((s for s in sa.get("subject", []) if s in sb.get("subject", [])), None)
                if subject is None:
                    continue
                if sa.get("object") and sb.get("object") and not set(sa["object"]) & set(sb["object"]):
                    continue
                neg_unit, pos_unit = (a, b) if negative(ca) else (b, a)
                if _COMPATIBLE_NEGATION.search(neg_unit.text) or _NEGATION_WORD.search(pos_unit.text):
                    continue
                if len(_article_polarities(a, ca.predicate, subject, entity_at)) > 1 or \
                        len(_article_polarities(b, cb.predicate, subject, entity_at)) > 1:
                    continue
                key = (a.article.id, b.article.id, ca.predicate, subject)
                if key in seen:
                    continue
                seen.add(key)
                word = {True: "denied" if (ca if negative(ca) else cb).modality == "denied" else "negated",
                        False: "asserted"}
                summary = (
                    f"Negation ({ca.predicate}, {name_of.get(subject, subject)}): {word[negative(ca)]} by "
                    f"{a.article.id} (\u201c{short(a.text, 80)}\u201d) vs {word[negative(cb)]} by {b.article.id} "
                    f"(\u201c{short(b.text, 80)}\u201d)"
                )
                drafts.append(Draft("conflict", "negation", summary,
                                    [evidence_of(a, word[negative(ca)]), evidence_of(b, word[negative(cb)])],
                                    subject=subject))
                conflicted.update((al.a, al.b))
    return drafts


def _names_in_article(unit: Unit, entity_id: str, entity_at: dict[tuple[str, int], str],
                      predicate: str) -> bool:
    """Whether the unit's sentence names the entity, or its article gives the entity a
    claim with ``predicate`` (then the article states both people: a list, not a rival)."""
    if entity_id in unit.entities:
        return True
    article = unit.article
    for claim in article.claims:
        if claim.predicate == predicate and any(
                entity_at.get((article.id, arg.start)) == entity_id for arg in claim.arguments):
            return True
    return False


def _shared_frame(a: Unit, b: Unit, ca: Claim, cb: Claim, slot: str,
                  entity_at: dict[tuple[str, int], str]) -> int | None:
    """How many arguments outside ``slot`` the two claims share (entity in the same slot,
    or a timex of one value), or None when an entity slot holds different entities."""
    sa, sb = _slots(a, ca, entity_at), _slots(b, cb, entity_at)
    shared = 0
    for other in (set(sa) | set(sb)) - {slot}:
        ea, eb = set(sa.get(other, [])), set(sb.get(other, []))
        if ea and eb and not ea & eb and other in ("subject", "object", "agent"):
            return None  # another agent or another object: another fact
        shared += len(ea & eb)
    times_a = {(arg.text.lower(), t.value) for arg in ca.arguments if arg.kind == "timex"
               for t in a.timexes if t.start == arg.start}
    times_b = {(arg.text.lower(), t.value) for arg in cb.arguments if arg.kind == "timex"
               for t in b.timexes if t.start == arg.start}
    shared += len({v for _, v in times_a if v} & {v for _, v in times_b if v}
                  or {x for x, _ in times_a} & {x for x, _ in times_b})
    return shared


def person_conflicts(units: list[Unit], conflicted: set[int], entities: list[Entity]) -> list[Draft]:
    """Claims of one fact whose subject or object is another named person.

    Not limited to aligned sentences: alignment pairs sentences by shared names, so the
    sentence naming the other person is rarely the one aligned ("U.S. Marshals arrested
    X at a house in Baytown" aligned with another sentence about X). Instead claims of
    different voices are paired by predicate and compared slot by slot.

    Guards: one predicate (not a copula, light, speech or stance verb), the same modality
    and polarity, neither hypothetical, planned or a question, dates that do not
    disagree; the slot holds exactly one entity, a person, in each claim (a list "X and
    Y" is coverage, never a conflict); no other subject or object differs; the claims
    share PERSON_SHARED_ARGUMENTS other arguments (entities in the same slot, or one
    time), or one and sentences at PERSON_SIMILARITY; the two names are not likely one
    person (:func:`likely_same_person`), not both a single word; neither sentence names
    the other's person, and neither article gives the other's person the predicate.

    Args:
        units: the story's sentence units.
        conflicted: filled with the indices of units shown in a conflict.
        entities: the resolved entities.

    Returns:
        Drafts of ``conflict`` findings of kind ``person``.
    """
    entity_at = {(m.article, m.start): e.id for e in entities for m in e.mentions}
    by_id = {e.id: e for e in entities}
    by_predicate: dict[str, list[tuple[int, Claim]]] = {}
    for index, unit in enumerate(units):
        for claim in claims_of(unit):
            if claim.predicate not in _LIGHT and not _speechlike(claim.predicate):
                by_predicate.setdefault(claim.predicate, []).append((index, claim))
    vectors: dict[int, object] = {}
    drafts: list[Draft] = []
    seen: set[tuple] = set()
    for predicate in sorted(by_predicate):
        found = by_predicate[predicate]
        for i, (ia, ca) in enumerate(found):
            for ib, cb in found[i + 1:]:
                a, b = units[ia], units[ib]
                if a.voice == b.voice or not _framed(a, b, ca, cb):
                    continue
                if negative(ca) != negative(cb) or ca.modality != cb.modality:
                    continue
                draft = _person_pair(a, b, ca, cb, entity_at, by_id, vectors, (ia, ib), units, seen)
                if draft is not None:
                    drafts.append(draft)
                    conflicted.update((ia, ib))
    return drafts


def _person_pair(a: Unit, b: Unit, ca: Claim, cb: Claim, entity_at: dict[tuple[str, int], str],
                 by_id: dict[str, Entity], vectors: dict, pair: tuple[int, int], units: list[Unit],
                 seen: set[tuple]) -> Draft | None:
    sa, sb = _slots(a, ca, entity_at), _slots(b, cb, entity_at)
    for slot in ("subject", "object", "agent"):
        if len(sa.get(slot, [])) != 1 or len(sb.get(slot, [])) != 1:
            continue
        xa, xb = by_id[sa[slot][0]], by_id[sb[slot][0]]
        if xa.type != "PERSON" or xb.type != "PERSON" or xa.id == xb.id or likely_same_person(xa.name, xb.name):
            continue
        if _slot_text(a, ca, slot) == _slot_text(b, cb, slot):
            continue  # both write "Page": the articles name one person, the resolver split it (ECB+ 4_ecb)
        if len(xa.name.split()) < 2 and len(xb.name.split()) < 2:
            continue  # two bare surnames or first names: too little to tell people apart
        shared = _shared_frame(a, b, ca, cb, slot, entity_at)
        if shared is None or shared < 1:
            continue
        if shared < PERSON_SHARED_ARGUMENTS and _similarity(units, pair, vectors) < PERSON_SIMILARITY:
            continue
        if _names_in_article(a, xb.id, entity_at, ca.predicate) or _names_in_article(b, xa.id, entity_at, cb.predicate):
            continue
        key = tuple(sorted((xa.id, xb.id))) + (ca.predicate, slot)
        if key in seen:
            continue
        seen.add(key)
        summary = f"Person ({ca.predicate}, {slot}): {xa.name} ({a.article.id}) vs {xb.name} ({b.article.id})"
        return Draft("conflict", "person", summary, [evidence_of(a, xa.name), evidence_of(b, xb.name)])
    return None


def _slot_text(unit: Unit, claim: Claim, slot: str) -> str:
    return " ".join(arg.text.lower() for arg in claim.arguments
                    if arg.kind in ("entity", "place") and _slot_of(unit, arg) == slot)


def _similarity(units: list[Unit], pair: tuple[int, int], vectors: dict) -> float:
    """Cosine similarity of two units' sentences (embedded once each, on demand)."""
    from storydiff.embeddings import embed

    missing = [i for i in pair if i not in vectors]
    if missing:
        for i, vector in zip(missing, embed([units[i].text for i in missing])):
            vectors[i] = vector
    return float(vectors[pair[0]] @ vectors[pair[1]])
