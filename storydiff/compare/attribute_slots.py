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
from storydiff.compare.draft import Draft, evidence_of, published_at
from storydiff.model import Article


@dataclass(frozen=True)
class Attribute:
    """One attribute: how to read (key, value) pairs from a sentence, and when two
    values clash."""

    name: str
    label: str
    read: Callable[[Unit], list[tuple[str, str]]]
    clash: Callable[[str, str], bool]
    # What an article states when it gives several values: by default all of them (an
    # article that says both is compatible with either); an attribute that ranks its
    # values keeps the one that counts (a suspect's gravest charge).
    keep: Callable[[set[str]], set[str]] | None = None
    keyed: bool = False  # the key names what the attribute is of ("Colour of the camry")
    # When two articles' value sets disagree; by default when every value of one clashes
    # with every value of the other.
    disagree: Callable[[set[str], set[str]], bool] | None = None


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


# Where a victim died: at the scene, on the way to hospital, or at a hospital. Only
# "died" is read: "pronounced dead at X Hospital" is where death was declared, which a
# victim who died at the scene also is (ECB+ 19: "dead on arrival" and "pronounced dead
# at Kings County Hospital" in two reports of one death).
_DEATH_PLACES = [
    (re.compile(r"\bdied (?:instantly|immediately|at the scene|on the scene|on the spot)\b|"
                r"\b(?:pronounced|declared) dead at the scene\b|\bkilled instantly\b", re.I), "at the scene"),
    (re.compile(r"\bdied (?:on the way|en route|while being (?:taken|rushed|transported|flown))\b", re.I),
     "on the way to hospital"),
    # the hospital's name in capitals between ("died at Jamaica Hospital"), so no flag
    # that would let "at the scene after being taken to hospital" read as one name
    (re.compile(r"\b[Dd]ied (?:later |hours later |shortly afterwards? )?(?:at|in) (?:the |a |an )?"
                r"(?:[A-Z][\w.'-]*\s+){0,4}(?:[Hh]ospital|[Mm]edical [Cc]ent(?:er|re))\b|"
                r"\b(?:[Hh]ospital|[Mm]edical [Cc]ent(?:er|re))\b[^.;]{0,40}?,? where\b[^.;]{0,110}?\bdied\b"),
     "at a hospital"),
]
# A plural subject ("two women were pronounced dead at the scene", "both died at the
# scene") is several victims, who may each have died elsewhere: such a sentence says
# nothing of one death's place.
_PLURAL_DEAD = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|both|all|they|were|"
                          r"victims|people|others|several|many)\b", re.I)
_HEDGED = re.compile(r"\b(?:probably|possibly|may have|might have|likely|apparently)\b", re.I)


def _death_places(unit: Unit) -> list[tuple[str, str]]:
    found = []
    for pattern, place in _DEATH_PLACES:
        match = pattern.search(unit.text)
        if match is None:
            continue
        # the clause before the verb: from the last clause break within 80 characters
        before = re.split(r"[;:]|\band\b|\bbut\b", unit.text[max(0, match.start() - 80):match.start()])[-1]
        if _PLURAL_DEAD.search(before) or _HEDGED.search(before):
            continue
        found.append(("", place))
    return found


# Homicide charges from gravest to least, as US, Canadian and UK reports name them:
# murder (any degree, capital murder), then manslaughter and the negligent or vehicular
# homicides, which reports list together ("vehicular manslaughter, criminally negligent
# homicide") and so are one grade. An attempt or intent to murder is no homicide charge.
_CHARGE_GRADES = ["murder", "manslaughter or homicide"]
_CHARGE_WORD = re.compile(r"\b(?:charged|charges?|faces|facing|face|indicted|counts?)\b", re.I)
_MURDER = re.compile(r"(?<!attempted )(?<!attempt to )(?<!intent to )(?<!commit )(?<!conspiracy to )"
                     r"\bmurder(?:s|ing|ed)?\b", re.I)
_LESSER = re.compile(r"\bmanslaughter\b|\b(?:negligent|vehicular|reckless)\s+homicide\b", re.I)
# The charge the story's own suspect faces now, not one foreseen or supposed.
_FORESEEN = re.compile(r"\b(?:expected|likely|could|may|might|would|will|if|whether|unless|seek|seeking)\b", re.I)


def _charges(unit: Unit) -> list[tuple[str, str]]:
    word = _CHARGE_WORD.search(unit.text)
    if word is None or _FORESEEN.search(unit.text[max(0, word.start() - 40):word.start()]):
        return []
    # the charge must be said in the clause of the charging word, within 90 characters
    window = unit.text[max(0, word.start() - 30):word.end() + 90]
    found = []
    if _MURDER.search(window):
        found.append(("", "murder"))
    if _LESSER.search(window):
        found.append(("", "manslaughter or homicide"))
    return found


def _gravest(values: set[str]) -> set[str]:
    return {min(values, key=_CHARGE_GRADES.index)}


# What kind of business a named company is, as an apposition gives it ("TallGrass, a
# wholesaler of natural health products"; "Tallgrass Distributors Ltd., an organic
# supplements and health product store"): who it sells to, in three trades that exclude
# each other. The company's first word is the key ("TallGrass", "Tallgrass Distributors").
_TRADES = {"wholesaler": "wholesale", "distributor": "wholesale", "retailer": "retail", "store": "retail",
           "shop": "retail", "boutique": "retail", "manufacturer": "manufacturing", "maker": "manufacturing"}
_BUSINESS = re.compile(
    r"\b(?P<company>[A-Z][\w&'-]*(?: [A-Z][\w.&'-]*)*), (?:a|an) (?:[\w-]+,? (?:and )?){0,5}?"
    r"(?P<trade>" + "|".join(_TRADES) + r")s?\b")


def _business(unit: Unit) -> list[tuple[str, str]]:
    return [(m.group("company").split()[0].lower(), _TRADES[m.group("trade")]) for m in _BUSINESS.finditer(unit.text)]


def _condition_clash(a: str, b: str) -> bool:
    return abs(_CONDITIONS.index(a) - _CONDITIONS.index(b)) >= 2


def _different(a: str, b: str) -> bool:
    return a != b


ATTRIBUTES = (
    Attribute("colour", "Colour of the", _vehicle_colours, _different, keyed=True),
    Attribute("weapon", "Weapon", _firearms, _different),
    Attribute("death", "How the victims died", _causes_of_death, _different),
    Attribute("condition", "Condition of the wounded", _conditions, _condition_clash),
    Attribute("destruction", "Destroyed", _destruction, _different, keyed=True),
    Attribute("death_place", "Where the victim died", _death_places, _different),
    Attribute("charge", "Gravest charge", _charges, _different, keep=_gravest),
    Attribute("business", "Kind of business:", _business, _different, keyed=True),
)


def _disagree(attribute: Attribute, a: set[str], b: set[str]) -> bool:
    if attribute.disagree is not None:
        return attribute.disagree(a, b)
    return all(attribute.clash(x, y) for x in a for y in b)


def _upgrade(attribute: Attribute, values: dict[str, set[str]],
             articles: dict[str, Article]) -> tuple[str | None, str | None]:
    """("update", newest article) when a ranked attribute only rose over time: every report
    of the graver value was published after every report of a lesser one (a charge
    upgraded to murder); (None, None) otherwise or without publication times."""
    if attribute.keep is None:
        return None, None
    times = {a: published_at(article) for a, article in articles.items()}
    if not all(times.values()):
        return None, None
    grave = attribute.keep(set().union(*values.values()))
    graver = [a for a in values if values[a] & grave]
    lesser = [a for a in values if not values[a] & grave]
    if graver and lesser and min(times[a] for a in graver) > max(times[a] for a in lesser):
        return "update", max(graver, key=lambda a: times[a])
    return None, None


def attribute_findings(units: list[Unit], attributes: tuple[Attribute, ...] = ATTRIBUTES) -> list[Draft]:
    """Conflicts between voices on word-valued attributes.

    Args:
        units: the story's sentence units.
        attributes: the attributes to read (all of :data:`ATTRIBUTES` unless a builder
            of its own passes others).

    Returns:
        ``conflict`` drafts (kind ``claim``), one per attribute and key on which two
        voices give only incompatible values.
    """
    drafts = []
    for attribute in attributes:
        # key -> article -> values and the units that give them
        said: dict[str, dict[str, tuple[set[str], list[int]]]] = {}
        given: dict[int, set[str]] = {}  # unit -> the values it gives
        for index, unit in enumerate(units):
            for key, value in attribute.read(unit):
                values, where = said.setdefault(key, {}).setdefault(unit.article.id, (set(), []))
                values.add(value)
                given.setdefault(index, set()).add(value)
                if index not in where:
                    where.append(index)
        if attribute.keep is not None:
            for by_article in said.values():
                for article, (values, where) in list(by_article.items()):
                    kept = attribute.keep(values)
                    by_article[article] = (kept, [i for i in where if given[i] & kept])
        for key, by_article in said.items():
            articles = list(by_article)
            clashing = set()
            for i, a in enumerate(articles):
                for b in articles[i + 1:]:
                    ua, ub = units[by_article[a][1][0]], units[by_article[b][1][0]]
                    if ua.voice == ub.voice:
                        continue
                    if _disagree(attribute, by_article[a][0], by_article[b][0]):
                        clashing |= {a, b}
            if not clashing:
                continue
            groups: dict[str, list[str]] = {}
            for article in articles:
                if article in clashing:
                    groups.setdefault(" / ".join(sorted(by_article[article][0])), []).append(article)
            label = f"{attribute.label} {key}" if attribute.keyed else attribute.label
            summary = f"{label}: " + " vs ".join(f"{value} ({', '.join(where)})" for value, where in groups.items())
            evidence = []
            for article in articles:
                if article in clashing:
                    values, where = by_article[article]
                    evidence += [evidence_of(units[i], " / ".join(sorted(values))) for i in where[:2]]
            relation, newer = _upgrade(attribute, {a: by_article[a][0] for a in clashing},
                                       {a: units[by_article[a][1][0]].article for a in clashing})
            if relation:
                summary += " — an update"
            drafts.append(Draft("conflict", "claim", summary, evidence, subject=f"attribute:{attribute.name}:{key}",
                                relation=relation, newer=newer))
    return drafts
