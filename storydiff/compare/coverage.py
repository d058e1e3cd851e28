"""Who names what: people and facilities (coverage), codes and quotes, by voice.

- each person named in full and each facility: the articles naming it and the roles
  each gives (aide vs advisor agree; roles never conflict): ``corroborated`` when two
  voices name it (``complementary`` when their roles differ), else ``single_source``;
- each code (RA-96023, Il-96): which articles give it;
- each quote with its speaker (a "he"/"she" speaker resolved only to the one person it
  can stand for, ``_pronoun_speaker``), corroborated when another voice quotes the same
  words.

No evidence is punctuation alone: a sentence of a lone quotation mark gives way to the
quote's own words.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from storydiff.analyze.lexicon import PRONOUN_REACH
from storydiff.compare.align import Unit
from storydiff.compare.draft import Draft, evidence_of, short
from storydiff.compare.nominals import noun_gender
from storydiff.compare.quote_conflicts import words_differ
from storydiff.compare.resolve import PRONOUNS_FEMALE, PRONOUNS_MALE
from storydiff.compare.values import compare_roles
from storydiff.model import Article, Entity, Evidence, Span

# Fuzzy ratio (rapidfuzz, 0-100) above which two quotes are the same words. Measured on
# the example: the only shared quote fragments score 100; paraphrases stay under 70.
QUOTE_MATCH = 85

def identifier_findings(units: list[Unit]) -> list[Draft]:
    """Each code (RA-96023, Il-96): who gives it. Conflicts are found on aligned pairs.

    Args:
        units: the story's sentence units.

    Returns:
        One draft per code: ``corroborated`` (two or more voices) or ``single_source``.
    """
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
        drafts.append(Draft(status, "identifier", summary, [evidence_of(u, code) for u in first_per_article]))
    return drafts




def _has_word(text: str) -> bool:
    """Whether a span holds a letter or a digit (evidence of punctuation alone says nothing)."""
    return any(char.isalnum() for char in text)


def _unit_at(units_by_article: dict[str, list[Unit]], article: str, offset: int) -> Unit | None:
    for unit in units_by_article.get(article, []):
        if unit.start <= offset < max(unit.end, unit.start + 1):
            return unit
    return None


def entity_findings(articles: list[Article], entities: list[Entity], units: list[Unit]) -> list[Draft]:
    """Each person named in full and each facility: who names them, with what roles.

    Args:
        articles: the story's articles (voices set).
        entities: the resolved entities.
        units: the sentence units (evidence: each article's first sentence naming it).

    Returns:
        Drafts of kind ``person`` or ``place`` with ``subject`` the entity id.
    """
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
            unit = _telling_unit(units_by_article, entity, article)
            if unit is not None:
                evidence.append(evidence_of(unit, entity.name))
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
        drafts.append(Draft(status, kind, summary, evidence, subject=entity.id))
    return drafts


# Words beside the name below which a sentence says nothing about the person: a dateline
# ("ATHENS, Greece (AP) -": 3), a bare attribution ("Owen said in a tweet.": 4), a byline.
TELLING_WORDS = 5


def _telling_unit(units_by_article: dict[str, list[Unit]], entity: Entity, article: str) -> Unit | None:
    """The first sentence of ``article`` naming ``entity`` that says something beside the
    name (``TELLING_WORDS``); failing that, the first naming it."""
    found = []
    for mention in (m for m in entity.mentions if m.article == article):
        unit = _unit_at(units_by_article, article, mention.start)
        if unit is None or any(unit is seen for seen in found):
            continue
        found.append(unit)
        named = [(m.start, m.end) for m in entity.mentions if m.article == article]
        words = [
            w for w in re.finditer(r"\w+", unit.text)
            if not any(s <= unit.start + w.start() < e for s, e in named)
        ]
        if len(words) >= TELLING_WORDS:
            return unit
    return found[0] if found else None


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







def _gender(entity: Entity) -> str | None:
    """ "f" or "m" when the entity's titles or roles say so ("Mrs. Olson", "spokeswoman")."""
    words = [m.text.split()[0] for m in entity.mentions if m.text.split()]
    words += [w for r in entity.roles for w in r.role.split()]
    found = {g for g in map(noun_gender, words) if g}
    return found.pop() if len(found) == 1 else None


def _antecedent_entity(article: Article, pronoun: Span, speaker_of: dict) -> Entity | None:
    """The entity of the person the analysis resolved a "he"/"she" speaker to (the last
    named speaker when the nearest sentence names two people: "..., Scherlinck said. He
    said police found a box", ECB+ 18_ecbplus), unless its titles or roles give the other
    gender."""
    index = getattr(pronoun, "antecedent", None)
    if index is None or not 0 <= index < len(article.mentions):
        return None
    entity = speaker_of.get((article.id, article.mentions[index].start))
    wanted = "m" if pronoun.text.lower() in PRONOUNS_MALE else "f"
    if entity is None or entity.type not in ("PERSON", "ORG") or _gender(entity) not in (None, wanted):
        return None
    return entity


def _pronoun_speaker(entities: list[Entity], article: Article, pronoun: Span) -> Entity | None:
    """The one person a "he"/"she" speaker can stand for, or None.

    The candidates are the people, not of the other gender by their titles and roles,
    named in the pronoun's sentence before it or in the ``PRONOUN_REACH`` sentences
    before. The nearest sentence naming any of them must name only one: after "Deputy
    Timothy Brennan, who had been Ortiz's partner for a year, called the verdict
    bittersweet." (ECB+ 16_ecbplus) "He explained" may be either man, and a quote left
    unattributed is better than one credited to the wrong person (here the deputy who was
    killed).
    """
    starts = [s.start for s in article.sentences] or [0]

    def sentence(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    here = sentence(pronoun.start)
    wanted = "m" if pronoun.text.lower() in PRONOUNS_MALE else "f"
    nearest: dict[str, int] = {}
    for entity in entities:
        if entity.type != "PERSON" or _gender(entity) not in (None, wanted):
            continue
        before = [m.start for m in entity.mentions if m.article == article.id and m.start < pronoun.start]
        if before and here - sentence(max(before)) <= PRONOUN_REACH:
            nearest[entity.id] = sentence(max(before))
    if not nearest:
        return None
    closest = max(nearest.values())
    found = [e for e in entities if nearest.get(e.id) == closest]
    return found[0] if len(found) == 1 else None


# Words of the shorter of two quotes of one speaker from which it may match inside the
# longer: "She died peacefully in her sleep and had been in declining health due to old
# age" inside another outlet's "Williams, one of the biggest box-office stars ..., died
# peacefully in her sleep and had been in declining health due to old age" (ECB+ 4_1 /
# 4_2ecbplus, 16 words). Shorter fragments ("the fighting must end") recur in unrelated
# sentences; see docs/quality.md, compare, for what this matched on ECB+.
PARTIAL_QUOTE_WORDS = 8


def same_words(a: str, b: str, same_speaker: bool = False) -> bool:
    """Whether two quotes are the same words: the whole texts alike (QUOTE_MATCH), or, for
    one speaker, the shorter (PARTIAL_QUOTE_WORDS or more) alike a stretch of the longer."""
    from rapidfuzz import fuzz

    a, b = a.lower(), b.lower()
    if fuzz.ratio(a, b) >= QUOTE_MATCH:
        return True
    shorter = min(a, b, key=len)
    return same_speaker and len(shorter.split()) >= PARTIAL_QUOTE_WORDS and fuzz.partial_ratio(a, b) >= QUOTE_MATCH


def quote_findings(articles: list[Article], entities: list[Entity], units: list[Unit]) -> list[Draft]:
    """Each quote with its speaker entity; sets ``Quote.speaker_entity``.

    Args:
        articles: the story's articles (their quotes are read and updated).
        entities: the resolved entities.
        units: the sentence units (evidence: the quote's sentence).

    Returns:
        Drafts of kind ``quote``: ``corroborated`` when another voice quotes the same
        words (``same_words``), else ``single_source``.
    """
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
            # "he"/"she" only: "they" is no one person (the analysis' own resolution).
            if entity is None and quote.speaker is not None and \
                    quote.speaker.text.lower() in PRONOUNS_MALE | PRONOUNS_FEMALE:
                entity = _antecedent_entity(article, quote.speaker, speaker_of) or \
                    _pronoun_speaker(entities, article, quote.speaker)
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
            other_article, other, other_entity = quotes[j]
            if j in used or (other_article.voice or other_article.id) == (article.voice or article.id):
                continue
            if entity is not None and other_entity is not None and entity.id != other_entity.id:
                continue  # one quote, two speakers: a conflict (compare/quote_conflicts.py)
            same_speaker = entity is not None and other_entity is not None
            if same_words(quote.text, other.text, same_speaker) and words_differ(quote.text, other.text) is None:
                group.append((other_article, other))
                used.add(j)
        speaker = entity.name if entity is not None else (quote.speaker.text if quote.speaker else "unknown speaker")
        evidence = []
        for art, q in group:
            unit = _unit_at(units_by_article, art.id, q.start)
            start, end = (unit.start, unit.end) if unit is not None and _has_word(unit.text) \
                else (q.start, q.end)
            evidence.append(Evidence(art.id, start, end, art.text[start:end], q.text))
        status = "corroborated" if len({(a.voice or a.id) for a, _ in group}) >= 2 else "single_source"
        where = ", ".join(a.id for a, _ in group)
        drafts.append(Draft(status, "quote", f"{speaker}: {short(quote.text, 100)} ({where})", evidence,
                             subject=entity.id if entity is not None else None))
    return drafts
