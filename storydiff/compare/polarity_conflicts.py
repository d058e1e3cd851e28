"""Conflicts of polarity the aligned-claim pass misses: one report says a thing happened
(or is so, or is decided, or is known) and another says it did not (is not, is undecided,
is not disclosed).

:func:`storydiff.compare.claim_conflicts.negation_conflicts` needs two aligned sentences
with one predicate and a named subject; reports of a disputed fact word the two sides
differently ("she never entered Morningside" vs "Lohan had checked into Morningside
Recovery Center": a pronoun, two verbs, sentences at 0.5). Each rule here reads one
kind of fact from each sentence with a small closed lexicon or pattern, keyed by what the
fact is about (a place entity, a verb and its object, an organisation), and compares the
sides per key across voices:

- **entry**: someone entered (checked into, made it to) a named place vs never did;
- **decision**: "will decide whether to seek the death penalty" vs "will seek the death
  penalty" (undecided vs decided), and "is expected to" vs "is unlikely to";
- **disclosure**: "didn't say why X was suspended" / "the reason ... had not been made
  public" vs a report of the same verb with its reason ("suspended ... when she became
  agitated"); "couldn't say if anyone else was in the building" vs "nobody else was in
  the building";
- **defunct**: an organisation "now-defunct" vs "revived"/"reopened"/"still operating";
- **damage**: a named town "was undamaged" vs buildings "toppled in" it.

Every side is read only outside questions and suppositions, and an article that gives
both sides of one key contradicts nobody (it reports the dispute). When publication
times say the report with the later state is newer, the conflict is an update
(``relation="update"``, ``newer``), as in :mod:`storydiff.compare.status_conflicts`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from storydiff.compare.align import Unit
from storydiff.compare.draft import Draft, evidence_of, published_at, short
from storydiff.model import Entity

# A sentence that only supposes or asks ("if she had entered", "whether to charge him",
# "Did she enter?") states neither side. "whether" is handled by the rules that read it.
_SUPPOSED = re.compile(r"\b(?:if|unless|would have|could have|might have)\b", re.IGNORECASE)
# Evidence sentences kept per article and side: the first few are enough to show the
# side and keep the finding readable (status_conflicts keeps two).
_PER_ARTICLE = 2

# --- entry -----------------------------------------------------------------------------
# Verbs of getting into a place, by form. General English for arriving in an institution
# or building (rehab, hospital, court, a house): "entered", "checked in(to)", "made it
# to", "arrived at", "set foot in", "was admitted to", "settling in at".
_ENTRY_PAST = (r"entered|checked\s+(?:in\s*to|into|in\s+at)|made\s+it\s+(?:in\s*to|into|to)|arrived\s+at|"
               r"set\s+foot\s+in|(?:was|been)\s+admitted\s+to|admitted\s+(?:herself|himself)\s+to|"
               r"settling\s+in\s+at|settled\s+in\s+at")
_ENTRY_BASE = (r"enter|check\s+(?:in\s*to|into|in\s+at)|make\s+it\s+(?:in\s*to|into|to)|arrive\s+at|"
               r"set\s+foot\s+in|go\s+into|get\s+into")
# A capitalised name after the verb ("Morningside", "the Morningside Recovery Center").
_NAME = r"(?:the\s+)?([A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,4})"
_ENTRY_NEGATED = re.compile(
    r"\b(?:never|not|n\s?['\u2019]\s?t)\s+(?:ever\s+)?(?:actually\s+)?(?:" + _ENTRY_BASE + "|" + _ENTRY_PAST
    + r")\s+" + _NAME)
_ENTRY_ASSERTED = re.compile(r"\b(?:" + _ENTRY_PAST + r")\s+" + _NAME)
# Words right before an asserted entry that make it not an assertion: a negation, a
# plan or wish ("to check into", "would have entered"), a report that it was expected.
_NOT_ASSERTED = re.compile(
    r"(?:\b(?:not|never|no|to|would|could|should|might|may|will|if|whether|unless|without|before)\b|"
    r"n\s?['\u2019]\s?t)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
# "not yet entered" (then later), "no longer": compatible with an entry.
_NOT_YET = re.compile(r"\b(?:yet|no longer|until|before|again)\b", re.IGNORECASE)


def _place_key(name: str) -> str:
    """The place's key: its first word that is not a possessive ("California's Betty
    Ford Center" -> "betty"). The resolver does not always join "Morningside",
    "Morningside Recovery" and "Morningside Recovery Center Thursday" (measured on the
    findings gold, 1_ecbplus), while the first word of a named place is what every report
    keeps."""
    words = [w for w in name.split() if not re.search(r"['\u2019]s$", w)]
    return (words or name.split())[0].lower()


# The entrant, the word before the verb once auxiliaries, adverbs and an age appositive
# ("Lohan, 26, had checked into") are skipped: one person, named or "he"/"she". Crowds
# and vehicles ("troops entered Gaza" vs "aid trucks have not entered Gaza") are many
# actors, each entering or not: no contradiction.
_ENTRANT = re.compile(
    r"(?:^|[\s\"\u201c(])(he|she|[A-Z][\w'\u2019-]+)(?:,\s*\d+,)?\s+(?:(?:had|has|have|was|is|did|does|"
    r"eventually|reportedly|actually|then|finally|already|also|just|ever|never|not|n\s?['\u2019]\s?t|"
    r"didn\s?['\u2019]\s?t)\s+){0,3}$")
_NOT_ENTRANT = frozenset("the a an this that it they we there".split())


def _one_person_before(text: str, at: int) -> bool:
    found = _ENTRANT.search(text[max(0, at - 60):at])
    return found is not None and found.group(1).lower() not in _NOT_ENTRANT


def _entry_sides(unit: Unit) -> Iterable[tuple[str, bool]]:
    text = unit.text
    if text.rstrip().endswith("?") or _SUPPOSED.search(text):
        return
    negated_spans = []
    for match in _ENTRY_NEGATED.finditer(text):
        negated_spans.append((match.start(), match.end()))
        if _NOT_YET.search(text[max(0, match.start() - 30):match.end()]):
            continue
        if _one_person_before(text, match.start()):
            yield _place_key(match.group(1)), False
    for match in _ENTRY_ASSERTED.finditer(text):
        if any(s <= match.start() < e for s, e in negated_spans):
            continue
        if _NOT_ASSERTED.search(text[max(0, match.start() - 40):match.start()]):
            continue
        if _one_person_before(text, match.start()):
            yield _place_key(match.group(1)), True


# --- decision ----------------------------------------------------------------------------
# "will decide (closer to trial) whether to seek the death penalty", "has not decided
# whether to appeal": the decision is open. The verb and up to three object words follow.
_UNDECIDED = re.compile(
    r"\b(?:will|would|to|has\s+not|have\s+not|had\s+not|hasn't|haven't|hadn't|yet\s+to)\s+(?:yet\s+)?"
    r"(?:decide|decided|determine|determined)\b[^.;]{0,40}?\bwhether\s+(?:or\s+not\s+)?to\s+"
    r"([a-z]+)\s+((?:the\s+|a\s+|an\s+)?[a-z]+(?:\s+[a-z]+){0,2})", re.IGNORECASE)
# The same verb stated as decided: "will (now) seek the death penalty", "decided to seek",
# "plans to seek", "is seeking", "are going to seek".
_DECIDED = (r"\b(?:will|shall|decided\s+to|plans?\s+to|planning\s+to|intends?\s+to|going\s+to|opted\s+to|"
            r"chose\s+to|agreed\s+to)\s+(?:now\s+)?{verb}\b|\b(?:is|are|was|were)\s+(?:now\s+)?{verb_ing}\b")
# "is expected to testify" vs "is unlikely to testify": a forecast and its opposite.
_EXPECTED = re.compile(r"(\w+)\s+(?:is|are|was|were)\s+(?:widely\s+|also\s+)?(expected|likely|set|poised|due)\s+to\s+"
                       r"([a-z]+)\b", re.IGNORECASE)
_UNLIKELY = re.compile(r"(\w+)\s+(?:is|are|was|were)\s+(?:not\s+(?:expected|likely)|unlikely)\s+to\s+([a-z]+)\b",
                       re.IGNORECASE)
# A forecast is keyed by its verb and the subject's last word ("The senator is expected
# to testify": "senator"); a pronoun could be anyone, so it keys nothing.
_PRONOUNS = frozenset("he she it they we i you who which that this there".split())
_STOP = frozenset("the a an his her their its of to in on at for with and or be".split())


def _ing(verb: str) -> str:
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    return verb + "ing"


def _content(words: str) -> frozenset[str]:
    return frozenset(w for w in words.lower().split() if w not in _STOP)


def _decision_sides(unit: Unit, others: list[Unit]) -> Iterable[tuple[str, bool, Unit]]:
    """(verb + object, decided?) read from the unit and, for an undecided one, every
    other unit that states the decision taken."""
    text = unit.text
    if text.rstrip().endswith("?"):
        return
    for match in _UNDECIDED.finditer(text):
        verb, obj = match.group(1).lower(), _content(match.group(2))
        if not obj:
            continue
        key = f"{verb} {' '.join(sorted(obj))}"
        yield key, False, unit
        pattern = re.compile(_DECIDED.format(verb=re.escape(verb), verb_ing=re.escape(_ing(verb))), re.IGNORECASE)
        for other in others:
            if other.voice == unit.voice or other.text.rstrip().endswith("?") or _UNDECIDED.search(other.text):
                continue
            for found in pattern.finditer(other.text):
                tail = _content(other.text[found.end():found.end() + 40])
                if obj <= tail and not _SUPPOSED.search(other.text[:found.start()]) and \
                        not re.search(r"\b(?:not|whether)\W+(?:\w+\W+){0,2}$", other.text[:found.start()], re.I):
                    yield key, True, other


# --- disclosure ----------------------------------------------------------------------------
# "didn't say why", "would not explain why", "it is unclear why", "the reason ... had not
# been made public": the cause was not given. The clause after "why" (or after "reason")
# names the event whose cause is missing.
_WHY_UNSAID = re.compile(
    r"(?:\b(?:did\s+not|didn\s?['\u2019]\s?t|would\s+not|wouldn\s?['\u2019]\s?t|could\s+not|couldn\s?['\u2019]\s?t|"
    r"declined\s+to|refused\s+to|won\s?['\u2019]\s?t|will\s+not)\s+(?:say|explain|disclose|reveal|specify|comment\s+on)|"
    r"\b(?:unclear|not\s+(?:yet\s+)?(?:known|clear)|unknown))\s+why\s+([^.;]{5,120})", re.IGNORECASE)
_REASON_UNSAID = re.compile(
    r"\breasons?\s+(?:why\s+|for\s+)?([^.;]{5,80}?)\s+(?:was|were|is|are|has|have|had|remains?|remained)\s+"
    r"(?:not\s+(?:yet\s+)?(?:been\s+)?(?:made\s+public|released|disclosed|revealed|known|clear|given)|"
    r"unknown|unclear|undisclosed)", re.IGNORECASE)
# What gives an event's cause right after its verb: "suspended ... when she became
# agitated", "because", "for feuding with colleagues", "over a dispute", "following an
# altercation", "due to". General English cause and circumstance markers.
_CAUSE = re.compile(r"^\W*(?:[\w'\u2019-]+\W+){0,6}?(?:because|when|over|due\s+to|following|after|"
                    r"for\s+(?:\w+ing|being|allegedly|his|her|their|its))\b", re.IGNORECASE)
# "couldn't say if anyone else was in the building" vs "there was nobody else in the
# building": an existence question and its answer, keyed by the place noun.
_WHETHER_ANYONE = re.compile(
    r"(?:\b(?:did\s+not|didn\s?['\u2019]\s?t|would\s+not|wouldn\s?['\u2019]\s?t|could\s+not|couldn\s?['\u2019]\s?t|"
    r"declined\s+to|can\s?not|can\s?['\u2019]\s?t)\s+(?:say|confirm|know|tell)|\b(?:unclear|not\s+known|unknown))\s+"
    r"(?:if|whether)\s+(?:anyone|anybody|anything|(others|other\s+people))\s+(else\s+)?(?:was|were|had\s+been)\s+"
    r"(?:in|inside|at|on)\s+(?:the|that)\s+([a-z]+)", re.IGNORECASE)
# The answer, with "else"/"other" kept apart: "someone was in the building" does not
# answer "anyone else" (the victim was someone).
_ANSWERED = re.compile(
    r"\b(?:nobody|no\s+one|no-one|nothing|someone|somebody|(no\s+other\s+people|others|other\s+people))\s+"
    r"(else\s+)?(?:was|were|had\s+been|is|are)?\s*(?:still\s+)?(?:in|inside|at|on)\s+(?:the|that)\s+([a-z]+)",
    re.IGNORECASE)


def _existence_key(match: re.Match) -> str:
    other = " else" if match.group(1) or match.group(2) else ""
    return f"anyone{other} in the {match.group(3).lower()}"


def _cause_stated(unit: Unit, predicates: set[str]) -> bool:
    """Whether the unit states one of ``predicates`` with its cause right after the verb."""
    text = unit.text
    for claim in unit.article.claims:
        span = claim.predicate_span
        if claim.predicate not in predicates or span is None or not unit.start <= span.start < unit.end:
            continue
        if claim.negated or claim.modality in ("hypothetical", "planned", "denied"):
            continue
        after = text[span.end - unit.start:span.end - unit.start + 80]
        if _CAUSE.search(after):
            return True
    return False


def _predicates_in(unit: Unit, start: int, end: int) -> set[str]:
    """Lemmas of the claims whose verb lies in the unit's text[start:end]."""
    from storydiff.compare.claim_conflicts import _LIGHT

    found = set()
    for claim in unit.article.claims:
        span = claim.predicate_span
        if span is not None and unit.start + start <= span.start < unit.start + end and claim.predicate not in _LIGHT:
            found.add(claim.predicate)
    return found


def _disclosure_sides(units: list[Unit]) -> Iterable[tuple[str, bool, Unit]]:
    unsaid: list[tuple[Unit, set[str]]] = []
    for unit in units:
        if unit.text.rstrip().endswith("?"):
            continue
        for pattern in (_WHY_UNSAID, _REASON_UNSAID):
            for match in pattern.finditer(unit.text):
                predicates = _predicates_in(unit, match.start(1), match.end(1))
                if predicates:
                    unsaid.append((unit, predicates))
        for match in _WHETHER_ANYONE.finditer(unit.text):
            yield _existence_key(match), False, unit
    for unit in units:
        if unit.text.rstrip().endswith("?") or _SUPPOSED.search(unit.text) or _WHETHER_ANYONE.search(unit.text):
            continue
        for match in _ANSWERED.finditer(unit.text):
            yield _existence_key(match), True, unit
    for unit, predicates in unsaid:
        key = "why " + "/".join(sorted(predicates))
        yield key, False, unit
        for other in units:
            if other.voice != unit.voice and _cause_stated(other, predicates):
                yield key, True, other


# --- defunct ---------------------------------------------------------------------------
# An organisation gone ("the now-defunct Matanuska Creamery", "X closed", "went out of
# business") vs running ("revived ... the Matanuska Creamery", "reopened", "still
# operating"). General business-news words for a firm's state.
_GONE_BEFORE = re.compile(r"\b(?:now[\s-]+)?(?:defunct|shuttered|bankrupt|closed|dissolved)\s+" + _NAME)
_GONE_AFTER = re.compile(_NAME.replace("(?:the\\s+)?", "") + r",?\s+(?:which\s+)?(?:has\s+|had\s+)?(?:since\s+)?"
                         r"(?:closed|shut\s+down|folded|went\s+(?:out\s+of\s+business|bankrupt|under))\b")
_RUNNING = re.compile(r"\b(?:revived|reopened|relaunched|resurrected|re-established|reborn|still\s+(?:operating|open|"
                      r"in\s+business)|successfully|thriving)\b", re.IGNORECASE)
# How far (characters) a running word may be from the organisation's name in one
# sentence: "it was revived in 2008 under a private operation called the Matanuska
# Creamery, which is successfully ..." puts it 60 characters before.
_RUNNING_REACH = 80


def _org_key(name: str) -> str:
    """An organisation's key: its name as written, lower case, without "the". The full
    name, not the resolver's entity: "Matanuska Maid" (closed 2008) and "Matanuska
    Creamery" (its successor) are two firms that share a first word (findings gold
    13_ecbplus)."""
    words = name.lower().split()
    return " ".join(words[1:] if words and words[0] == "the" else words)


# A name of two or more capitalised words: the named entity stage misses many firm
# names ("a private operation called the Matanuska Creamery" has no mention), so the
# running side reads the names written near its word.
_FIRM_NAME = re.compile(r"\b(?:the\s+)?([A-Z][\w'\u2019&-]*(?:\s+(?:of\s+)?[A-Z][\w'\u2019&-]*){1,4})")


def _defunct_sides(unit: Unit) -> Iterable[tuple[str, bool]]:
    text = unit.text
    if text.rstrip().endswith("?") or _SUPPOSED.search(text):
        return
    gone = set()
    for pattern in (_GONE_BEFORE, _GONE_AFTER):
        for match in pattern.finditer(text):
            gone.add(_org_key(match.group(1)))
    yield from ((key, False) for key in gone)
    running = set()
    for word in _RUNNING.finditer(text):
        window_start = max(0, word.start() - _RUNNING_REACH)
        for name in _FIRM_NAME.finditer(text, window_start, word.end() + _RUNNING_REACH):
            running.add(_org_key(name.group(1)))
    yield from ((key, True) for key in running - gone)


# --- damage ------------------------------------------------------------------------------
# A named place spared ("The island's main town, also called Qeshm, was undamaged") vs
# damaged ("Buildings were toppled in the island's capital, Qeshm City"). General
# disaster-news words for both states.
_PLACE = r"([A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3})"
_SPARED = re.compile(_PLACE + r",?\s+(?:was|were|is|are|had\s+been|remained|remains)\s+(?:largely\s+|mostly\s+|"
                     r"left\s+)?(?:undamaged|unscathed|intact|spared|untouched)\b")
_DAMAGED = re.compile(r"\b(?:toppled|destroyed|damaged|collapsed|flattened|razed|levell?ed)\s+in\s+"
                      r"(?:the\s+)?(?:[a-z][\w'\u2019]*\s+){0,3}(?:[a-z][\w'\u2019]*,\s+)?" + _PLACE + "|"
                      + _PLACE + r"\s+(?:was|were|had\s+been)\s+(?:badly\s+|heavily\s+|severely\s+)?"
                      r"(?:damaged|destroyed|flattened|razed|levell?ed)\b")


def _town_key(name: str) -> str:
    """A place's key: "Qeshm City" and "Qeshm" are one town ("New York City" is New York);
    "Qeshm Island" stays the island, which holds the town."""
    words = name.lower().split()
    if words and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[-1] in ("city", "town"):
        words = words[:-1]
    return " ".join(words)


def _damage_sides(unit: Unit) -> Iterable[tuple[str, bool]]:
    text = unit.text
    if text.rstrip().endswith("?") or _SUPPOSED.search(text):
        return
    for match in _SPARED.finditer(text):
        if not _NEGATION_BEFORE.search(text[max(0, match.start(1) - 20):match.start(1)]):
            yield _town_key(match.group(1)), True
    for match in _DAMAGED.finditer(text):
        name = match.group(1) or match.group(2)
        yield _town_key(name), False


_NEGATION_BEFORE = re.compile(r"\b(?:not|never|no)\W+$", re.IGNORECASE)


# --- assembling --------------------------------------------------------------------------


def polarity_conflicts(units: list[Unit], entities: list[Entity]) -> list[Draft]:
    """Conflicts of entry, decision, forecast, disclosure, organisation state and damage
    across voices.

    Args:
        units: the story's sentence units.
        entities: the resolved entities.

    Returns:
        ``conflict`` drafts of kind ``claim``, one per key some voices state one way and
        others the other way; subject ``polarity:<rule>:<key>``.
    """
    readings: list[tuple[str, str, bool, Unit]] = []
    for unit in units:
        readings += [("entry", key, side, unit) for key, side in _entry_sides(unit)]
        readings += [("defunct", key, side, unit) for key, side in _defunct_sides(unit)]
        readings += [("damage", key, side, unit) for key, side in _damage_sides(unit)]
        readings += [("decision", key, side, found) for key, side, found in _decision_sides(unit, units)]
        for pattern, side in ((_EXPECTED, True), (_UNLIKELY, False)):
            for match in pattern.finditer(unit.text):
                if match.group(1).lower() not in _PRONOUNS:
                    readings.append(("forecast", f"{match.group(match.lastindex).lower()} "
                                     f"({match.group(1).lower()})", side, unit))
    readings += [("disclosure", key, side, found) for key, side, found in _disclosure_sides(units)]
    labels: dict[str, Callable[[str], str]] = {
        "entry": lambda k: f"Entered {k.title()}",
        "defunct": lambda k: f"{k.title()} operating",
        "decision": lambda k: f"Decided to {k}",
        "damage": lambda k: f"{k.title()} undamaged",
        "forecast": lambda k: f"Expected to {k}",
        "disclosure": lambda k: f"Stated: {k}",
    }
    # Which side is the later state, the one a newer report would give; None where
    # neither follows the other (an entry happened or not; a forecast and its opposite).
    later = {"damage": None, "entry": None, "defunct": False, "decision": True, "forecast": None, "disclosure": True}
    return _drafts(readings, labels, later)


# Rules whose two sides are claims of sources about what happened ("her lawyer said she
# checked in", "TMZ reported she never entered"): an article quoting both sources still
# disagrees with the articles that give one side. For the others (a state, a decision,
# what was disclosed) an article that gives both sides has resolved it itself.
_DISPUTES = frozenset({"entry"})


def _drafts(readings: list[tuple[str, str, bool, Unit]], labels: dict[str, Callable[[str], str]],
            later: dict[str, bool | None]) -> list[Draft]:
    grouped: dict[tuple[str, str], dict[bool, dict[str, list[Unit]]]] = {}
    for rule, key, side, unit in readings:
        sides = grouped.setdefault((rule, key), {True: {}, False: {}})
        found = sides[side].setdefault(unit.article.id, [])
        if unit not in found:
            found.append(unit)
    drafts = []
    for (rule, key), sides in grouped.items():
        both = set(sides[True]) & set(sides[False])
        if rule in _DISPUTES:
            # An article giving both sides reports the dispute between its sources; it
            # stays on both sides when another article takes one side alone.
            yes, no = sides[True], sides[False]
            if not set(yes) - both and not set(no) - both:
                continue
        else:
            yes = {a: found for a, found in sides[True].items() if a not in both}
            no = {a: found for a, found in sides[False].items() if a not in both}
        if not yes or not no:
            continue
        voices_yes = {found[0].voice for found in yes.values()}
        voices_no = {found[0].voice for found in no.values()}
        if voices_yes == voices_no and len(voices_yes) == 1:
            continue  # copies of one text
        evidence = []
        for side, group in ((True, yes), (False, no)):
            for found in group.values():
                evidence += [evidence_of(u, "yes" if side else "no") for u in found[:_PER_ARTICLE]]
        relation, newer = None, None
        if later[rule] is not None:
            relation, newer = _update(yes if later[rule] else no, no if later[rule] else yes)
        first_no = next(iter(no.values()))[0]
        first_yes = next(iter(yes.values()))[0]
        summary = (f"{labels[rule](key)}: no ({', '.join(no)}: \u201c{short(first_no.text, 80)}\u201d) vs yes "
                   f"({', '.join(yes)}: \u201c{short(first_yes.text, 80)}\u201d)")
        if relation:
            summary += " \u2014 an update"
        drafts.append(Draft("conflict", "claim", summary, evidence, subject=f"polarity:{rule}:{key}",
                            relation=relation, newer=newer))
    return drafts


def _update(late: dict[str, list[Unit]], early: dict[str, list[Unit]]) -> tuple[str | None, str | None]:
    """An update when every report of the later state is newer than every report of the
    earlier one (by publication instant); otherwise a plain contradiction."""
    late_at = {a: published_at(found[0].article) for a, found in late.items()}
    early_at = [published_at(found[0].article) for found in early.values()]
    if not all(late_at.values()) or not all(early_at):
        return None, None
    if min(late_at.values()) > max(early_at):
        return "update", max(late_at, key=lambda a: late_at[a])
    return None, None
