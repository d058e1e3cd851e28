"""Name conflicts: one person written with two different given names across voices.

Outlets misname people: "The third victim, identified as Brian Dalton" vs "Bryant Dalton,
39, was shot in the neck" (ECB+ 22_ecbplus). The resolver keeps the two apart (their
given names differ) and the claim and quote builders read them as one person spelt two
ways (``claim_conflicts.likely_same_person``), so neither reports it. This builder does
(kind ``person``) when

- the two are one referent: one surname (``clusters.near_surnames``), given names close
  in spelling (``claim_conflicts.SAME_GIVEN_NAME_RATIO``), no article writing both
  spellings (an article naming "Jerry Ortiz" and "Jeremy Ortiz" names two people), and
  a shared context: an aligned pair of sentences, one naming each, or two such sentences
  at ``claim_conflicts.PERSON_SIMILARITY`` (alignment's blocking depends on the rest of
  the story), or the same part in claims of one predicate, or the same age written
  beside the name;
- the two given names are two names, not one name spelt two ways: both are given names
  of the census lists (``names.known_given_name``: "Anre" for Andre is a slip), they do
  not sound alike (``names.sound_key``: John/Jon, Heydar/Heidar, Karolos/Carolos are one name,
  traps of the findings gold), neither is a short form or an initial of the other
  (Bill/William, Phil/Phillip, Stan/Stanley).

A person's title (kind ``role``): one voice titles the person as the holder of an office
("State Fire Marshall John Bond") and another as a member of that office's staff ("John
Bond, an inspector with the Alaska State Fire Marshal's Office", ECB+ 13_ecbplus). The
title must name the office's holder: every word of it is a word of the office's name
(by ``names.sound_key``: Marshall/Marshal), so "Deputy Sheriff X" vs "X, a deputy with
the Sheriff's Office" stays quiet; and the staff noun is not the title's head.
"""

from __future__ import annotations

import re

from storydiff.analyze.lexicon import same_given_name
from storydiff.compare.align import Alignment, Unit
from storydiff.compare.claim_conflicts import (
    _LIGHT, PERSON_SIMILARITY, SAME_GIVEN_NAME_RATIO, _similarity, _speechlike, claims_of,
)
from storydiff.compare.clusters import near_surnames
from storydiff.compare.draft import Draft, evidence_of
from storydiff.compare.names import known_given_name, name_tokens, sound_key, translit_key
from storydiff.model import Entity

# An age written right after a name: "Bryant Dalton, 39, was shot".
_AGE_AFTER = re.compile(r"\s*,\s*(\d{1,3})\s*,")
# Capitalised words right before a name: its title ("State Fire Marshall John Bond").
_TITLE_BEFORE = re.compile(r"((?:[A-Z][A-Za-z'\u2019-]*\s+){1,5})$")
# A member of an office's staff, in apposition: "John Bond, an inspector with the Alaska
# State Fire Marshal's Office". Group 1: the staff noun; group 2: the office holder.
_STAFF_AFTER = re.compile(
    r"\s*,\s+(?:an?|the)\s+([a-z][a-z -]{0,40}?)\s+(?:with|at|of|for|in|from)\s+(?:the\s+)?"
    r"((?:[A-Z][\w.-]*\s+){0,5}[A-Z][\w.-]*)(?:'s|\u2019s)\s+(?:Office|Department|Bureau)\b")


def different_given_names(a: str, b: str) -> bool:
    """Whether two given names, close in spelling, are two names and not one spelt two ways.

    Args:
        a: a given name as written ("Brian").
        b: another ("Bryant").

    Returns:
        True when they score SAME_GIVEN_NAME_RATIO or more (otherwise they are plainly two
        people, a matter for the resolver), neither is an initial, a short form or the
        start of the other, both are census given names, and they do not sound alike.
    """
    from rapidfuzz import fuzz

    la, lb = a.lower().rstrip("."), b.lower().rstrip(".")
    if min(len(la), len(lb)) < 2 or not la.isalpha() or not lb.isalpha() or la == lb:
        return False
    if same_given_name(la, lb) or la.startswith(lb) or lb.startswith(la):
        return False
    if fuzz.ratio(la, lb) < SAME_GIVEN_NAME_RATIO:
        return False
    return known_given_name(la) and known_given_name(lb) and sound_key(la) != sound_key(lb)


def _spellings(entity: Entity) -> dict[tuple[str, str], list]:
    """(given name, surname) -> the entity's mentions written with both."""
    found: dict[tuple[str, str], list] = {}
    for mention in entity.mentions:
        words = name_tokens(mention.text, "PERSON")
        if len(words) >= 2 and words[0][:1].isupper():
            found.setdefault((words[0], words[-1]), []).append(mention)
    return found


def _unit_at(units_by_article: dict[str, list[int]], units: list[Unit], article: str, offset: int) -> int | None:
    for index in units_by_article.get(article, []):
        if units[index].start <= offset < max(units[index].end, units[index].start + 1):
            return index
    return None


def _parts(entity_id: str, units: list[Unit], entity_at: dict[tuple[str, int], str]) -> set[tuple[str, str]]:
    """(predicate, slot) of every claim argument the entity fills (no light or speech verb)."""
    parts = set()
    for unit in units:
        if entity_id not in unit.entities:
            continue
        for claim in claims_of(unit):
            if claim.predicate in _LIGHT or _speechlike(claim.predicate):
                continue
            for arg in claim.arguments:
                if arg.kind == "entity" and entity_at.get((unit.article.id, arg.start)) == entity_id:
                    parts.add((claim.predicate, arg.slot))
    return parts


def _ages(entity: Entity, text_of: dict[str, str]) -> set[str]:
    ages = set()
    for mention in entity.mentions:
        match = _AGE_AFTER.match(text_of[mention.article], mention.end)
        if match:
            ages.add(match.group(1))
    return ages


def name_conflicts(units: list[Unit], alignments: list[Alignment], entities: list[Entity]) -> list[Draft]:
    """People one voice names with another given name than another voice does.

    Args:
        units: the story's sentence units.
        alignments: aligned unit pairs.
        entities: the resolved entities.

    Returns:
        Drafts of ``conflict`` findings of kind ``person``, with the sentences of every
        article writing either spelling as evidence.
    """
    people = [e for e in entities if e.type == "PERSON"]
    spellings = {e.id: _spellings(e) for e in people}
    units_by_article: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        units_by_article.setdefault(unit.article.id, []).append(index)
    text_of = {u.article.id: u.article.text for u in units}
    entity_at = {(m.article, m.start): e.id for e in entities for m in e.mentions}
    aligned = {(al.a, al.b) for al in alignments} | {(al.b, al.a) for al in alignments}
    vectors: dict = {}
    drafts: list[Draft] = []
    for i, x in enumerate(people):
        for y in people[i + 1:]:
            pair = _misnamed(x, y, spellings)
            if pair is None:
                continue
            (gx, sx), (gy, sy) = pair
            # Every mention of each spelling ("LaTonya" and "Latonya" are one).
            mx = [m for (g, _), ms in spellings[x.id].items() if sound_key(g) == sound_key(gx) for m in ms]
            my = [m for (g, _), ms in spellings[y.id].items() if sound_key(g) == sound_key(gy) for m in ms]
            ux = [u for u in (_unit_at(units_by_article, units, m.article, m.start) for m in mx) if u is not None]
            uy = [u for u in (_unit_at(units_by_article, units, m.article, m.start) for m in my) if u is not None]
            if not ux or not uy or {units[u].voice for u in ux} & {units[u].voice for u in uy}:
                continue  # one voice writes both: two people, or its own slip
            shared = (any((a, b) in aligned for a in ux for b in uy)
                      or _parts(x.id, units, entity_at) & _parts(y.id, units, entity_at)
                      or _ages(x, text_of) & _ages(y, text_of)
                      or any(_similarity(units, (a, b), vectors) >= PERSON_SIMILARITY for a in ux for b in uy))
            if not shared:
                continue
            name_x, name_y = f"{gx} {sx}", f"{gy} {sy}"
            evidence = [evidence_of(units[u], name_x) for u in _first_per_article(ux, units)]
            evidence += [evidence_of(units[u], name_y) for u in _first_per_article(uy, units)]
            articles_x = ", ".join(dict.fromkeys(units[u].article.id for u in ux))
            articles_y = ", ".join(dict.fromkeys(units[u].article.id for u in uy))
            summary = f"Name: {name_x} ({articles_x}) vs {name_y} ({articles_y}), one person named two ways"
            drafts.append(Draft("conflict", "person", summary, evidence, subject=x.id))
    return drafts


def _misnamed(x: Entity, y: Entity, spellings: dict) -> tuple | None:
    """The first (given, surname) pair of x and y with one surname and two given names."""
    for gx, sx in spellings[x.id]:
        for gy, sy in spellings[y.id]:
            if near_surnames(translit_key(sx), translit_key(sy)) and different_given_names(gx, gy):
                return (gx, sx), (gy, sy)
    return None


def _first_per_article(indices: list[int], units: list[Unit]) -> list[int]:
    first: dict[str, int] = {}
    for index in sorted(indices):
        first.setdefault(units[index].article.id, index)
    return list(first.values())


def _titles(entity: Entity, text_of: dict[str, str]) -> list[tuple[object, list[str]]]:
    """(mention, title words) for each mention written right after a title."""
    found = []
    for mention in entity.mentions:
        text = text_of[mention.article]
        words = name_tokens(mention.text, "PERSON")
        if len(words) < 2:
            continue
        name_start = text.find(" ".join(words), mention.start, mention.end + 1)
        line_start = text.rfind("\n", 0, name_start) + 1
        match = _TITLE_BEFORE.search(text[max(line_start, name_start - 60):name_start])
        if match:
            found.append((mention, match.group(1).split()))
    return found


def _staff(entity: Entity, text_of: dict[str, str]) -> list[tuple[object, str, list[str]]]:
    """(mention, staff noun, office holder words) for each "X, an N with the T's Office"."""
    found = []
    for mention in entity.mentions:
        match = _STAFF_AFTER.match(text_of[mention.article], mention.end)
        if match:
            found.append((mention, match.group(1), match.group(2).split()))
    return found


def role_conflicts(units: list[Unit], entities: list[Entity]) -> list[Draft]:
    """People one voice titles as an office's holder and another as one of its staff.

    Args:
        units: the story's sentence units.
        entities: the resolved entities.

    Returns:
        Drafts of ``conflict`` findings of kind ``role``.
    """
    units_by_article: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        units_by_article.setdefault(unit.article.id, []).append(index)
    text_of = {u.article.id: u.article.text for u in units}
    voice_of = {u.article.id: u.voice for u in units}
    drafts: list[Draft] = []
    for entity in entities:
        if entity.type != "PERSON":
            continue
        staff = _staff(entity, text_of)
        if not staff:
            continue
        for held, title in _titles(entity, text_of):
            for member, noun, office in staff:
                if voice_of[held.article] == voice_of[member.article]:
                    continue
                office_keys = {sound_key(w) for w in office}
                if not all(sound_key(w) in office_keys for w in title):
                    continue  # the title is not the office's holder ("Deputy Sheriff")
                if sound_key(noun.split()[-1]) == sound_key(title[-1]):
                    continue  # "the fire marshal with the State Fire Marshal's Office"
                ua = _unit_at(units_by_article, units, held.article, held.start)
                ub = _unit_at(units_by_article, units, member.article, member.start)
                if ua is None or ub is None:
                    continue
                title_text, staff_text = " ".join(title), f"{noun} with the {' '.join(office)}'s office"
                summary = (f"Role of {entity.name}: {title_text} ({held.article}) vs "
                           f"{staff_text} ({member.article})")
                drafts.append(Draft("conflict", "role", summary,
                                    [evidence_of(units[ua], title_text), evidence_of(units[ub], staff_text)],
                                    subject=entity.id))
                break
            else:
                continue
            break
    return drafts
