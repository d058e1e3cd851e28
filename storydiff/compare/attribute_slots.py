"""Attributes news states as words, not numbers: a vehicle's colour, the weapon, how the
victims died, a patient's condition.

Each :data:`ATTRIBUTES` entry reads, per article, the values it gives for one attribute
(a small closed vocabulary, normalised: "gray" is "grey") and the sentences that give
them. Two voices conflict when every value one gives is incompatible with every value
the other gives: an article that says both "burned" and "choked on smoke" is compatible
with either. Values are compared within one *key* (the vehicle's model, the patient's
name) where the attribute has one, so two cars never conflict.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from storydiff.compare.align import Unit
from storydiff.compare.draft import Draft, evidence_of


@dataclass(frozen=True)
class Attribute:
    """One attribute: how to read (key, value) pairs from a sentence, and when two
    values clash."""

    name: str
    label: str
    read: Callable[[Unit], list[tuple[str, str]]]
    clash: Callable[[str, str], bool]


_COLOURS = {"silver": "silver", "grey": "grey", "gray": "grey", "black": "black", "white": "white",
            "red": "red", "blue": "blue", "green": "green", "yellow": "yellow", "gold": "gold",
            "tan": "tan", "beige": "beige", "brown": "brown", "maroon": "maroon", "orange": "orange",
            "purple": "purple", "burgundy": "maroon", "champagne": "gold"}
# "a silver Toyota Camry", "a gray 2013 Toyota Camry", "a 2013 gray Camry": the colour,
# then the make and model as written (the model, its last word, is the key).
_VEHICLE = re.compile(
    r"\b(" + "|".join(_COLOURS) + r")(?:\s+(?:19|20)\d\d)?((?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2})\b")


def _vehicle_colours(unit: Unit) -> list[tuple[str, str]]:
    found = []
    for match in _VEHICLE.finditer(unit.text):
        model = match.group(2).split()[-1].lower()
        found.append((model, _COLOURS[match.group(1)]))
    return found


# Firearms by family: a report of a rifle and one of a shotgun disagree; "handgun" and
# "revolver" do not (one is the other's kind).
_FIREARMS = {"shotgun": "shotgun", "rifle": "rifle", "assault rifle": "rifle", "carbine": "rifle",
             "ak-47": "rifle", "ar-15": "rifle", "handgun": "handgun", "pistol": "handgun",
             "revolver": "handgun", "magnum": "handgun", "semi-automatic pistol": "handgun"}
_FIREARM = re.compile(r"\b(" + "|".join(sorted(_FIREARMS, key=len, reverse=True)) + r")s?\b", re.I)
# Words that make the weapon the one used in the event, not one found at home later.
_USED = re.compile(r"\b(?:shot|shoot|shooting|fired|opened fire|armed with|brought|carrying|carried|"
                   r"walked in|pulled|wielding|with a|slaying)\b", re.I)


def _firearms(unit: Unit) -> list[tuple[str, str]]:
    if not _USED.search(unit.text):
        return []
    return [("", _FIREARMS[m.group(1).lower()]) for m in _FIREARM.finditer(unit.text)]


# How the victims died, by cause.
_DEATHS = [
    (re.compile(r"\bburn(?:ed|t|ing)? (?:to death|alive)\b|\bburned beyond\b", re.I), "burns"),
    (re.compile(r"\bsuffocat\w*|\basphyxi\w*|\bsmoke inhalation\b|\bchok\w* on (?:the )?smoke\b|"
                r"\bovercome by (?:the )?(?:smoke|fumes)\b", re.I), "smoke"),
    (re.compile(r"\bdrown\w*", re.I), "drowning"),
    (re.compile(r"\bstabbed to death\b", re.I), "stabbing"),
    (re.compile(r"\bbeaten to death\b", re.I), "beating"),
]


def _causes_of_death(unit: Unit) -> list[tuple[str, str]]:
    return [("", cause) for pattern, cause in _DEATHS if pattern.search(unit.text)]


# A patient's condition as hospitals report it, from worst to best. Two values two or
# more steps apart disagree ("critical" vs "stable"); neighbours are one patient's
# condition a few hours apart or two ways of saying it.
_CONDITIONS = ["grave", "critical", "serious", "stable", "fair", "good"]
_CONDITION = re.compile(r"\b(grave|critical|serious|stable|fair|good)\s+condition\b|"
                        r"\b(critically|seriously)\s+(?:injur|wound|hurt)\w*", re.I)


def _conditions(unit: Unit) -> list[tuple[str, str]]:
    found = []
    # The person a condition sentence names is often the speaker ("Dorsey says ... a
    # third critically injured"), so sentences are not keyed by name: a story with two
    # patients in different states is the risk taken (none in the development stories).
    key = ""
    for match in _CONDITION.finditer(unit.text):
        word = (match.group(1) or {"critically": "critical", "seriously": "serious"}[match.group(2).lower()])
        found.append((key, word.lower()))
    return found


# How badly a building was hit: destroyed outright, or only nearly or in part. The
# building's kind is the key (a warehouse is a building; a home a house).
_BUILDINGS = {"building": "building", "warehouse": "building", "structure": "building", "plant": "building",
              "factory": "building", "creamery": "building", "hospital": "hospital", "home": "house",
              "house": "house", "church": "church", "mosque": "mosque", "school": "school", "bank": "bank",
              "hotel": "hotel", "store": "store", "shop": "store", "bridge": "bridge", "tower": "tower"}
_BUILDING = re.compile(r"\b(" + "|".join(_BUILDINGS) + r")s?\b", re.I)
_DESTROYED = re.compile(r"\b(?:destroy(?:ed|ing)?|demolish(?:ed|ing)?|level(?:l)?ed|flatten(?:ed|ing)?|razed?|"
                        r"burn(?:ed|t) to the ground|gutted|collapsed?)\b", re.I)
_PARTLY = re.compile(r"\b(?:nearly|almost|partly|partially|part of|largely|mostly|half)\s+(?:\w+\s+){0,2}?$", re.I)


def _destruction(unit: Unit) -> list[tuple[str, str]]:
    found = []
    building = _BUILDING.search(unit.text)
    if building is None:
        return found
    key = _BUILDINGS[building.group(1).lower()]
    for match in _DESTROYED.finditer(unit.text):
        before = unit.text[max(0, match.start() - 30):match.start()]
        near = unit.text[max(0, building.start() - 15):building.start()]
        partial = _PARTLY.search(before) or re.search(r"\bpart of (?:a|the)\s+$", near, re.I)
        found.append((key, "partly" if partial else "wholly"))
    return found


def _condition_clash(a: str, b: str) -> bool:
    return abs(_CONDITIONS.index(a) - _CONDITIONS.index(b)) >= 2


def _different(a: str, b: str) -> bool:
    return a != b


ATTRIBUTES = (
    Attribute("colour", "Colour of the", _vehicle_colours, _different),
    Attribute("weapon", "Weapon", _firearms, _different),
    Attribute("death", "How the victims died", _causes_of_death, _different),
    Attribute("condition", "Condition of the wounded", _conditions, _condition_clash),
    Attribute("destruction", "Destroyed", _destruction, _different),
)


def attribute_findings(units: list[Unit]) -> list[Draft]:
    """Conflicts between voices on word-valued attributes.

    Args:
        units: the story's sentence units.

    Returns:
        ``conflict`` drafts (kind ``claim``), one per attribute and key on which two
        voices give only incompatible values.
    """
    drafts = []
    for attribute in ATTRIBUTES:
        # key -> article -> values and the units that give them
        said: dict[str, dict[str, tuple[set[str], list[int]]]] = {}
        for index, unit in enumerate(units):
            for key, value in attribute.read(unit):
                values, where = said.setdefault(key, {}).setdefault(unit.article.id, (set(), []))
                values.add(value)
                if index not in where:
                    where.append(index)
        for key, by_article in said.items():
            articles = list(by_article)
            clashing = set()
            for i, a in enumerate(articles):
                for b in articles[i + 1:]:
                    ua, ub = units[by_article[a][1][0]], units[by_article[b][1][0]]
                    if ua.voice == ub.voice:
                        continue
                    if all(attribute.clash(x, y) for x in by_article[a][0] for y in by_article[b][0]):
                        clashing |= {a, b}
            if not clashing:
                continue
            groups: dict[str, list[str]] = {}
            for article in articles:
                if article in clashing:
                    groups.setdefault(" / ".join(sorted(by_article[article][0])), []).append(article)
            label = f"{attribute.label} {key}" if attribute.name in ("colour", "destruction") else attribute.label
            summary = f"{label}: " + " vs ".join(f"{value} ({', '.join(where)})" for value, where in groups.items())
            evidence = []
            for article in articles:
                if article in clashing:
                    values, where = by_article[article]
                    evidence += [evidence_of(units[i], " / ".join(sorted(values))) for i in where[:2]]
            drafts.append(Draft("conflict", "claim", summary, evidence, subject=f"attribute:{attribute.name}:{key}"))
    return drafts
