"""Places as facts: where in its country a named place lies, where a person lives, which
facility a person checked into.

Each is read as an :class:`~storydiff.compare.attribute_slots.Attribute` keyed by what it
is of (the place, the person) and compared by
:func:`~storydiff.compare.attribute_slots.attribute_findings`, so one article that gives
two values is compatible with either. Places nest (a neighbourhood lies in its borough,
a town in its county), so two places disagree only when nothing says one may hold the
other: the gazetteer (:mod:`storydiff.analyze.places`), the story's own "X, Y" and
"X in Y", or one name inside the other ("South Richmond Hill", "Richmond Hill").
"""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher

from storydiff.compare.align import Unit
from storydiff.compare.attribute_slots import Attribute, attribute_findings
from storydiff.compare.draft import Draft
from storydiff.model import Entity

# --- where a named place lies -------------------------------------------------------

# Compass words as unit vectors; "central" has none of its own.
_COMPASS = {
    "north": (0, 1), "northern": (0, 1), "south": (0, -1), "southern": (0, -1),
    "east": (1, 0), "eastern": (1, 0), "west": (-1, 0), "western": (-1, 0),
    "northeast": (1, 1), "northeastern": (1, 1), "northwest": (-1, 1), "northwestern": (-1, 1),
    "southeast": (1, -1), "southeastern": (1, -1), "southwest": (-1, -1), "southwestern": (-1, -1),
    "central": (0, 0),
}
_DIRECTION = r"(?i:(?:north|south)[- ]?(?:east|west)(?:ern)?|(?:north|south|east|west)(?:ern)?|central)"
_PLACE = r"[A-Z][a-z][\w'-]*(?: [A-Z][a-z][\w'-]*){0,2}"
_PLACE_KIND = r"(?:city|town|village|province|region|state|county|district|port|island|capital)"
# "the city of Bam in central Iran", "Bam in central Iran": the place, then where in the
# larger place it lies. A bare "east Vancouver" or "northeast Houston" is a part of the
# city, not where the city lies, and is not read (the findings gold's traps).
_IN_REGION = re.compile(rf"\b(?P<place>{_PLACE}),? in (?:the )?(?P<dir>{_DIRECTION})(?: part of)? {_PLACE}\b")
# "the southeastern city of Bam", "the southern town of Zarand".
_KIND_OF = re.compile(rf"\b[Tt]he (?P<dir>{_DIRECTION}) {_PLACE_KIND} of (?P<place>{_PLACE})\b")
# "the central Mount Pleasant neighbourhood", "the southern Kerman province".
_NAMED_KIND = re.compile(rf"\b[Tt]he (?P<dir>{_DIRECTION}) (?P<place>{_PLACE}) "
                         rf"(?:{_PLACE_KIND}|neighbou?rhood|suburb|area)\b")


def _direction(word: str) -> str:
    return re.sub(r"[- ]", "", word.lower())


def _regions(unit: Unit) -> list[tuple[str, str]]:
    found = []
    for pattern in (_IN_REGION, _KIND_OF, _NAMED_KIND):
        for match in pattern.finditer(unit.text):
            found.append((match.group("place"), _direction(match.group("dir"))))
    return found


def _far_apart(a: str, b: str) -> bool:
    """Two compass regions no place lies in at once: "central" and any side, or sides
    more than 90 degrees apart ("south" and "southeastern" overlap; "north" and
    "southeast" do not)."""
    (ax, ay), (bx, by) = _COMPASS.get(a, (0, 0)), _COMPASS.get(b, (0, 0))
    if (ax, ay) == (0, 0) or (bx, by) == (0, 0):
        return (ax, ay) != (bx, by)
    cosine = (ax * bx + ay * by) / (math.hypot(ax, ay) * math.hypot(bx, by))
    return cosine < -0.1  # 135 and 180 degrees apart; 90 degrees (north, east) is not


REGION = Attribute("region", "Where it lies:", _regions, _far_apart, keyed=True)

# --- where a person lives ------------------------------------------------------------

_NAME = r"[A-Z][a-z][\w'-]*(?: [A-Z]\.?)?(?: [A-Z][a-z][\w'-]*){0,2}"
_HOME = r"[A-Z][a-z][\w.'-]*(?: [A-Z][a-z][\w.'-]*){0,3}"
# "Raj K. Chohan, 59, of College Point"; "Chohan, who lived half a mile away in South
# Ozone Park"; "Banky, 40, a resident of Vancouver". "X of Y" without an age is left: a
# title's jurisdiction ("Sheriff Pickell of Genesee County") reads the same.
_RESIDENCE = re.compile(
    rf"\b(?P<name>{_NAME}), (?:\d{{1,3}}, )?(?:of|from|a resident of) (?:(?:[A-Z][\w.-]*\s?)+'s )?(?P<home>{_HOME})\b"
    rf"|\b(?P<name2>{_NAME}), who (?:lived|lives|resided|resides)(?: [a-z]+){{0,4}} in (?P<home2>{_HOME})\b")
_AGE_FIRST = re.compile(r", \d{1,3}, (?:of|from)")


def _place_of(name: str) -> list:
    from storydiff.analyze import places

    return places.lookup_all(name)


def _km(a, b) -> float:
    """Great-circle distance between two places with coordinates (km)."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


# People per square km assumed to size a town from its population. Low on purpose: news
# names a suburb's people by the big city beside it ("LaSalle, 36, of Minneapolis" and
# "of Bloomington" in ECB+ 21_ecb; Bloomington lies 16 km from Minneapolis' centre), so a
# city of 400,000 is given a 16 km radius, and a place inside any radius that reaches it
# may lie in that city (Queens, 2.3 million people, 38 km). College Point (4 km) and South
# Ozone Park (7 km), 13.5 km apart, stay two places (the findings gold's conflict).
DENSITY_PER_KM2 = 500


def _radius_km(place) -> float:
    return math.sqrt(max(place.population, 1) / (math.pi * DENSITY_PER_KM2))


def _apart(a: str, b: str, nested: set[frozenset[str]]) -> bool:
    """Two homes that cannot both be right: both known to the gazetteer, neither inside
    the other by name, by the story's own words or by distance."""
    la, lb = a.lower(), b.lower()
    if la in lb or lb in la or frozenset((la, lb)) in nested:
        return False
    if SequenceMatcher(None, la, lb).ratio() >= SAME_SPELLING:
        return False
    pa, pb = _place_of(a), _place_of(b)
    if not pa or not pb:
        return False  # an unknown place may be a part of the other (a township, a street)
    for x in pa:
        for y in pb:
            if x.kind != "city" or y.kind != "city" or x.lat is None or y.lat is None:
                return False  # a state, country or region: it may hold the other
            if _km(x, y) <= max(_radius_km(x), _radius_km(y)):
                return False
    return True


# Difflib ratio at or above which two names are one spelt two ways ("Schnectady" and
# "Schenectady" 0.95, "Karavan" and "Karvan" 0.92 in the findings gold; different towns
# there, "College Point" and "South Ozone Park", 0.21).
SAME_SPELLING = 0.8


def _nested_pairs(units: list[Unit]) -> set[frozenset[str]]:
    """Pairs of place names the story writes as one inside the other: "South Ozone Park,
    Queens", "Bruce Township in Macomb County", "Macomb County's Bruce Township"."""
    pairs = set()
    for unit in units:
        for match in re.finditer(rf"({_HOME})(?:,| in|'s) ({_HOME})", unit.text):
            pairs.add(frozenset((match.group(1).lower(), match.group(2).lower())))
    return pairs


_SUFFIX = re.compile(r"(?:,? (?:Jr|Sr|II|III|IV)\.?)$")


def _surname(name: str) -> str:
    return _SUFFIX.sub("", name.strip()).split()[-1].strip(".,").lower()


class _People:
    """Person names as written -> the person they name: the surname ("Chohan", "Raj K.
    Chohan"), which the named-entity tagger does not always mark as a person, unless
    two resolved people share it ("Ravi Singh", "Manpreet Singh"); then the resolved
    person whose name or alias is written, or none."""

    def __init__(self, entities: list[Entity]):
        self.by_name: dict[str, set[str]] = {}
        self.by_surname: dict[str, set[str]] = {}
        self.label: dict[str, str] = {}
        for entity in entities:
            if entity.type != "PERSON" or not entity.name.strip():
                continue
            self.label[entity.id] = entity.name
            self.by_surname.setdefault(_surname(entity.name), set()).add(entity.id)
            for name in {entity.name, *entity.aliases}:
                self.by_name.setdefault(name.lower(), set()).add(entity.id)

    def key(self, name: str) -> str | None:
        surname = _surname(name)
        if len(self.by_surname.get(surname, ())) <= 1:
            return surname.title()
        ids = self.by_name.get(name.lower(), set())
        return self.label[next(iter(ids))] if len(ids) == 1 else None


def _residence(people: _People, nested: set[frozenset[str]]) -> Attribute:
    def read(unit: Unit) -> list[tuple[str, str]]:
        found = []
        for match in _RESIDENCE.finditer(unit.text):
            name = match.group("name") or match.group("name2")
            home = (match.group("home") or match.group("home2")).rstrip(".")
            if match.group("name") and not _AGE_FIRST.search(match.group(0)) and "resident" not in match.group(0):
                continue
            key = people.key(name.split(", ")[0])
            if key is not None:
                found.append((key, home))
        return found

    return Attribute("home", "Where lives:", read, lambda a, b: _apart(a, b, nested), keyed=True)

# --- which facility a person checked into -----------------------------------------------

_FACILITY = r"[A-Z][\w'&-]*(?: [A-Z][\w'&-]*)*"
# "Lohan has checked into the Betty Ford Center in Rancho Mirage", "had checked into
# Morningside Recovery in Newport Beach", "has checked into rehab in Newport Beach".
_CHECKED_INTO = re.compile(
    rf"\b(?P<name>{_NAME})(?:, \d{{1,3}},)? (?:has |had |have |was |finally )?(?:checked|checks|admitted) (?:herself |himself )?"
    rf"(?:in ?to|in at|at) (?:the |a |an )?(?:(?P<facility>{_FACILITY})|[a-z -]{{1,40}}?)"
    rf"(?:,? in (?P<town>{_HOME}))?(?=[\s.,;]|$)")


# A day or month written after the name ("Morningside Recovery Center Thursday morning").
_WHEN = re.compile(r"(?: (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
                   r"May|June|July|August|September|October|November|December))+$")


def _stay(people: _People) -> Attribute:
    def read(unit: Unit) -> list[tuple[str, str]]:
        found = []
        for match in _CHECKED_INTO.finditer(unit.text):
            key = people.key(match.group("name"))
            if key is None:
                continue
            facility = match.group("facility")
            if facility:
                # "California's Betty Ford Center" is the Betty Ford Center; "a Southern
                # California rehab facility" names where it is, not which
                facility = _WHEN.sub("", re.sub(r"^.*'s ", "", facility))
                kind = "town" if _place_of(re.sub(r"^(?i:north|south|east|west)\w* ", "", facility)) else "facility"
                found.append((key, f"{kind}: {facility}"))
            if match.group("town"):
                found.append((key, "town: " + match.group("town").rstrip(".")))
        return found

    return Attribute("stay", "Where checked in:", read, _other_stay, keyed=True, disagree=_stays_disagree)


def _other_stay(a: str, b: str) -> bool:
    kind_a, name_a = a.split(": ", 1)
    kind_b, name_b = b.split(": ", 1)
    if kind_a != kind_b:
        return True
    if kind_a == "town":
        return _apart(name_a, name_b, set())
    # one facility named two ways ("the Betty Ford Center", "the Betty Ford Treatment
    # Center", "Betty Ford Clinic") shares a word beyond what kind of place it is
    return not (_distinctive(name_a) & _distinctive(name_b))


# Words that say what kind of facility it is, not which one.
_GENERIC = frozenset("""center centre clinic hospital recovery treatment rehab rehabilitation facility
    institute medical health house home unit the of and""".split())


def _distinctive(name: str) -> set[str]:
    name = re.sub(r"^.*'s ", "", name)  # "California's Betty Ford Center"
    return {w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in _GENERIC}


def _stays_disagree(a: set[str], b: set[str]) -> bool:
    """Two reports of where a person checked in disagree when, for every kind of place
    both give (the facility, the town), no value of one is a value of the other; a
    facility beside a town alone says nothing (the town may hold it)."""
    shared = {v.split(": ")[0] for v in a} & {v.split(": ")[0] for v in b}
    if not shared:
        return False
    return all(_other_stay(x, y) for x in a for y in b)


# --- where people hid -------------------------------------------------------------------

# Rooms of one building, each a different answer to "where were they hiding"; a house or
# a bathtub is a whole or a part of one ("hiding in a house a few doors away", "hiding in
# a bathtub": one hiding place, ECB+ 16) and is not read.
_ROOMS = ("office", "closet", "bathroom", "restroom", "room", "basement", "attic", "garage", "kitchen",
          "bedroom", "storeroom", "stairwell", "vault", "cooler", "freezer", "lounge", "classroom",
          "cafeteria", "hallway", "elevator", "warehouse")
_HIDING = re.compile(r"\b(?:hid|hiding|hidden|locked (?:themselves|herself|himself)|barricaded "
                     r"(?:themselves|herself|himself))(?: inside)? in (?:a|an|the) (?:[\w-]+ ){0,2}?"
                     r"(?P<room>" + "|".join(_ROOMS) + r")\b")
# Who hid: several people ("seven other workers were hiding", "people who had locked
# themselves in") or one (the gunman "hid in a second-floor office"); the two are told apart
# so a gunman's hiding place never meets the hostages'.
_SEVERAL = re.compile(r"\b(?:were|they|themselves|people|workers|co-workers|employees|students|others|"
                      r"two|three|four|five|six|seven|eight|nine|ten|dozen)\b", re.I)


def _hiding(unit: Unit) -> list[tuple[str, str]]:
    found = []
    for match in _HIDING.finditer(unit.text):
        before = unit.text[max(0, match.start() - 40):match.end()]
        found.append(("several" if _SEVERAL.search(before) else "one", match.group("room")))
    return found


HIDING = Attribute("hiding", "Where they hid:", _hiding, lambda a, b: a != b, keyed=True)


def place_findings(units: list[Unit], entities: list[Entity]) -> list[Draft]:
    """Conflicts over where a named place lies, where a person lives and which facility a
    person checked into.

    Args:
        units: the story's sentence units.
        entities: the story's resolved entities (people are the keys).

    Returns:
        ``conflict`` drafts (kind ``claim``).
    """
    people = _People(entities)
    nested = _nested_pairs(units)
    return attribute_findings(units, (REGION, _residence(people, nested), _stay(people), HIDING))
