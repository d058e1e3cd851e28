"""Exclusive roles: who or what is "the worst hit", "the largest", "the first", "the only".

A superlative names the one thing (or the few things) that hold a role: "the four
hardest-hit villages were Tonban, Gavarzin, Khaledin and Gourian". Two voices that fill
one role with names that share none disagree ("the villages of Karavan and Kousheh were
worst hit"); two lists that share a name, even spelt otherwise ("Karavan" and "Karvan"),
are two partial answers, not a conflict. The role is the superlative with its head noun
("worst hit villages"), so the worst-hit villages never meet the largest city.

Only proper names fill a role here: a common noun ("the worst-hit areas were in the
west") is a description that another answer may well fit.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from storydiff.compare.align import Unit
from storydiff.compare.attribute_slots import Attribute, attribute_findings
from storydiff.compare.draft import Draft

# Superlatives of an exclusive role, each with the word its synonyms share: "hardest
# hit", "worst-affected" and "most affected" are one role. General English news phrasing
# of disasters and rankings (the findings gold's quake story used three of them).
_ROLES = [
    (r"(?:worst|hardest|most(?: badly| severely| seriously)?)[ -](?:hit|affected|damaged|struck)|most affected",
     "worst hit"),
    (r"largest|biggest", "largest"),
    (r"deadliest", "deadliest"),
    (r"first", "first"),
    (r"only", "only"),
]
_ROLE = "|".join(f"(?:{pattern})" for pattern, _ in _ROLES)
_NAME = r"[A-Z][a-z][\w'-]*(?: [A-Z][a-z][\w'-]*)?"
# "Tonban, Gavarzin, Khaledin and Gourian": names joined by commas and one "and".
_NAMES = rf"{_NAME}(?:, {_NAME})*,? (?:and|&) {_NAME}|{_NAME}"
_NOUN = r"[a-z]+"
_NUMBER = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+) "
# "the four hardest-hit villages were Tonban, ...", "The most affected villages were
# identified as Gabardin, ...": role, noun, copula, names.
_ROLE_FIRST = re.compile(
    rf"\b[Tt]he (?:{_NUMBER})?(?P<role>{_ROLE}) (?P<noun>{_NOUN}) (?:were|was|are|is|included?)"
    rf"(?: (?:identified|named|listed) as)? (?P<names>{_NAMES})\b")
# "the villages of Karavan and Kousheh were worst hit", "Karavan was the worst-hit village".
_NAMES_FIRST = re.compile(
    rf"(?:\b[Tt]he (?P<noun>{_NOUN}) of )?(?P<names>{_NAMES}) (?:were|was|are|is) (?:the )?"
    rf"(?P<role>{_ROLE})(?: (?P<noun2>{_NOUN}))?\b")
# Difflib ratio at or above which two names are one spelt two ways: the quake story's
# transliterations Karavan/Karvan (0.92) and Khaledin/Khaldin (0.93) are above it;
# different villages (Gavarzin/Gabardin 0.75, Karavan/Kousheh 0.43) below it.
SAME_NAME = 0.8


def _role_of(phrase: str) -> str:
    for pattern, role in _ROLES:
        if re.fullmatch(pattern, phrase, re.I):
            return role
    return phrase.lower()


def _singular(noun: str) -> str:
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


# Capitalised words that open a sentence without being a name ("He was the first ...").
_NOT_NAMES = frozenset("""he she it they we i you this that these those there here his her its their
    our one police officials authorities witnesses residents who what which""".split())


def _fillers(unit: Unit) -> list[tuple[str, str]]:
    found = []
    for pattern in (_ROLE_FIRST, _NAMES_FIRST):
        for match in pattern.finditer(unit.text):
            noun = match.group("noun") or (match.groupdict().get("noun2") or "")
            if not noun:
                continue  # "Smith was the first": first what is not said
            names = re.split(r",\s*|\s+(?:and|&)\s+", match.group("names"))
            key = f"{_role_of(match.group('role'))} {_singular(noun)}"
            names = [name.strip() for name in names if name.strip()]
            if any(name.split()[0].lower() in _NOT_NAMES for name in names):
                continue
            found += [(key, name) for name in names]
    return found


def _other_name(a: str, b: str) -> bool:
    return SequenceMatcher(None, a.lower(), b.lower()).ratio() < SAME_NAME


EXCLUSIVE = Attribute("exclusive", "Who holds the role:", _fillers, _other_name, keyed=True)


# Whom a shooter meant to hit: "Lopez was reportedly aiming for an 11-year old girl",
# "Lopez told police he was aiming for rival gang members", "told police his dozen rounds
# were intended for members of a rival gang". The shooter (a surname written as the
# verb's subject) is the key; the target is the noun phrase after the verb, up to a
# clause break.
_SHOOTER = r"(?P<name>[A-Z][a-z][\w'-]*)(?: and [A-Z][a-z][\w'-]*)?"
_TARGET = r"(?P<target>(?:(?!(?:who|whom|when|that|with|over|because|after|from|on|in|as|while)\b)[\w'-]+ ?){1,8})"
_AIMED = re.compile(
    rf"\b{_SHOOTER},? (?:(?:was|were|is|are|had been) )?(?:reportedly |allegedly |apparently )?"
    rf"(?:aiming (?:for|at)|targeting|targeted) {_TARGET}"
    rf"|\b{_SHOOTER.replace('name', 'name2')},? (?:who )?told (?:police|investigators|detectives) (?:that )?(?:(?:he|she|they) (?:was|were) "
    rf"(?:aiming (?:for|at)|targeting)|(?:his|her|their) (?:[\w-]+ )?(?:rounds|shots|bullets) were (?:intended|meant) for) "
    + _TARGET.replace("target", "target2"))
_FILLER = frozenset("a an the of his her their its some several two three four rival".split())


def _targets(unit: Unit) -> list[tuple[str, str]]:
    found = []
    for match in _AIMED.finditer(unit.text):
        name = match.group("name") or match.group("name2")
        target = (match.group("target") or match.group("target2")).strip()
        if name.lower() not in _NOT_NAMES and _target_words(target):
            found.append((name, target))
    return found


def _target_words(target: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][\w'-]*", target.lower()) if w not in _FILLER}


def _other_target(a: str, b: str) -> bool:
    """Targets disagree when no word of one names the other ("rival gang members" and
    "members of the Young Goon gang" share "gang"; "an 11-year old girl" shares none)."""
    return not (_target_words(a) & _target_words(b))


TARGET = Attribute("target", "Whom was aimed at by", _targets, _other_target, keyed=True)


def exclusive_findings(units: list[Unit]) -> list[Draft]:
    """Conflicts between voices that fill one exclusive role with names that share none.

    Args:
        units: the story's sentence units.

    Returns:
        ``conflict`` drafts (kind ``claim``), one per role two voices fill apart.
    """
    return attribute_findings(units, (EXCLUSIVE, TARGET))
